import { Worker } from 'node:worker_threads';

/**
 * How often the worker checkpoints; with nothing new in the WAL a checkpoint does no I/O. Often
 * enough that under load the WAL is mostly copied before the connection's own safety-net
 * checkpoint (WAL_AUTOCHECKPOINT_PAGES) comes due, which then has little left to do on the event
 * loop; and each checkpoint syncs the WAL, so it also bounds what an OS crash can take.
 */
export const WAL_CHECKPOINT_INTERVAL_MS = 20;

/**
 * Moves WAL checkpoints off the event loop. The main connection keeps an auto-checkpoint
 * (WAL_AUTOCHECKPOINT_PAGES) as a safety net, so the WAL cannot grow without bound if the worker
 * stops; the worker checkpoints far earlier and more often, and then the main connection's
 * checkpoints find little left to copy. Start it only once the file is in WAL mode.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  /** Settles when the worker thread has ended (after `close`, or if it failed). */
  readonly exited: Promise<void>;
  #closing = false;

  /** `onLost` runs if the worker ends without `close()` (it failed): checkpoints are then the connection's again. */
  constructor(path: string, intervalMs = WAL_CHECKPOINT_INTERVAL_MS, onLost: () => void = () => {}) {
    this.#worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: { path, intervalMs } });
    // Never keeps the process alive, and a failing worker only loses the optimisation.
    this.#worker.unref();
    this.#worker.on('error', () => {});
    this.exited = new Promise((resolve) =>
      this.#worker.once('exit', () => {
        if (!this.#closing) onLost();
        resolve();
      }),
    );
  }

  /**
   * Asks the worker to close its connection and end; settles when it has (at most one checkpoint
   * later). Until then the worker holds the process open, even if nobody waits.
   */
  close(): Promise<void> {
    this.#closing = true;
    this.#worker.ref();
    this.#worker.postMessage('close');
    return this.exited;
  }
}
