import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createStore } from '../../src/store/create-store.js';
import { WalCheckpointer } from '../../src/store/sqlite/wal-checkpointer.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('WalCheckpointer (SQLite WAL checkpoints in a worker thread)', () => {
  const dir = suiteTempDir('wal-checkpointer');

  /** Rows found in the main database file alone, i.e. what has been checkpointed out of the WAL. */
  function rowsInMainFile(path: string, copy: string): number {
    copyFileSync(path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      const table = db.prepare("select 1 from sqlite_master where name = 't'").get();
      return table ? (db.prepare('select count(*) as n from t').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('copies committed WAL frames into the database file while the writer keeps its connection', async () => {
    const path = join(dir(), 'a.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Only the worker checkpoints here, so what reaches the main file is its doing.
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table t (id integer primary key, v text)');
    const insert = db.prepare('insert into t (v) values (?)');
    for (let i = 0; i < 100; i++) insert.run(`row ${i}`);
    assert.equal(rowsInMainFile(path, join(dir(), 'a-copy-1.db')), 0, 'nothing checkpointed yet');

    const checkpointer = new WalCheckpointer(path, 20);
    try {
      await until(() => rowsInMainFile(path, join(dir(), 'a-copy-2.db')) === 100, 'the first 100 rows in the main file');
      // The writer goes on meanwhile, and later commits are checkpointed too.
      for (let i = 0; i < 50; i++) insert.run(`more ${i}`);
      await until(() => rowsInMainFile(path, join(dir(), 'a-copy-3.db')) === 150, 'all 150 rows in the main file');
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('close() ends the worker thread, and is not reported as a lost worker', async () => {
    const path = join(dir(), 'b.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    let lost = false;
    const checkpointer = new WalCheckpointer(path, 20, () => (lost = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await checkpointer.close();
    db.close();
    assert.equal(lost, false);
  });

  it('a worker that fails is reported, so the connection can checkpoint on its own again', async () => {
    let lost = false;
    // The worker cannot open a file that does not exist, and ends.
    const checkpointer = new WalCheckpointer(join(dir(), 'missing', 'nothing.db'), 20, () => (lost = true));
    // The worker does not keep the process alive; this timer does, until it has ended.
    const keepAlive = setTimeout(() => {}, 10_000);
    try {
      await checkpointer.exited;
    } finally {
      clearTimeout(keepAlive);
    }
    assert.equal(lost, true);
  });

  it("a SQLite store's close() returns only once its checkpoint worker has ended", async () => {
    // Otherwise the worker may still create or delete the -wal/-shm files while a caller removes
    // the directory (a test's temp dir failed with ENOTEMPTY that way).
    const openBefore = process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;
    for (let round = 0; round < 3; round++) {
      const store = await createStore(`file:${join(dir(), `store-${round}.db`)}`);
      await store.ping();
      await store.close();
      const open = process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;
      assert.equal(open, openBefore, 'the worker is still running after close()');
    }
  });
});
