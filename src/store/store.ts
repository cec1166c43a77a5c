/**
 * The store port: what services need from persistence, independent of the SQL dialect.
 *
 * Every state change is a conditional update (`WHERE state IN (...)`) that returns the new row, or
 * null when the precondition no longer holds, so two instances applying the same change race
 * safely: exactly one of them sees a row back. Amounts are integer fen; times are ISO-8601 UTC
 * strings (`new Date().toISOString()`); repayment dates are `YYYY-MM-DD` (Beijing calendar).
 */
import type { ContractState, DeductOrderState, ReservationState } from '../domain/states.js';

export interface ContractRecord {
  outContractCode: string;
  /** Null until WeChat Pay reports the signing (a presigned contract has none yet). */
  contractId: string | null;
  planId: string;
  appid: string | null;
  openid: string | null;
  /** Already masked, as WeChat Pay shows it. */
  displayName: string;
  state: ContractState;
  repaymentAmountLimit: number;
  repaymentDay: number | null;
  signedAt: string | null;
  terminatedAt: string | null;
  terminationMode: string | null;
  terminationRemark: string | null;
  /** Increases by one with every stored change; subscribers use it to drop stale events. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What WeChat Pay says a contract is now (from a callback or a query). A null field is one WeChat
 * Pay left out (its JSON never carries null, §6.1; openid, appid, repayment_day and the times are
 * optional in §3.3/§3.4/§5.3): it says nothing about the field, so the stored value stays.
 */
export type ContractSnapshot = Omit<ContractRecord, 'version' | 'createdAt' | 'updatedAt' | 'contractId'> & {
  contractId: string;
};

export interface ReservationRecord {
  outRecordId: string;
  contractId: string;
  appid: string;
  openid: string;
  subMchid: string;
  subAppid: string | null;
  repaymentAmount: number;
  minRepaymentAmount: number | null;
  repaymentDate: string;
  state: ReservationState;
  /**
   * When WeChat Pay definitively refused our resubmission (sent after a query found nothing). The
   * reservation stays UNKNOWN and is only queried from then on, never sent again. Null otherwise.
   */
  resubmissionRefusedAt: string | null;
  /**
   * When the reservation was last claimed for resubmission (`claimResubmission`). While it is null
   * only the first create can have been sent, so that create's refusal may delete the intent.
   */
  resubmittedAt: string | null;
  /** The subject of the token that asked for it (staff or the borrower); null before migration 0010. */
  requestedBy: string | null;
  /** How many times the poller has asked WeChat Pay about this reservation. */
  pollAttempts: number;
  /** When the poller should next look at it; null once SCHEDULED, or once polling stopped. */
  nextPollAt: string | null;
  /** Why the poller's last look did not settle it. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewReservation = Omit<
  ReservationRecord,
  'state' | 'resubmissionRefusedAt' | 'resubmittedAt' | 'requestedBy' | 'pollAttempts' | 'nextPollAt' | 'lastError' | 'createdAt' | 'updatedAt'
> &
  Partial<Pick<ReservationRecord, 'requestedBy'>>;

/** The poller's bookkeeping on a reservation (not a state change). */
export type ReservationPollPatch = Pick<ReservationRecord, 'nextPollAt' | 'pollAttempts' | 'lastError'>;

export interface DeductOrderRecord {
  outTradeNo: string;
  contractId: string;
  outRecordId: string;
  deductAmount: number;
  description: string;
  attach: string | null;
  notifyUrl: string;
  appid: string | null;
  subAppid: string | null;
  openid: string | null;
  state: DeductOrderState;
  paySuccessAmount: number | null;
  transactionId: string | null;
  version: number;
  /** How many times the poller has queried WeChat Pay for this order. */
  pollAttempts: number;
  /** When the poller should next look at this order; null once the order is final. */
  nextPollAt: string | null;
  lastError: string | null;
  /**
   * When WeChat Pay definitively refused our resubmission (sent after a query found nothing), or
   * refused the first create after a poller had taken the order up (it may have been sent again).
   * The order stays UNKNOWN and is only queried from then on, never sent again. Null otherwise.
   */
  resubmissionRefusedAt: string | null;
  /** The subject of the token that asked for it (staff or the borrower); null before migration 0010. */
  requestedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Where a stuck report's page ended: the last row's `updatedAt` and key; the next page starts after it. */
export interface StalePosition {
  updatedAt: string;
  key: string;
}

/** An order read together with the contract and the reservation it refers to (undefined when absent). */
export interface DeductOrderWithRelations {
  order: DeductOrderRecord;
  contract: ContractRecord | undefined;
  reservation: ReservationRecord | undefined;
}

export type NewDeductOrder = Pick<
  DeductOrderRecord,
  'outTradeNo' | 'contractId' | 'outRecordId' | 'deductAmount' | 'description' | 'attach' | 'notifyUrl' | 'openid' | 'appid' | 'subAppid'
> &
  Partial<Pick<DeductOrderRecord, 'requestedBy'>>;

/**
 * Fields a state transition may set alongside the new state. Not the owner (appid, sub_appid,
 * openid): that is fixed when the intent is inserted, whatever WeChat Pay says later.
 */
export type DeductOrderPatch = Partial<
  Pick<
    DeductOrderRecord,
    | 'paySuccessAmount'
    | 'transactionId'
    | 'nextPollAt'
    | 'pollAttempts'
    | 'lastError'
    | 'resubmissionRefusedAt'
  >
>;

/** What an order must already be for WeChat Pay's view of it to apply: what we sent, echoed back. */
export type DeductOrderIdentity = Partial<Pick<DeductOrderRecord, 'contractId' | 'outRecordId' | 'deductAmount'>>;

/**
 * UNMATCHED: the callback matches no order as we hold it (an unknown out_trade_no, or one whose
 * contract, reservation, amount or final state contradicts ours); its envelope is kept to reconcile.
 */
export type NotificationOutcome = 'APPLIED' | 'NO_CHANGE' | 'UNMATCHED';

export interface NotificationRecord {
  id: string;
  eventType: string;
  createTime: string;
  receivedAt: string;
  /** out_trade_no or out_contract_code the notification concerns. */
  subject: string;
  outcome: NotificationOutcome;
  /** The envelope exactly as received; its resource is still AES-GCM encrypted. */
  envelope: string;
}

/** How staff dealt with an UNMATCHED callback: all null until they mark it reconciled. */
export interface NotificationReconciliation {
  reconciledAt: string | null;
  /** The staff member's token subject. */
  reconciledBy: string | null;
  /** What was done about it, in their words. */
  reconciliationNote: string | null;
}

/** A notification as stored: as received, and its reconciliation. */
export type StoredNotification = NotificationRecord & NotificationReconciliation;

/** An UNMATCHED callback as the staff report lists it, without its envelope. */
export type UnmatchedNotificationRecord = Omit<StoredNotification, 'envelope'>;

/** A presign we sent: the contract exists at WeChat Pay only once the user signs. */
export type NewPresignedContract = Pick<
  ContractRecord,
  'outContractCode' | 'planId' | 'appid' | 'displayName' | 'repaymentAmountLimit' | 'repaymentDay'
>;

/**
 * Keyset pagination, newest first: rows ordered by (createdAt DESC, key DESC); `after` is the
 * (createdAt, key) of the last row of the previous page. `limit` rows at most are returned.
 */
export interface PageRequest {
  limit: number;
  after?: { createdAt: string; key: string };
}

/** Every field optional; all given ones must match. Date bounds compare `createdAt`: from inclusive, to exclusive. */
export interface ContractFilter {
  states?: readonly ContractState[];
  openid?: string;
  planId?: string;
  createdFrom?: string;
  createdTo?: string;
}

export interface DeductOrderFilter {
  states?: readonly DeductOrderState[];
  openid?: string;
  contractId?: string;
  /** Orders whose contract has this plan (a join on contracts). */
  planId?: string;
  createdFrom?: string;
  createdTo?: string;
}

export interface ContractRepository {
  /** Stores a presign before WeChat Pay is called (state PENDING, no contract id). False when the code was ever used. */
  insertPresigned(contract: NewPresignedContract): Promise<boolean>;
  /** Removes a presign WeChat Pay definitively refused; only while PENDING without a contract id. */
  deletePresigned(outContractCode: string): Promise<boolean>;
  /** A page of contracts matching the filter (key = outContractCode). */
  list(filter: ContractFilter, page: PageRequest): Promise<ContractRecord[]>;
  get(outContractCode: string): Promise<ContractRecord | undefined>;
  getByContractId(contractId: string): Promise<ContractRecord | undefined>;
  /** One query for many ids (DataLoader batches); order of the result is not significant. */
  getManyByContractId(contractIds: readonly string[]): Promise<ContractRecord[]>;
  /**
   * Insert or update from WeChat Pay's view. Returns the stored row when anything changed, null
   * when the row already said exactly this (so a repeated callback publishes nothing). A
   * TERMINATED contract never goes back to EFFECTIVE. A null field keeps the stored value.
   */
  applySnapshot(snapshot: ContractSnapshot): Promise<ContractRecord | null>;
}

export interface ReservationRepository {
  get(outRecordId: string): Promise<ReservationRecord | undefined>;
  getMany(outRecordIds: readonly string[]): Promise<ReservationRecord[]>;
  listByContractIds(contractIds: readonly string[]): Promise<ReservationRecord[]>;
  /**
   * Stores the intent (state SUBMITTING), for the poller to look at from `nextPollAt` unless it is
   * settled before; without it, as an instance without a poller stored it, until `resumePolling`.
   * Returns false when the id is taken (row unchanged).
   */
  insertIntent(reservation: NewReservation, nextPollAt?: string): Promise<boolean>;
  /** Conditional move; null when the row is not in one of `from`. Moving to SCHEDULED ends its polling. */
  transition(outRecordId: string, from: readonly ReservationState[], to: ReservationState): Promise<ReservationRecord | null>;
  /**
   * Reservations in doubt (SUBMITTING, UNKNOWN) whose `nextPollAt` <= now, oldest due first, each
   * with its `nextPollAt` pushed to `leaseUntil` in the same statement, so a concurrent caller
   * (another instance) does not get the same rows.
   */
  claimDueForPoll(now: string, leaseUntil: string, limit: number): Promise<ReservationRecord[]>;
  /**
   * Poll bookkeeping, no state change (`updatedAt` stays): only while the reservation is in doubt
   * and its `nextPollAt` still holds `ifNextPollAt` (the lease its poller claimed). False otherwise.
   */
  reschedulePoll(outRecordId: string, patch: ReservationPollPatch, ifNextPollAt: string | null): Promise<boolean>;
  /**
   * Reservations in doubt that nobody polls (`nextPollAt` null: stored before reservations had a
   * poller, or by an instance without one), whose repayment date is `repaymentDateFrom` or later:
   * due at `at`. Returns how many. Also ends the polling of settled ones such an instance left
   * with a next look.
   */
  resumePolling(at: string, repaymentDateFrom: string): Promise<number>;
  /**
   * Removes an intent that WeChat Pay definitively refused; only while it is in one of `from` and,
   * with `neverResubmitted`, was never claimed for resubmission (`resubmittedAt` is null).
   */
  deleteIntent(outRecordId: string, from: readonly ReservationState[], options?: { neverResubmitted?: boolean }): Promise<boolean>;
  /**
   * UNKNOWN → SUBMITTING before sending the reservation again, setting `resubmittedAt`; null when
   * another caller moved it first or a resubmission was already refused (such a reservation is
   * only queried).
   */
  claimResubmission(outRecordId: string): Promise<ReservationRecord | null>;
  /**
   * SUBMITTING → UNKNOWN only while the row still has the `updatedAt` the caller read: null when
   * anyone moved it since (took it over, claimed it for resubmission, settled it), so a row whose
   * create is in flight again (someone else's send) is never put back in doubt.
   */
  toUnknownIfUnchanged(outRecordId: string, updatedAt: string): Promise<ReservationRecord | null>;
  /** SUBMITTING → UNKNOWN, recording that WeChat Pay refused the resubmission (at `at`). */
  refuseResubmission(outRecordId: string, at: string): Promise<ReservationRecord | null>;
  /**
   * Reservations still SUBMITTING or UNKNOWN whose last change is before `updatedBefore`, oldest
   * first (key = outRecordId), after `after` when given.
   */
  listStale(updatedBefore: string, limit: number, after?: StalePosition): Promise<ReservationRecord[]>;
}

/** The database's own "one live order per reservation" check refused an order intent. */
export class LiveOrderExistsError extends Error {
  override readonly name = 'LiveOrderExistsError';
  constructor(readonly outRecordId: string, options?: ErrorOptions) {
    super(`reservation ${outRecordId} already has a live deduct order`, options);
  }
}

export interface DeductOrderRepository {
  get(outTradeNo: string): Promise<DeductOrderRecord | undefined>;
  getMany(outTradeNos: readonly string[]): Promise<DeductOrderRecord[]>;
  /** `getMany` with each order's contract and reservation, in one statement (one snapshot). */
  getManyWithRelations(outTradeNos: readonly string[]): Promise<DeductOrderWithRelations[]>;
  listByContractIds(contractIds: readonly string[]): Promise<DeductOrderRecord[]>;
  listByOutRecordIds(outRecordIds: readonly string[]): Promise<DeductOrderRecord[]>;
  /**
   * Stores the intent (state SUBMITTING, version 1) and returns it; null when the id is taken.
   * Throws LiveOrderExistsError when the reservation already has an order that is not PAY_FAIL.
   */
  insertIntent(order: NewDeductOrder, nextPollAt: string): Promise<DeductOrderRecord | null>;
  /**
   * Conditional state change: applies only while the row's state is in `from` and its fields hold
   * what `expect` gives; bumps `version` and `updatedAt`. Returns the new row, or null when the
   * precondition did not hold.
   */
  transition(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    to: DeductOrderState,
    patch?: DeductOrderPatch,
    expect?: DeductOrderIdentity,
  ): Promise<DeductOrderRecord | null>;
  /**
   * A PAY_SUCCESS order's payment details learnt after its state (a query answer may leave them
   * out, the callback carries them): fills only what is still null, bumps `version`. Returns the
   * new row, or null when there was nothing to fill.
   */
  fillPaymentDetails(outTradeNo: string, details: Pick<DeductOrderRecord, 'paySuccessAmount' | 'transactionId'>): Promise<DeductOrderRecord | null>;
  /**
   * Orders WeChat Pay holds open (PENDING, NOT_PAY) that nobody polls any more (`nextPollAt`
   * null), whose reservation's repayment date is `repaymentDateFrom` or later: due at `at` again.
   * Returns how many.
   */
  resumePolling(at: string, repaymentDateFrom: string): Promise<number>;
  /**
   * Poll bookkeeping that is not a state change (no version bump); only while state is in `from`
   * and, when `ifNextPollAt` is given, `nextPollAt` still holds that value (a claim: of several
   * callers that read the same row, one wins).
   */
  reschedulePoll(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    patch: Pick<DeductOrderPatch, 'nextPollAt' | 'pollAttempts' | 'lastError' | 'resubmissionRefusedAt'>,
    ifNextPollAt?: string | null,
  ): Promise<boolean>;
  /**
   * Orders whose `nextPollAt` <= now and whose state is not final, oldest due first. Each returned
   * row has had its `nextPollAt` pushed to `leaseUntil` in the same statement, so a concurrent
   * caller (another instance) does not get the same rows.
   */
  claimDueForPoll(now: string, leaseUntil: string, limit: number): Promise<DeductOrderRecord[]>;
  /**
   * Removes an intent that WeChat Pay definitively refused; only while it is in one of `from` and,
   * when `untouched` is given, still holds its `version`, `pollAttempts` and `nextPollAt`: a row a
   * poller has claimed since (its lease moves `nextPollAt`, a resubmission sets `pollAttempts`) is
   * kept, since the same out_trade_no may have been sent again.
   */
  deleteIntent(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    untouched?: Pick<DeductOrderRecord, 'version' | 'pollAttempts' | 'nextPollAt'>,
  ): Promise<boolean>;
  /** A page of orders matching the filter (key = outTradeNo). */
  list(filter: DeductOrderFilter, page: PageRequest): Promise<DeductOrderRecord[]>;
  /**
   * Orders not final whose last change is older than `updatedBefore`, oldest first (key =
   * outTradeNo), after `after` when given (stuck-order report).
   */
  listStale(updatedBefore: string, limit: number, after?: StalePosition): Promise<DeductOrderRecord[]>;
}

export interface NotificationRepository {
  /** Records a received notification once. Returns false when its id was already recorded. */
  recordOnce(notification: NotificationRecord): Promise<boolean>;
  get(id: string): Promise<StoredNotification | undefined>;
  /**
   * Callbacks stored UNMATCHED (an order we do not hold, or one that contradicts ours), newest
   * first (received_at, then id), without their envelopes; `before` pages back past that one.
   * The ones not yet reconciled, or with `reconciled`, the ones that were.
   */
  listUnmatched(limit: number, before?: { receivedAt: string; id: string }, reconciled?: boolean): Promise<UnmatchedNotificationRecord[]>;
  /**
   * Marks an UNMATCHED callback reconciled, once: null when there is no such callback, it was not
   * UNMATCHED, or it was reconciled already (the first mark stands).
   */
  markReconciled(
    id: string,
    reconciliation: { reconciledAt: string; reconciledBy: string; reconciliationNote: string },
  ): Promise<UnmatchedNotificationRecord | null>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly contracts: ContractRepository;
  readonly reservations: ReservationRepository;
  readonly deductOrders: DeductOrderRepository;
  readonly notifications: NotificationRepository;
  /** Runs `work` in one database transaction; the store it gets sees and writes inside it. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Number of SQL statements executed so far (tests count them to prove batching). */
  statementCount(): number;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
