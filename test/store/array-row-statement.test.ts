import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ArrayRowStatement } from '../../src/store/sqlite/array-row-statement.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('ArrayRowStatement (rows read as arrays, built by a compiled function)', () => {
  const dir = suiteTempDir('array-row-statement');

  function open(): Database.Database {
    const db = new Database(join(dir(), `${Math.random().toString(36).slice(2)}.db`));
    db.exec(`create table a (id integer primary key, name text, amount integer, data blob, note text);
             create table b (id integer primary key, a_id integer, name text);
             insert into a values (1, '张三', 9007199254740991, x'00ff', null), (2, 'x"y\\z', -5, null, '');
             insert into b values (10, 1, 'b-one'), (11, 2, 'b-two');`);
    return db;
  }

  /** Rows, key order included, exactly as better-sqlite3 returns them itself. */
  function assertSameRows(db: Database.Database, sql: string, parameters: unknown[] = []): void {
    const own = db.prepare(sql).all(parameters);
    const ours = new ArrayRowStatement(db.prepare(sql)).all(parameters);
    assert.deepEqual(ours, own);
    assert.deepEqual(ours.map((row) => Object.keys(row as object)), own.map((row) => Object.keys(row as object)));
  }

  it('gives the rows better-sqlite3 gives: types, nulls, blobs, odd names, shared names, no rows', () => {
    const db = open();
    try {
      assertSameRows(db, 'select * from a order by id');
      assertSameRows(db, 'select id as "we\'ird ""name""", name as "1", amount as "constructor" from a where id = ?', [2]);
      // Two columns named `id` and two named `name`: the later one wins, as in better-sqlite3.
      assertSameRows(db, 'select * from a join b on b.a_id = a.id order by a.id');
      assertSameRows(db, 'select * from a where id = ?', [99]);
      assertSameRows(db, 'select 1 as "__proto__", 2 as other');
      const row = new ArrayRowStatement(db.prepare('select 1 as "__proto__"')).all([])[0] as object;
      assert.equal(Object.getPrototypeOf(row), Object.prototype, 'a column named __proto__ is an own property');
    } finally {
      db.close();
    }
  });

  it('runs writers and RETURNING statements like better-sqlite3', () => {
    const db = open();
    try {
      const insert = new ArrayRowStatement(db.prepare('insert into b (a_id, name) values (?, ?)'));
      assert.equal(insert.reader, false);
      assert.deepEqual(insert.run([1, 'b-three']), { changes: 1, lastInsertRowid: 12 });
      const returning = new ArrayRowStatement(db.prepare('insert into b (a_id, name) values (?, ?) returning id, name'));
      assert.equal(returning.reader, true);
      assert.deepEqual(returning.all([2, 'b-four']), [{ id: 13, name: 'b-four' }]);
    } finally {
      db.close();
    }
  });

  it('iterates row objects and frees the statement when the iteration is closed, even before the first row', () => {
    const db = open();
    try {
      const statement = new ArrayRowStatement(db.prepare('select id, name from b order by id'));
      assert.deepEqual([...statement.iterate([])], [
        { id: 10, name: 'b-one' },
        { id: 11, name: 'b-two' },
      ]);
      const unstarted = statement.iterate([]);
      assert.equal(statement.busy, true);
      unstarted.return?.();
      assert.equal(statement.busy, false);
      const started = statement.iterate([]);
      assert.deepEqual(started.next().value, { id: 10, name: 'b-one' });
      started.return?.();
      assert.equal(statement.busy, false);
    } finally {
      db.close();
    }
  });
});
