import type { Database } from 'better-sqlite3';

/** Busy writers wait this long for SQLite's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * WAL pages (4 KB each) after which a COMMIT checkpoints on the connection itself. The checkpoint
 * worker (wal-checkpointer.ts) normally does it off the event loop; this is the safety net if the
 * worker falls behind or stops. SQLite's default of 1,000 was reached every ~30 ms under a burst
 * of callbacks (about 5 pages each), so the event loop checkpointed, fsyncs included, far more
 * often than the worker.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** SQLite's own default, which the connection returns to if the checkpoint worker is lost. */
export const DEFAULT_WAL_AUTOCHECKPOINT_PAGES = 1_000;

/**
 * When a COMMIT is on disk.
 * - OFF_LOOP (the default): before anything committed is acknowledged (a callback's 204, an order
 *   intent before it is sent), so it survives a power loss, as with FULL. SQLite runs with
 *   synchronous=NORMAL and the store flushes the WAL itself on libuv's thread pool (WalSync), one
 *   flush shared by every commit waiting for it, instead of inside each COMMIT on the event loop.
 * - FULL: SQLite's own: the WAL is fsynced inside COMMIT, on the event loop.
 * - NORMAL: a COMMIT survives a crash of the process (it is in the OS's page cache) but reaches the
 *   disk only at the next checkpoint (every WAL_CHECKPOINT_INTERVAL_MS by the worker), so an OS
 *   crash or power loss can lose the last few milliseconds of acknowledged work.
 * The database is never corrupted in any of them (figure 3 of BENCHMARKS.md compares them).
 */
export type SqliteSynchronous = 'OFF_LOOP' | 'FULL' | 'NORMAL';

export const SQLITE_SYNCHRONOUS_MODES: readonly SqliteSynchronous[] = ['OFF_LOOP', 'FULL', 'NORMAL'];

/** Per-connection settings; WAL is also persisted in the file. */
export function applySqlitePragmas(database: Database, synchronous: SqliteSynchronous = 'OFF_LOOP'): void {
  // WAL lets readers run beside the one writer.
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  // Temporary tables in memory, not in temp files: every `… RETURNING` (each callback's order
  // UPDATE and envelope INSERT) collects its rows in one, and with files that cost ~25 µs a statement.
  database.pragma('temp_store = MEMORY');
  database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}
