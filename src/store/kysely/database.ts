import type { ContractRecord, DeductOrderRecord, ReservationRecord, StoredNotification } from '../store.js';

/**
 * The tables as Kysely sees them through `CamelCasePlugin`: snake_case in SQL, camelCase here,
 * so a returned row is already the port's record.
 */
export interface Database {
  contracts: ContractRecord;
  reservations: ReservationRecord;
  deductOrders: DeductOrderRecord;
  notifications: StoredNotification;
}
