import type { Durability } from '../dialect-connection.js';

/**
 * The repository, except that a method that committed a write on its own (a statement outside a
 * transaction: SQLite's autocommit) returns only once that write is on disk (`Durability.flush`):
 * an order intent is on disk before it is sent to WeChat Pay. Methods that only read return as
 * they did. It wraps every method, so a write method added later cannot be missed; a concurrent
 * caller's write in between can only cost one extra flush, never a missing one. Transactions
 * flush in group commit instead.
 */
export function flushingWrites<R extends object>(repository: R, durability: Durability): R {
  const wrapped = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(repository, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(property);
      if (!method) {
        method = async (...args: unknown[]) => {
          const before = durability.autocommitWrites();
          const result: unknown = await value.apply(target, args);
          if (durability.autocommitWrites() !== before) await durability.flush();
          return result;
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
