import type { ContractRecord, ReservationRecord } from '../store.js';

/** `true` only when `L` names every key of `T`, so a record that gains a field breaks the build until its list does too. */
type Complete<T, L extends readonly (keyof T)[]> = [Exclude<keyof T, L[number]>] extends [never] ? true : false;

/** Every column of `contracts`, as its record's keys (for joins, which must name the columns they alias). */
export const CONTRACT_COLUMNS = [
  'outContractCode',
  'contractId',
  'planId',
  'appid',
  'openid',
  'displayName',
  'state',
  'repaymentAmountLimit',
  'repaymentDay',
  'signedAt',
  'terminatedAt',
  'terminationMode',
  'terminationRemark',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ContractRecord)[];
const contractColumnsComplete: Complete<ContractRecord, typeof CONTRACT_COLUMNS> = true;

/** Every column of `reservations`, as its record's keys. */
export const RESERVATION_COLUMNS = [
  'outRecordId',
  'contractId',
  'appid',
  'openid',
  'subMchid',
  'subAppid',
  'repaymentAmount',
  'minRepaymentAmount',
  'repaymentDate',
  'state',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ReservationRecord)[];
const reservationColumnsComplete: Complete<ReservationRecord, typeof RESERVATION_COLUMNS> = true;

void contractColumnsComplete;
void reservationColumnsComplete;
