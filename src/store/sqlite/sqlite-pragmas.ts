import type { Database } from 'better-sqlite3';

/** Busy writers wait this long for SQLite's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** Per-connection settings; WAL is also persisted in the file. */
export function applySqlitePragmas(database: Database): void {
  // WAL lets readers run beside the one writer; NORMAL sync is safe (durable at checkpoint) in WAL.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  // Temporary tables in memory, not in temp files: every `… RETURNING` (each callback's order
  // UPDATE and envelope INSERT) collects its rows in one, and with files that cost ~25 µs a statement.
  database.pragma('temp_store = MEMORY');
}
