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
 * When a COMMIT is on disk. FULL: at the COMMIT itself (the WAL is fsynced), so an acknowledged
 * callback or a stored order intent survives a power loss. NORMAL: a COMMIT survives a crash of
 * the process (it is in the OS's page cache) but reaches the disk only at the next checkpoint
 * (every WAL_CHECKPOINT_INTERVAL_MS by the worker), so an OS crash or power loss can lose the last
 * few milliseconds of acknowledged work; the database is never corrupted either way. FULL costs a
 * WAL fsync per group commit on the event loop (figure 3 of BENCHMARKS.md).
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Per-connection settings; WAL is also persisted in the file. */
export function applySqlitePragmas(database: Database, synchronous: SqliteSynchronous = 'FULL'): void {
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
