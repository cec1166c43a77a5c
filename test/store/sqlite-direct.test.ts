import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { SqliteDirect } from '../../src/store/sqlite/sqlite-direct.js';
import { StatementCache } from '../../src/store/sqlite/statement-cache.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

/** SqliteDirect must answer exactly what Kysely's SqliteDriver answers for the same statement. */
describe('SqliteDirect', () => {
  const dir = suiteTempDir('sqlite-direct');

  function open() {
    const raw = new Database(join(dir(), `${Math.random().toString(36).slice(2)}.db`));
    raw.exec('create table t (id integer primary key, name text not null unique, amount integer)');
    const statements = new StatementCache(raw);
    const observed: string[] = [];
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: statements }) });
    const direct = new SqliteDirect(statements, raw, (sql) => observed.push(sql));
    return { raw, db, direct, observed };
  }

  it('returns the same results as Kysely for reads, writes and RETURNING, on twin tables', async () => {
    const { raw, db, direct, observed } = open();
    try {
      raw.exec('create table u (id integer primary key, name text not null unique, amount integer)');
      const pairs: [string, unknown[]][] = [
        ['insert into {t} (name, amount) values (?, ?)', ['a', 100]],
        ['insert into {t} (name, amount) values (?, ?) returning id, name', ['b', 200]],
        ['insert into {t} (name, amount) values (?, ?) on conflict (name) do nothing returning id', ['a', 1]],
        ['update {t} set amount = amount + ? where name = ?', [5, 'a']],
        ['update {t} set amount = ? where name = ? returning name, amount', [7, 'b']],
        ['select id, name, amount from {t} order by id', []],
        ['select * from {t} where name = ?', ['zzz']],
        ['delete from {t} where name = ?', ['b']],
      ];
      for (const [template, parameters] of pairs) {
        const viaKysely = await db.executeQuery(CompiledQuery.raw(template.replace('{t}', 't'), parameters));
        const viaDirect = direct.run(CompiledQuery.raw(template.replace('{t}', 'u'), parameters));
        assert.deepEqual(viaDirect, viaKysely, template);
        // And the twin tables hold the same rows afterwards.
        const twin = direct.run(CompiledQuery.raw('select id, name, amount from u order by id'));
        assert.deepEqual(twin, await db.executeQuery(CompiledQuery.raw('select id, name, amount from t order by id')), template);
      }
      assert.ok(observed.includes('delete from u where name = ?'));
    } finally {
      await db.destroy();
    }
  });

  it('rejects through executeQuery (never throws synchronously) and still reports the failed statement', async () => {
    const { db, direct, observed } = open();
    try {
      direct.run(CompiledQuery.raw('insert into t (name) values (?)', ['x']));
      const promise = direct.executeQuery(CompiledQuery.raw('insert into t (name) values (?)', ['x']));
      await assert.rejects(promise, /UNIQUE/);
      assert.equal(observed.filter((sql) => sql === 'insert into t (name) values (?)').length, 2);
      assert.throws(() => direct.run(CompiledQuery.raw('selec nothing')), /syntax/);
    } finally {
      await db.destroy();
    }
  });

  it('reports whether a transaction is open', async () => {
    const { db, direct } = open();
    try {
      assert.equal(direct.inTransaction, false);
      direct.run(CompiledQuery.raw('begin'));
      assert.equal(direct.inTransaction, true);
      direct.run(CompiledQuery.raw('commit'));
      assert.equal(direct.inTransaction, false);
    } finally {
      await db.destroy();
    }
  });
});
