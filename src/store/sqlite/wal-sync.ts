import { closeSync, fdatasync, fsync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes committed SQLite transactions durable off the event loop: `sync()` resolves once the WAL
 * file has been flushed to disk (fdatasync, run on libuv's thread pool) by a flush that started
 * after the call, so everything committed before the call is on disk. Concurrent callers share
 * flushes: while one runs, every caller arriving waits for the single next one.
 *
 * This is what `synchronous=FULL` does inside COMMIT, on the event loop; with `synchronous=NORMAL`
 * SQLite writes the same WAL frames and leaves the flush to us (it still syncs at checkpoints and
 * when it starts reusing the WAL, as FULL does). The WAL is one file for the connection's life:
 * SQLite rewrites it from the start after a checkpoint instead of replacing it, and deletes it only
 * when the last connection closes.
 *
 * A failed flush fails every later one too: after an fsync error the kernel may have dropped the
 * unwritten pages, so a later success would not mean the earlier commits are on disk. Nothing is
 * acknowledged from then on; a restart recovers from what the disk holds.
 */
export class WalSync {
  readonly #walPath: string;
  #fd: number | undefined;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #failure: Error | undefined;
  #flushes = 0;

  constructor(databasePath: string) {
    this.#walPath = `${databasePath}-wal`;
  }

  /** Flushes completed so far (tests see callers share them). */
  get flushes(): number {
    return this.#flushes;
  }

  /** Resolves once everything committed before this call is on disk; rejects if it cannot be. */
  sync(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start();
    // The running flush may have started before this caller's commit: wait for the next one.
    const queued = this.#running.then(
      () => this.#next(),
      () => this.#next(),
    );
    this.#queued = queued;
    return queued;
  }

  /** Waits for the flush in progress, then closes the file. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#running, this.#queued]);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #next(): Promise<void> {
    this.#queued = undefined;
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#start();
  }

  #start(): Promise<void> {
    const running = this.#flush().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  async #flush(): Promise<void> {
    try {
      const fd = this.#fd ?? (await this.#open());
      await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      this.#flushes += 1;
    } catch (error) {
      this.#failure = new Error(`could not flush the SQLite WAL to disk (${this.#walPath}); nothing more is acknowledged until a restart`, { cause: error });
      throw this.#failure;
    }
  }

  /**
   * Opens the WAL once, and flushes its directory once, so the file itself survives a power loss
   * (a new file's directory entry is not on disk until its directory is flushed).
   */
  async #open(): Promise<number> {
    const fd = openSync(this.#walPath, 'r+');
    this.#fd = fd;
    const directory = openSync(dirname(this.#walPath), 'r');
    try {
      await new Promise<void>((resolve, reject) => fsync(directory, (error) => (error ? reject(error) : resolve())));
    } finally {
      closeSync(directory);
    }
    return fd;
  }
}
