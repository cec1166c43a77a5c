/**
 * Runs in a worker thread beside the store's connection: its own connection to the same SQLite
 * file runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`. A passive checkpoint never waits
 * for or blocks the writer; it copies committed WAL frames into the database and fsyncs (WAL
 * first, then the database, as synchronous=NORMAL does at every checkpoint). Those fsyncs used
 * to run inside a COMMIT on the event loop (20-35 ms stalls); here they run off it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const database = new Database(path, { fileMustExist: true });
// Never wait on a lock: a checkpoint that finds one busy copies what it can and is retried later.
database.pragma('busy_timeout = 0');
const checkpoint = database.prepare('pragma wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // SQLITE_BUSY and the like: the main connection's own auto-checkpoint still runs, so nothing
    // is lost by skipping a round; the next one tries again.
  }
}, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
