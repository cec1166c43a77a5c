import type { ContractRecord, ContractSnapshot, DeductOrderRecord, ReservationRecord, UnmatchedNotificationRecord } from '../store.js';

/**
 * `list` as it is, once it names every key of `T`: a record that gains a field breaks the build
 * until its list does too.
 */
function everyKeyOf<T>() {
  return <const L extends readonly (keyof T)[]>(list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : never)): L => list;
}

/** The snapshot fields, which are also the fields whose change makes a new version. */
export const CONTRACT_SNAPSHOT_FIELDS = [
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
] as const satisfies readonly (keyof ContractSnapshot)[];

/**
 * Every column of `contracts`, as its record's keys. The hot statements name their columns rather
 * than `*`: a join must, to alias them, and SQLite reads the rows of a statement that names its
 * columns as arrays (see `ArrayRowStatement`).
 */
export const CONTRACT_COLUMNS = everyKeyOf<ContractRecord>()(['outContractCode', ...CONTRACT_SNAPSHOT_FIELDS, 'version', 'createdAt', 'updatedAt']);

/** Every column of `reservations`, as its record's keys. */
export const RESERVATION_COLUMNS = everyKeyOf<ReservationRecord>()([
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
  'resubmissionRefusedAt',
  'resubmittedAt',
  'requestedBy',
  'pollAttempts',
  'nextPollAt',
  'lastError',
  'createdAt',
  'updatedAt',
]);

/** Every column of `deduct_orders`, as its record's keys. */
export const DEDUCT_ORDER_COLUMNS = everyKeyOf<DeductOrderRecord>()([
  'outTradeNo',
  'contractId',
  'outRecordId',
  'deductAmount',
  'description',
  'attach',
  'notifyUrl',
  'appid',
  'subAppid',
  'openid',
  'state',
  'paySuccessAmount',
  'transactionId',
  'version',
  'pollAttempts',
  'nextPollAt',
  'lastError',
  'resubmissionRefusedAt',
  'requestedBy',
  'createdAt',
  'updatedAt',
]);

/** Every column of `notifications` but the envelope, which stays encrypted in the table (the staff report's rows). */
export const UNMATCHED_NOTIFICATION_COLUMNS = everyKeyOf<UnmatchedNotificationRecord>()([
  'id',
  'eventType',
  'createTime',
  'receivedAt',
  'subject',
  'outcome',
  'reconciledAt',
  'reconciledBy',
  'reconciliationNote',
]);
