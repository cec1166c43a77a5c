/**
 * A Map of at most `capacity` entries that drops the least recently used first. A Map iterates in
 * insertion order, so re-inserting an entry on use keeps the least recently used one first.
 * Optionally it also keeps the entries' total weight (`weigh`, taken when an entry is set) within
 * `maxWeight`, for caches whose entries differ widely in size.
 */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #weights = new Map<K, number>();
  #totalWeight = 0;

  constructor(
    readonly capacity: number,
    private readonly weights?: { weigh: (value: V) => number; maxWeight: number },
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The sum of the kept entries' weights (0 without `weigh`). */
  get totalWeight(): number {
    return this.#totalWeight;
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

  /**
   * Keeps `value` as the most recently used (weighed again), dropping the least recently used
   * entries while over capacity or over the weight limit.
   */
  set(key: K, value: V): void {
    this.delete(key);
    this.#entries.set(key, value);
    if (this.weights) {
      const weight = this.weights.weigh(value);
      this.#weights.set(key, weight);
      this.#totalWeight += weight;
    }
    while (this.#entries.size > this.capacity || (this.weights && this.#totalWeight > this.weights.maxWeight)) {
      this.delete(this.#entries.keys().next().value!);
    }
  }

  delete(key: K): boolean {
    this.#totalWeight -= this.#weights.get(key) ?? 0;
    this.#weights.delete(key);
    return this.#entries.delete(key);
  }

  /** Removes and returns every entry, least recently used first. */
  drain(): Array<[K, V]> {
    const entries = [...this.#entries];
    this.clear();
    return entries;
  }

  clear(): void {
    this.#entries.clear();
    this.#weights.clear();
    this.#totalWeight = 0;
  }
}
