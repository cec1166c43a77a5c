/**
 * A Map of at most `capacity` entries that drops the least recently used first. A Map iterates in
 * insertion order, so re-inserting an entry on use keeps the least recently used one first.
 */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Whether `key` is kept, without touching its recency. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Keeps `value` as the most recently used, dropping the least recently used entry if full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Removes and returns every entry, least recently used first. */
  drain(): Array<[K, V]> {
    const entries = [...this.#entries];
    this.#entries.clear();
    return entries;
  }

  clear(): void {
    this.#entries.clear();
  }
}
