import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parsePostgresUrl } from '../../src/store/postgres/postgres-url.js';
import { sqlitePathFromUrl } from '../../src/store/sqlite/sqlite-url.js';
import { createStore } from '../../src/store/create-store.js';
import { storeDialectOf } from '../../src/store/database-url.js';

describe('sqlitePathFromUrl', () => {
  const cases: [string, string][] = [
    ['file:data/app.db', 'data/app.db'],
    ['file:./data/app.db', './data/app.db'],
    ['file:/var/lib/app.db', '/var/lib/app.db'],
    ['file:///var/lib/app.db', '/var/lib/app.db'],
    ['sqlite:data/app.db', 'data/app.db'],
    ['sqlite://./app.db', './app.db'],
    ['file:data/app.db?mode=rwc', 'data/app.db'],
    ['data/app.db', 'data/app.db'],
    ['/tmp/app.db', '/tmp/app.db'],
    [':memory:', ':memory:'],
  ];
  for (const [url, path] of cases) {
    it(`${url} → ${path}`, () => assert.equal(sqlitePathFromUrl(url), path));
  }
  it('refuses a URL without a path', () => assert.throws(() => sqlitePathFromUrl('file:'), /names no SQLite file/));
});

describe('storeDialectOf', () => {
  it('knows PostgreSQL and SQLite URLs, and no other scheme', () => {
    for (const url of ['postgres://h/db', 'POSTGRESQL://h/db']) assert.equal(storeDialectOf(url), 'postgres', url);
    for (const url of ['file:a.db', 'sqlite://./a.db', 'a.db', '/tmp/a.db', ':memory:', 'C:\\data\\x.db']) assert.equal(storeDialectOf(url), 'sqlite', url);
    for (const url of ['mysql://u:p@h/db', 'postgress://h/db', 'pg://h/db', 'postgres:/h/db']) assert.equal(storeDialectOf(url), undefined, url);
  });

  it('createStore refuses another scheme without creating a file or repeating the URL', async () => {
    const url = 'mysql://u:secretpw@db.example.com/repay';
    await assert.rejects(createStore(url), (error: Error) => /names neither PostgreSQL/.test(error.message) && !error.message.includes('secretpw'));
    assert.equal(existsSync('mysql:'), false, 'taken for a SQLite path, it would make mysql:/u:secretpw@db.example.com/');
  });
});

describe('parsePostgresUrl', () => {
  it('takes our schema parameter out and keeps the others', () => {
    assert.deepEqual(parsePostgresUrl('postgres://u:p@h:5432/db?schema=t_1&sslmode=disable'), {
      connectionString: 'postgres://u:p@h:5432/db?sslmode=disable',
      schema: 't_1',
    });
    assert.deepEqual(parsePostgresUrl('postgresql://h/db?schema=app'), { connectionString: 'postgresql://h/db', schema: 'app' });
    assert.deepEqual(parsePostgresUrl('postgres://h/db'), { connectionString: 'postgres://h/db', schema: undefined });
  });

  it('refuses a schema name that would need quoting', () => {
    assert.throws(() => parsePostgresUrl('postgres://h/db?schema=Public'), /lower-case/);
    assert.throws(() => parsePostgresUrl('postgres://h/db?schema=a;drop'), /lower-case/);
  });
});
