import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { StatementCache } from '../../src/store/sqlite/statement-cache.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('StatementCache (SQLite prepared statements)', () => {
  const dir = suiteTempDir('statement-cache');

  function open(capacity?: number): { raw: Database.Database; cache: StatementCache } {
    const raw = new Database(join(dir(), `${Math.random().toString(36).slice(2)}.db`));
    raw.exec('create table t (id integer primary key, v text)');
    return { raw, cache: new StatementCache(raw, capacity) };
  }

  it('returns the same statement for the same SQL text, and keeps reader/writer semantics', () => {
    const { cache } = open();
    try {
      const insert = cache.prepare('insert into t (v) values (?)');
      assert.equal(insert.reader, false);
      assert.equal(cache.prepare('insert into t (v) values (?)'), insert);
      insert.run(['a']);
      cache.prepare('insert into t (v) values (?)').run(['b']);
      const select = cache.prepare('select v from t order by id');
      assert.equal(select.reader, true);
      assert.deepEqual(select.all([]), [{ v: 'a' }, { v: 'b' }]);
      assert.deepEqual(cache.prepare('select v from t order by id').all([]), [{ v: 'a' }, { v: 'b' }]);
      assert.deepEqual(cache.stats(), { size: 2, hits: 3, misses: 2 });
    } finally {
      cache.close();
    }
  });

  it('evicts the least recently used statement beyond its capacity', () => {
    const { cache } = open(2);
    try {
      const a = cache.prepare('select 1');
      cache.prepare('select 2');
      assert.equal(cache.prepare('select 1'), a, 'a hit makes "select 1" the most recent');
      cache.prepare('select 3'); // evicts "select 2", the least recently used
      assert.equal(cache.has('select 1'), true);
      assert.equal(cache.has('select 2'), false);
      assert.equal(cache.has('select 3'), true);
      assert.equal(cache.stats().size, 2);
      assert.notEqual(cache.prepare('select 2'), undefined);
      assert.equal(cache.has('select 1'), false, 'now "select 1" was the least recently used');
    } finally {
      cache.close();
    }
  });

  it('never hands out a statement that is still iterating', () => {
    const { raw, cache } = open();
    try {
      raw.exec("insert into t (v) values ('x'), ('y')");
      const first = cache.prepare('select v from t order by id');
      const iterator = first.iterate([]);
      assert.deepEqual(iterator.next().value, { v: 'x' });
      const second = cache.prepare('select v from t order by id');
      assert.notEqual(second, first);
      assert.deepEqual(second.all([]), [{ v: 'x' }, { v: 'y' }]);
      iterator.return?.();
      assert.equal(cache.prepare('select v from t order by id'), first, 'once finished, the cached one is used again');
    } finally {
      cache.close();
    }
  });

  it('keeps rows right when another connection rebuilds a table under cached statements', () => {
    const { raw, cache } = open();
    const other = new Database(raw.name);
    try {
      raw.exec("insert into t (v) values ('x')");
      const star = cache.prepare('select * from t');
      const named = cache.prepare('select id, v from t');
      assert.deepEqual(star.all([]), [{ id: 1, v: 'x' }]);
      assert.deepEqual(named.all([]), [{ id: 1, v: 'x' }]);
      // The same columns in another order, and one more: SQLite re-prepares both statements.
      other.exec(`create table t2 (w text, v text, id integer primary key);
                  insert into t2 (w, v, id) select 'new', v, id from t;
                  drop table t; alter table t2 rename to t;`);
      assert.deepEqual(star.all([]), raw.prepare('select * from t').all(), 'the * stands for the new columns');
      assert.deepEqual(named.all([]), [{ id: 1, v: 'x' }], 'named columns keep their names and values');
    } finally {
      other.close();
      cache.close();
    }
  });

  it('refuses a capacity below one', () => {
    const { raw } = open();
    try {
      assert.throws(() => new StatementCache(raw, 0), RangeError);
    } finally {
      raw.close();
    }
  });
});
