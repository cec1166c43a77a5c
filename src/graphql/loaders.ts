import DataLoader from 'dataloader';
import type { ContractRecord, DeductOrderRecord, DeductOrderWithRelations, ReservationRecord, Store } from '../store/store.js';

/** Per-request loaders: each turns the lookups of one kind into one shared read (below). */
export interface Loaders {
  contractByContractId: DataLoader<string, ContractRecord | undefined>;
  reservationByOutRecordId: DataLoader<string, ReservationRecord | undefined>;
  deductOrderByOutTradeNo: DataLoader<string, DeductOrderRecord | undefined>;
  /** The order with its contract and reservation in one read; primes the three loaders above. */
  deductOrderWithRelationsByOutTradeNo: DataLoader<string, DeductOrderWithRelations | undefined>;
  reservationsByContractId: DataLoader<string, ReservationRecord[]>;
  deductOrdersByContractId: DataLoader<string, DeductOrderRecord[]>;
  deductOrdersByOutRecordId: DataLoader<string, DeductOrderRecord[]>;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | undefined)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key));
}

function groupedByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/**
 * The store's by-key reads, shared by every request of the server: the lookups that all requests
 * make in one event-loop turn become one statement per kind, run at the end of the turn
 * (setImmediate). Under load, HTTP parsing and Apollo's pipeline run for every request that
 * arrived, then one read serves them all, then their results are sent: figure 1 of BENCHMARKS.md
 * went from ~283 to ~179 µs of server CPU per request. Nothing is cached: each batch reads the
 * store as it is then, after every write its requests awaited, so a request still reads its own
 * writes. The records a batch returns may reach several requests, so they are never changed
 * (resolvers only read them); each resolver applies its own viewer's scoping.
 */
interface SharedReads {
  contractByContractId: DataLoader<string, ContractRecord | undefined>;
  reservationByOutRecordId: DataLoader<string, ReservationRecord | undefined>;
  deductOrderByOutTradeNo: DataLoader<string, DeductOrderRecord | undefined>;
  deductOrderWithRelationsByOutTradeNo: DataLoader<string, DeductOrderWithRelations | undefined>;
  reservationsByContractId: DataLoader<string, ReservationRecord[]>;
  deductOrdersByContractId: DataLoader<string, DeductOrderRecord[]>;
  deductOrdersByOutRecordId: DataLoader<string, DeductOrderRecord[]>;
}

/** Keys per shared statement: bounds one statement's size and the wait of the first request in it. */
const SHARED_READ_MAX_KEYS = 100;

const SHARED_READ_OPTIONS = {
  // A request reads what the store holds when its batch runs, never an earlier answer.
  cache: false,
  batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch),
  maxBatchSize: SHARED_READ_MAX_KEYS,
} as const;

const sharedReadsByStore = new WeakMap<Store, SharedReads>();

function sharedReadsOf(store: Store): SharedReads {
  let shared = sharedReadsByStore.get(store);
  if (!shared) {
    shared = {
      contractByContractId: new DataLoader(
        async (ids) => byKey(ids, await store.contracts.getManyByContractId(ids), (row) => row.contractId!),
        SHARED_READ_OPTIONS,
      ),
      reservationByOutRecordId: new DataLoader(
        async (ids) => byKey(ids, await store.reservations.getMany(ids), (row) => row.outRecordId),
        SHARED_READ_OPTIONS,
      ),
      deductOrderByOutTradeNo: new DataLoader(
        async (ids) => byKey(ids, await store.deductOrders.getMany(ids), (row) => row.outTradeNo),
        SHARED_READ_OPTIONS,
      ),
      deductOrderWithRelationsByOutTradeNo: new DataLoader(
        async (ids) => byKey(ids, await store.deductOrders.getManyWithRelations(ids), (row) => row.order.outTradeNo),
        SHARED_READ_OPTIONS,
      ),
      reservationsByContractId: new DataLoader(
        async (ids) => groupedByKey(ids, await store.reservations.listByContractIds(ids), (row) => row.contractId),
        SHARED_READ_OPTIONS,
      ),
      deductOrdersByContractId: new DataLoader(
        async (ids) => groupedByKey(ids, await store.deductOrders.listByContractIds(ids), (row) => row.contractId),
        SHARED_READ_OPTIONS,
      ),
      deductOrdersByOutRecordId: new DataLoader(
        async (ids) => groupedByKey(ids, await store.deductOrders.listByOutRecordIds(ids), (row) => row.outRecordId),
        SHARED_READ_OPTIONS,
      ),
    };
    sharedReadsByStore.set(store, shared);
  }
  return shared;
}

/**
 * One request's loaders (or one event's, for subscriptions): they keep what this request has read,
 * so it sees one state of each record, and read through the shared reads above.
 */
export function createLoaders(store: Store): Loaders {
  const shared = sharedReadsOf(store);
  const loaders: Loaders = {
    contractByContractId: new DataLoader((ids) => shared.contractByContractId.loadMany(ids)),
    reservationByOutRecordId: new DataLoader((ids) => shared.reservationByOutRecordId.loadMany(ids)),
    deductOrderByOutTradeNo: new DataLoader((ids) => shared.deductOrderByOutTradeNo.loadMany(ids)),
    deductOrderWithRelationsByOutTradeNo: new DataLoader(async (ids) => {
      const rows = await shared.deductOrderWithRelationsByOutTradeNo.loadMany(ids);
      for (const row of rows) {
        if (row === undefined || row instanceof Error) continue;
        const { order, contract, reservation } = row;
        loaders.deductOrderByOutTradeNo.prime(order.outTradeNo, order);
        loaders.contractByContractId.prime(order.contractId, contract);
        loaders.reservationByOutRecordId.prime(order.outRecordId, reservation);
      }
      return rows;
    }),
    reservationsByContractId: new DataLoader((ids) => shared.reservationsByContractId.loadMany(ids)),
    deductOrdersByContractId: new DataLoader((ids) => shared.deductOrdersByContractId.loadMany(ids)),
    deductOrdersByOutRecordId: new DataLoader((ids) => shared.deductOrdersByOutRecordId.loadMany(ids)),
  };
  return loaders;
}
