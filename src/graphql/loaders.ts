import DataLoader from 'dataloader';
import type { ContractRecord, DeductOrderRecord, DeductOrderWithRelations, ReservationRecord, Store } from '../store/store.js';

/** Per-request batching: each loader turns N lookups of one kind into one store query. */
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

export function createLoaders(store: Store): Loaders {
  const loaders: Loaders = {
    contractByContractId: new DataLoader(async (ids) =>
      byKey(ids, await store.contracts.getManyByContractId(ids), (row) => row.contractId!),
    ),
    reservationByOutRecordId: new DataLoader(async (ids) =>
      byKey(ids, await store.reservations.getMany(ids), (row) => row.outRecordId),
    ),
    deductOrderByOutTradeNo: new DataLoader(async (ids) =>
      byKey(ids, await store.deductOrders.getMany(ids), (row) => row.outTradeNo),
    ),
    deductOrderWithRelationsByOutTradeNo: new DataLoader(async (ids) => {
      const rows = await store.deductOrders.getManyWithRelations(ids);
      for (const { order, contract, reservation } of rows) {
        loaders.deductOrderByOutTradeNo.prime(order.outTradeNo, order);
        loaders.contractByContractId.prime(order.contractId, contract);
        loaders.reservationByOutRecordId.prime(order.outRecordId, reservation);
      }
      return byKey(ids, rows, (row) => row.order.outTradeNo);
    }),
    reservationsByContractId: new DataLoader(async (ids) =>
      groupedByKey(ids, await store.reservations.listByContractIds(ids), (row) => row.contractId),
    ),
    deductOrdersByContractId: new DataLoader(async (ids) =>
      groupedByKey(ids, await store.deductOrders.listByContractIds(ids), (row) => row.contractId),
    ),
    deductOrdersByOutRecordId: new DataLoader(async (ids) =>
      groupedByKey(ids, await store.deductOrders.listByOutRecordIds(ids), (row) => row.outRecordId),
    ),
  };
  return loaders;
}
