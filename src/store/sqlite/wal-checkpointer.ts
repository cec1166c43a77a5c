import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints; with nothing new in the WAL a checkpoint does no I/O. */
export const WAL_CHECKPOINT_INTERVAL_MS = 100;

/**
 * Moves WAL checkpoints off the event loop. The main connection keeps SQLite's default
 * auto-checkpoint (1,000 pages) as a safety net, so durability is never weaker than before: the
 * worker only checkpoints earlier and more often, and then the main connection's checkpoints find
 * little or nothing left to copy. Start it only once the file is in WAL mode.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  /** Settles when the worker thread has ended (after `close`, or if it failed). */
  readonly exited: Promise<void>;

  constructor(path: string, intervalMs = WAL_CHECKPOINT_INTERVAL_MS) {
    this.#worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: { path, intervalMs } });
    // Never keeps the process alive, and a failing worker only loses the optimisation.
    this.#worker.unref();
    this.#worker.on('error', () => {});
    this.exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
  }

  /**
   * Asks the worker to close its connection and end; settles when it has (at most one checkpoint
   * later). Until then the worker holds the process open, even if nobody waits.
   */
  close(): Promise<void> {
    this.#worker.ref();
    this.#worker.postMessage('close');
    return this.exited;
  }
}
