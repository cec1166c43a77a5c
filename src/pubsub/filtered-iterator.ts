/**
 * Yields `initial` first, then the items of `source` that pass `keep`. `return()` reaches the
 * source at once, even while a `next()` is pending (an async generator would wait for the next
 * event before running its `finally`, leaking the listener of an idle subscription).
 */
export function filteredIterator<T>(
  source: AsyncIterableIterator<T>,
  initial: readonly T[],
  keep: (item: T) => boolean,
): AsyncIterableIterator<T> {
  const pending = [...initial];
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (pending.length > 0) return { value: pending.shift()!, done: false };
      for (;;) {
        const result = await source.next();
        if (result.done || keep(result.value)) return result;
      }
    },
    async return() {
      pending.length = 0;
      return source.return ? source.return() : { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await iterator.return!();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
