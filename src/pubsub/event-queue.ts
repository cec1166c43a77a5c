/**
 * One subscription's events: a push-to-pull bridge that `for await` (or plain `next()` calls) read.
 *
 * The queue filters itself: once `start(initial, keep)` is called, `keep` runs on each pushed event
 * (and on those buffered before), so there is no extra async iterator layer per subscription.
 * Bounded, so a stalled consumer cannot grow memory without limit; for state updates only the
 * newest matter, so the oldest are dropped first. `return()` takes effect at once, even while a
 * `next()` is pending (an async generator would wait for the next event before its `finally`).
 *
 * `consume(consumer)` switches to push mode (the WebSocket adapter's): no promise per event.
 *
 * Kept small on purpose: 10,000 idle subscriptions each hold one of these; the buffer is made on
 * first use.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private buffer: T[] | undefined;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;
  private keep: ((item: T) => boolean) | undefined;
  private consumer: { push(item: T): void } | undefined;

  constructor(
    private readonly onClose: () => void,
    private readonly capacity = 1000,
  ) {}

  /**
   * Puts `initial` first and filters every event from now on, including those that arrived before
   * (subscribe first, read the current state, then start: nothing is missed in between).
   */
  start(initial: readonly T[], keep?: (item: T) => boolean): this {
    this.keep = keep;
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    for (const item of initial) this.enqueue(item);
    for (const item of buffered) this.push(item);
    return this;
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.keep && !this.keep(value)) return;
    this.enqueue(value);
  }

  /**
   * Push mode instead of `next()`: events (those buffered first) go to `consumer.push` as they
   * come, synchronously, so an idle subscription holds no pending promise.
   */
  consume(consumer: { push(item: T): void }): void {
    if (this.closed) return;
    this.consumer = consumer;
    const buffered = this.buffer;
    this.buffer = undefined;
    if (buffered) for (const item of buffered) consumer.push(item);
  }

  private enqueue(value: T): void {
    if (this.consumer) {
      this.consumer.push(value);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    const buffer = (this.buffer ??= []);
    if (buffer.length >= this.capacity) buffer.shift();
    buffer.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer && this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.buffer = undefined;
      this.keep = undefined;
      this.consumer = undefined;
      this.onClose();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = undefined;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
