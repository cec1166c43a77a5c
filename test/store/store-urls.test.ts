import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePostgresUrl } from '../../src/store/postgres/postgres-url.js';
import { sqlitePathFromUrl } from '../../src/store/sqlite/sqlite-url.js';

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
