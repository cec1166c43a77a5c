import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createStore } from '../../src/store/create-store.js';
import type { SqliteSynchronous } from '../../src/store/sqlite/sqlite-pragmas.js';
import { WalSync } from '../../src/store/sqlite/wal-sync.js';
import { suiteTempDir } from '../helpers/temp-dir.js';
import { newDeductOrder } from './test-setup.js';

const FUTURE = '2999-01-01T00:00:00.000Z';

/**
 * Occupies every thread of libuv's pool: each reads a FIFO that nobody writes yet, so its open()
 * blocks there. Anything else queued on the pool (the WAL flush) waits until `release()`.
 */
async function blockThreadPool(dir: string): Promise<{ release(): Promise<void> }> {
  const size = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const fifos = Array.from({ length: size }, (_, i) => join(dir, `fifo-${Date.now()}-${i}`));
  for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
  const reads = fifos.map((fifo) => readFile(fifo));
  // Let the reads reach the pool before anything else is queued.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    async release() {
      // On this thread: an async write would queue behind the blocked reads on the same pool.
      for (const fifo of fifos) writeFileSync(fifo, 'x');
      await Promise.all(reads);
    },
  };
}

/** Resolves to 'settled' or 'pending' after `ms`. */
async function stateAfter(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([promise.then(() => 'settled' as const), new Promise<'pending'>((resolve) => setTimeout(resolve, ms, 'pending'))]);
}

describe('WalSync', () => {
  const dir = suiteTempDir('wal-sync');

  function walDatabase(name: string) {
    const path = join(dir(), name);
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.exec('create table t (x)');
    return { path, database };
  }

  it('shares flushes: callers together get one, a caller during a flush gets the next one', async () => {
    const { path, database } = walDatabase('share.db');
    const sync = new WalSync(path);
    try {
      database.exec('insert into t values (1)');
      const first = sync.sync();
      // These arrive while the first flush runs: it may have started before their commits.
      database.exec('insert into t values (2)');
      const [second, third] = [sync.sync(), sync.sync()];
      assert.equal(second, third, 'one flush for both');
      await Promise.all([first, second, third]);
      assert.equal(sync.flushes, 2);
      await sync.sync();
      assert.equal(sync.flushes, 3, 'nothing running: a caller starts a flush at once');
    } finally {
      await sync.close();
      database.close();
    }
  });

  it('once a flush failed, every later one fails too', async () => {
    const sync = new WalSync(join(dir(), 'never-opened.db'));
    await assert.rejects(sync.sync(), /could not flush the SQLite WAL/);
    await assert.rejects(sync.sync(), /nothing more is acknowledged until a restart/);
    await sync.close();
  });
});

describe('a SQLite store acknowledges writes once they are on disk (OFF_LOOP)', () => {
  const dir = suiteTempDir('wal-sync-store');

  async function store(synchronous: SqliteSynchronous) {
    const opened = await createStore(`file:${join(dir(), `${synchronous}-${Date.now()}.db`)}`, { sqliteSynchronous: synchronous });
    // The WAL exists and the first flush (which also flushes the directory) is behind us.
    await opened.deductOrders.insertIntent(newDeductOrder(), FUTURE);
    return opened;
  }

  it('a write of its own and a transaction return only after the WAL flush, which runs off the event loop', async () => {
    const durable = await store('OFF_LOOP');
    const pool = await blockThreadPool(dir());
    const order = newDeductOrder();
    const intent = durable.deductOrders.insertIntent(order, FUTURE);
    const transaction = durable.transaction((inside) => inside.deductOrders.insertIntent(newDeductOrder(), FUTURE));
    try {
      assert.equal(await stateAfter(intent, 200), 'pending', 'the intent waits for its flush');
      assert.equal(await stateAfter(transaction, 0), 'pending', 'the group commit waits for its flush');
      // The event loop is free meanwhile: reads are answered, and they see the committed row.
      assert.equal((await durable.deductOrders.get(order.outTradeNo))?.state, 'SUBMITTING');
    } finally {
      await pool.release();
    }
    assert.equal((await intent)?.outTradeNo, order.outTradeNo);
    assert.ok(await transaction);
    await durable.close();
  });

  it('NORMAL does not wait for a flush', async () => {
    const relaxed = await store('NORMAL');
    const pool = await blockThreadPool(dir());
    try {
      assert.equal(await stateAfter(relaxed.deductOrders.insertIntent(newDeductOrder(), FUTURE), 200), 'settled');
    } finally {
      await pool.release();
    }
    await relaxed.close();
  });
});
