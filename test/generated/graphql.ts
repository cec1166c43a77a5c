import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** An amount of money in fen (1/100 CNY): a non-negative integer written as a string of digits, e.g. "10000" = 100.00 CNY. */
  Fen: { input: string; output: string; }
  /** A local date string (i.e., with no associated timezone) in `YYYY-MM-DD` format, e.g. `2020-01-01`. */
  LocalDate: { input: string; output: string; }
};

/** PENDING: presigned, not yet signed by the user (also what WeChat Pay’s CONTRACT_STATE_INVALID reads as); EFFECTIVE: signed; TERMINATED: final. */
export type ContractState =
  | 'EFFECTIVE'
  | 'PENDING'
  | 'TERMINATED';

/** 发起还款: a repayment (deduction) order. */
export type DeductOrder = {
  __typename?: 'DeductOrder';
  appid?: Maybe<Scalars['String']['output']>;
  attach?: Maybe<Scalars['String']['output']>;
  contract?: Maybe<RepaymentContract>;
  contractId: Scalars['String']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  deductAmount: Scalars['Fen']['output'];
  description: Scalars['String']['output'];
  /** Why the last call about this order failed, if it did. Staff only: null for a borrower. */
  lastError?: Maybe<Scalars['String']['output']>;
  openid?: Maybe<Scalars['String']['output']>;
  orderState: DeductOrderState;
  /** The reservation this order executes. */
  outRecordId: Scalars['String']['output'];
  /** Our trade number (out_trade_no). */
  outTradeNo: Scalars['String']['output'];
  /** Amount actually repaid, once paid. */
  paySuccessAmount?: Maybe<Scalars['Fen']['output']>;
  /** The subject of the token that initiated it (a staff member or the borrower); null for orders from before it was kept. Staff only: null for a borrower. */
  requestedBy?: Maybe<Scalars['String']['output']>;
  reservation?: Maybe<Reservation>;
  subAppid?: Maybe<Scalars['String']['output']>;
  /** WeChat Pay's payment number, once paid. */
  transactionId?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Increases with every stored change. */
  version: Scalars['Int']['output'];
};

/** Repayment orders, newest first. */
export type DeductOrderConnection = {
  __typename?: 'DeductOrderConnection';
  edges: Array<DeductOrderEdge>;
  pageInfo: PageInfo;
};

export type DeductOrderEdge = {
  __typename?: 'DeductOrderEdge';
  cursor: Scalars['String']['output'];
  node: DeductOrder;
};

export type DeductOrderFilter = {
  contractId?: InputMaybe<Scalars['String']['input']>;
  /** Created at or after. */
  createdFrom?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Created before. */
  createdTo?: InputMaybe<Scalars['DateTimeISO']['input']>;
  openid?: InputMaybe<Scalars['String']['input']>;
  planId?: InputMaybe<Scalars['String']['input']>;
  states?: InputMaybe<Array<DeductOrderState>>;
};

/** A repayment order's state. PENDING, NOT_PAY, PAY_SUCCESS and PAY_FAIL are WeChat Pay's; SUBMITTING and UNKNOWN are ours. */
export type DeductOrderState =
  /** Not paid yet. */
  | 'NOT_PAY'
  /** The repayment failed. Final. */
  | 'PAY_FAIL'
  /** Repaid. Final. */
  | 'PAY_SUCCESS'
  /** Accepted by WeChat Pay, being processed. */
  | 'PENDING'
  /** Stored; the request to WeChat Pay is in flight. */
  | 'SUBMITTING'
  /** WeChat Pay gave no usable answer (timeout, 5xx); being resolved by querying it. */
  | 'UNKNOWN';

/** Kind of identity document (mainland ID card). */
export type IdentityType =
  | 'ID_CARD';

/** A repayment for a scheduled reservation. The notify URL is ours, never the client’s. */
export type InitiateRepaymentInput = {
  attach?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['String']['input'];
  deductAmount: Scalars['Fen']['input'];
  description: Scalars['String']['input'];
  outRecordId: Scalars['String']['input'];
  /** Our trade number: 6–32 digits or ASCII letters. */
  outTradeNo: Scalars['String']['input'];
};

export type JumpInfoInput = {
  /** AppID to jump to after signing (H5 only). */
  jumpAppid?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** 发起还款: starts a repayment for a scheduled reservation. Idempotent on outTradeNo: the same input returns the same order. A borrower may repay only on their own contract. */
  initiateRepayment: DeductOrder;
  /** 预签约: registers a contract for signing (APP token or H5 page). The contract becomes EFFECTIVE when the user signs. */
  presignRepaymentContract: PresignResult;
  /** Marks a callback of unmatchedNotifications reconciled, with what was done about it (at most 500 characters; no personal data): it leaves the default list. Once only: NOT_FOUND for an id that is not an unmatched callback, CONFLICT when it was marked already (the first mark stands). Staff only. */
  reconcileUnmatchedNotification: UnmatchedNotification;
  /** Queries WeChat Pay for the order now (查询还款单) and stores what changed. Staff only. */
  refreshDeductOrder: DeductOrder;
  /** Reads the contract from WeChat Pay now and stores what changed. Staff only. */
  refreshRepaymentContract: RepaymentContract;
  /** Queries WeChat Pay for the reservation now (查询预约还款记录) and stores what changed. Staff only. */
  refreshReservation: Reservation;
  /** 预约还款: reserves a repayment; required before initiateRepayment. Idempotent on outRecordId. */
  scheduleRepayment: Reservation;
  /** 解除协议: terminates an EFFECTIVE contract at WeChat Pay. Staff only. */
  terminateRepaymentContract: RepaymentContract;
};


export type MutationInitiateRepaymentArgs = {
  input: InitiateRepaymentInput;
};


export type MutationPresignRepaymentContractArgs = {
  input: PresignRepaymentContractInput;
};


export type MutationReconcileUnmatchedNotificationArgs = {
  note: Scalars['String']['input'];
  notificationId: Scalars['String']['input'];
};


export type MutationRefreshDeductOrderArgs = {
  outTradeNo: Scalars['String']['input'];
};


export type MutationRefreshRepaymentContractArgs = {
  outContractCode: Scalars['String']['input'];
};


export type MutationRefreshReservationArgs = {
  contractId: Scalars['String']['input'];
  outRecordId: Scalars['String']['input'];
};


export type MutationScheduleRepaymentArgs = {
  input: ScheduleRepaymentInput;
};


export type MutationTerminateRepaymentContractArgs = {
  outContractCode: Scalars['String']['input'];
  remark: Scalars['String']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** APP: returns a presignToken for the WeChat SDK / mini-program; H5: returns a redirectUrl to the WeChat signing page. */
export type PresignFlow =
  | 'APP'
  | 'H5';

/** A presign (预签约). The contract notify URL is ours, never the client’s. */
export type PresignRepaymentContractInput = {
  /** Defaults to the configured service-provider AppID. */
  appid?: InputMaybe<Scalars['String']['input']>;
  /** The user’s name; masked by WeChat Pay’s rule (***G) unless already masked. */
  displayName: Scalars['String']['input'];
  flow: PresignFlow;
  jumpInfo?: InputMaybe<JumpInfoInput>;
  /** Our contract code: digits and letters, at most 64. Usable once, ever. */
  outContractCode: Scalars['String']['input'];
  /** Credit-repayment template id. */
  planId: Scalars['String']['input'];
  /** Required for H5, optional for APP. Sent to WeChat Pay encrypted; never stored or logged. */
  realIdentity?: InputMaybe<RealIdentityInput>;
  /** Upper limit of a single repayment. */
  repaymentAmountLimit: Scalars['Fen']['input'];
  repaymentDay?: InputMaybe<Scalars['Int']['input']>;
  subAppid?: InputMaybe<Scalars['String']['input']>;
  subMchid?: InputMaybe<Scalars['String']['input']>;
};

/** A presigned contract (PENDING until the user signs) and how to open the signing page. */
export type PresignResult = {
  __typename?: 'PresignResult';
  contract: RepaymentContract;
  /** APP flow: pass to the WeChat SDK / wx.requestAutomaticRepayment. Valid 10 minutes. */
  presignToken?: Maybe<Scalars['String']['output']>;
  /** H5 flow: open this URL to show the WeChat signing page. Valid 10 minutes. */
  redirectUrl?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** A repayment order by our trade number. */
  deductOrder?: Maybe<DeductOrder>;
  /** Repayment orders, newest first, filtered. A borrower sees only their own. */
  deductOrders: DeductOrderConnection;
  /** A signed repayment contract by its WeChat Pay contract id. */
  repaymentContract?: Maybe<RepaymentContract>;
  /** A contract by our contract code (also before it is signed). */
  repaymentContractByCode?: Maybe<RepaymentContract>;
  /** Contracts, newest first, filtered. A borrower sees only their own. */
  repaymentContracts: RepaymentContractConnection;
  /** A reservation by our record id and its contract. */
  reservation?: Maybe<Reservation>;
  /** Orders not final whose last change is older than olderThanSeconds (default 300), oldest first. `after` (a cursor) pages on. Staff only. */
  stuckDeductOrders: Array<StuckDeductOrder>;
  /** Reservations still SUBMITTING or UNKNOWN whose last change is older than olderThanSeconds (default 300), oldest first; `after` (a cursor) pages on. The poller asks WeChat Pay about each (its `lastError` says why it is still in doubt) until three days after its repayment date; refreshReservation asks now. One whose resubmission was refused stays UNKNOWN until WeChat Pay knows it. Staff only. */
  stuckReservations: Array<StuckReservation>;
  /** Callbacks stored UNMATCHED, newest first: payments WeChat Pay reported for orders we do not hold, or that contradict ours (e.g. paid after we recorded PAY_FAIL), and callbacks we could not read as sent. Money may have moved that nothing here tracks: each needs reconciling by hand. `after` (a cursor) pages back. Staff only. */
  unmatchedNotifications: Array<UnmatchedNotification>;
};


export type QueryDeductOrderArgs = {
  outTradeNo: Scalars['String']['input'];
};


export type QueryDeductOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DeductOrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRepaymentContractArgs = {
  contractId: Scalars['String']['input'];
};


export type QueryRepaymentContractByCodeArgs = {
  outContractCode: Scalars['String']['input'];
};


export type QueryRepaymentContractsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RepaymentContractFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReservationArgs = {
  contractId: Scalars['String']['input'];
  outRecordId: Scalars['String']['input'];
};


export type QueryStuckDeductOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  olderThanSeconds?: Scalars['Int']['input'];
};


export type QueryStuckReservationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  olderThanSeconds?: Scalars['Int']['input'];
};


export type QueryUnmatchedNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  reconciled?: Scalars['Boolean']['input'];
};

/** Checked by WeChat Pay against the user’s real-name record; sent encrypted, never stored or logged. */
export type RealIdentityInput = {
  identityId: Scalars['String']['input'];
  identityType: IdentityType;
  realName: Scalars['String']['input'];
};

/** 还款协议: a repayment contract a user signed in WeChat. */
export type RepaymentContract = {
  __typename?: 'RepaymentContract';
  appid?: Maybe<Scalars['String']['output']>;
  /** WeChat Pay's contract id; null until signed. */
  contractId?: Maybe<Scalars['String']['output']>;
  deductOrders: Array<DeductOrder>;
  /** Masked name as WeChat Pay shows it. */
  displayName: Scalars['String']['output'];
  openid?: Maybe<Scalars['String']['output']>;
  outContractCode: Scalars['String']['output'];
  planId: Scalars['String']['output'];
  /** Upper limit of a single repayment. */
  repaymentAmountLimit: Scalars['Fen']['output'];
  repaymentDay?: Maybe<Scalars['Int']['output']>;
  reservations: Array<Reservation>;
  signedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  state: ContractState;
  terminatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** BY_USER, BY_MERCHANT or BY_CUSTOMER_SERVICE. */
  terminationMode?: Maybe<Scalars['String']['output']>;
  terminationRemark?: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** Contracts, newest first. */
export type RepaymentContractConnection = {
  __typename?: 'RepaymentContractConnection';
  edges: Array<RepaymentContractEdge>;
  pageInfo: PageInfo;
};

export type RepaymentContractEdge = {
  __typename?: 'RepaymentContractEdge';
  cursor: Scalars['String']['output'];
  node: RepaymentContract;
};

export type RepaymentContractFilter = {
  /** Created at or after. */
  createdFrom?: InputMaybe<Scalars['DateTimeISO']['input']>;
  /** Created before. */
  createdTo?: InputMaybe<Scalars['DateTimeISO']['input']>;
  openid?: InputMaybe<Scalars['String']['input']>;
  planId?: InputMaybe<Scalars['String']['input']>;
  states?: InputMaybe<Array<ContractState>>;
};

/** 预约还款: a repayment reservation (schedule record); required before a deduction. */
export type Reservation = {
  __typename?: 'Reservation';
  appid: Scalars['String']['output'];
  contract?: Maybe<RepaymentContract>;
  contractId: Scalars['String']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  deductOrders: Array<DeductOrder>;
  /** Why the poller's last look did not settle a reservation in doubt (SUBMITTING or UNKNOWN), if it did not. Staff only: null for a borrower. */
  lastError?: Maybe<Scalars['String']['output']>;
  minRepaymentAmount?: Maybe<Scalars['Fen']['output']>;
  openid: Scalars['String']['output'];
  outRecordId: Scalars['String']['output'];
  repaymentAmount: Scalars['Fen']['output'];
  /** Repayment date, Beijing calendar. */
  repaymentDate: Scalars['LocalDate']['output'];
  /** The subject of the token that scheduled it (a staff member or the borrower); null for reservations from before it was kept. Staff only: null for a borrower. */
  requestedBy?: Maybe<Scalars['String']['output']>;
  state: ReservationState;
  subAppid?: Maybe<Scalars['String']['output']>;
  subMchid: Scalars['String']['output'];
};

/** SUBMITTING: request in flight; UNKNOWN: outcome not known yet; SCHEDULED: accepted by WeChat Pay. */
export type ReservationState =
  | 'SCHEDULED'
  | 'SUBMITTING'
  | 'UNKNOWN';

/** A reservation for a signed contract. Checked against WeChat Pay’s rules before anything is sent. */
export type ScheduleRepaymentInput = {
  contractId: Scalars['String']['input'];
  /** Required (≥ 5 %) for consumer-loan templates; optional (≥ 10 % if given) for cash-loan templates. */
  minRepaymentAmount?: InputMaybe<Scalars['Fen']['input']>;
  /** Our reservation id: digits and letters, at most 32. */
  outRecordId: Scalars['String']['input'];
  repaymentAmount: Scalars['Fen']['input'];
  /** Between tomorrow and 14 days ahead, Beijing calendar. */
  repaymentDate: Scalars['LocalDate']['input'];
  subAppid?: InputMaybe<Scalars['String']['input']>;
  subMchid: Scalars['String']['input'];
};

/** An order that is not final and has not changed for a while. */
export type StuckDeductOrder = {
  __typename?: 'StuckDeductOrder';
  /** Pass as `after` for the ones that come after this one. */
  cursor: Scalars['String']['output'];
  order: DeductOrder;
  /** Seconds since the order last changed. */
  stuckForSeconds: Scalars['Int']['output'];
};

/** A reservation still SUBMITTING or UNKNOWN that has not changed for a while. */
export type StuckReservation = {
  __typename?: 'StuckReservation';
  /** Pass as `after` for the ones that come after this one. */
  cursor: Scalars['String']['output'];
  reservation: Reservation;
  /** Seconds since the reservation last changed. */
  stuckForSeconds: Scalars['Int']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Live state of one order (outTradeNo) or of every order of a contract (contractId). Starts with the current state of the order when it exists. */
  deductOrderUpdated: DeductOrder;
  /** Live state of one contract, by outContractCode or contractId, starting with its current state. */
  repaymentContractUpdated: RepaymentContract;
};


export type SubscriptionDeductOrderUpdatedArgs = {
  contractId?: InputMaybe<Scalars['String']['input']>;
  outTradeNo?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionRepaymentContractUpdatedArgs = {
  contractId?: InputMaybe<Scalars['String']['input']>;
  outContractCode?: InputMaybe<Scalars['String']['input']>;
};

/** A WeChat Pay callback that named an order we do not hold, contradicted ours (another contract, reservation or amount, another final state, another amount paid or payment number; a contract id and out_contract_code paired otherwise than we hold them), or could not be read as sent (its subject then starts with `unreadable: `): stored, still encrypted, for reconciliation, and never applied. */
export type UnmatchedNotification = {
  __typename?: 'UnmatchedNotification';
  /** Pass as `after` for the ones received before this one. */
  cursor: Scalars['String']['output'];
  /** Our order of that out_trade_no, when we hold one: the order WeChat Pay contradicted. */
  deductOrder?: Maybe<DeductOrder>;
  /** e.g. CREDIT_REPAYMENT.DEDUCTION_PAY; `unreadable` when the event type sent could not be read. */
  eventType: Scalars['String']['output'];
  /** WeChat Pay's notification id; `body-sha256:` and the body's SHA-256 (hex) when the id sent could not be stored. */
  notificationId: Scalars['String']['output'];
  receivedAt: Scalars['DateTimeISO']['output'];
  /** When staff marked it reconciled (reconcileUnmatchedNotification); null while it is still to do. */
  reconciledAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The subject of the staff token that marked it reconciled. */
  reconciledBy?: Maybe<Scalars['String']['output']>;
  /** What was done about it, as staff wrote it. */
  reconciliationNote?: Maybe<Scalars['String']['output']>;
  /** The out_trade_no (or out_contract_code) the callback names; for an event type we do not know, that event type; `unreadable: ` and what was sent (JSON-escaped, cut short) when that id or the event type cannot be read, or `unreadable: a resource that is not a JSON object`. */
  subject: Scalars['String']['output'];
};

export type RepaymentContractsQueryVariables = Exact<{
  filter?: InputMaybe<RepaymentContractFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RepaymentContractsQuery = { __typename?: 'Query', repaymentContracts: { __typename?: 'RepaymentContractConnection', edges: Array<{ __typename?: 'RepaymentContractEdge', cursor: string, node: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number, reservations: Array<{ __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string, deductOrders: Array<{ __typename?: 'DeductOrder', outTradeNo: string, orderState: DeductOrderState }> }>, deductOrders: Array<{ __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string, reservation?: { __typename?: 'Reservation', outRecordId: string } | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DeductOrdersQueryVariables = Exact<{
  filter?: InputMaybe<DeductOrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DeductOrdersQuery = { __typename?: 'Query', deductOrders: { __typename?: 'DeductOrderConnection', edges: Array<{ __typename?: 'DeductOrderEdge', cursor: string, node: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string, contract?: { __typename?: 'RepaymentContract', outContractCode: string, planId: string } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DeductOrderUpdatedSubscriptionVariables = Exact<{
  outTradeNo?: InputMaybe<Scalars['String']['input']>;
  contractId?: InputMaybe<Scalars['String']['input']>;
}>;


export type DeductOrderUpdatedSubscription = { __typename?: 'Subscription', deductOrderUpdated: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string, contract?: { __typename?: 'RepaymentContract', contractId?: string | null, openid?: string | null } | null } };

export type DeductOrderQueryVariables = Exact<{
  outTradeNo: Scalars['String']['input'];
}>;


export type DeductOrderQuery = { __typename?: 'Query', deductOrder?: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string, contract?: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } | null, reservation?: { __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string } | null } | null };

export type DeductOrderFieldsFragment = { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string };

export type ReservationFieldsFragment = { __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string };

export type RepaymentContractFieldsFragment = { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number };

export type UnmatchedNotificationFieldsFragment = { __typename?: 'UnmatchedNotification', notificationId: string, eventType: string, subject: string, receivedAt: string, cursor: string, reconciledAt?: string | null, reconciledBy?: string | null, reconciliationNote?: string | null, deductOrder?: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } | null };

export type InitiateRepaymentMutationVariables = Exact<{
  input: InitiateRepaymentInput;
}>;


export type InitiateRepaymentMutation = { __typename?: 'Mutation', initiateRepayment: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } };

export type PresignRepaymentContractMutationVariables = Exact<{
  input: PresignRepaymentContractInput;
}>;


export type PresignRepaymentContractMutation = { __typename?: 'Mutation', presignRepaymentContract: { __typename?: 'PresignResult', presignToken?: string | null, redirectUrl?: string | null, contract: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } } };

export type ReconcileUnmatchedNotificationMutationVariables = Exact<{
  notificationId: Scalars['String']['input'];
  note: Scalars['String']['input'];
}>;


export type ReconcileUnmatchedNotificationMutation = { __typename?: 'Mutation', reconcileUnmatchedNotification: { __typename?: 'UnmatchedNotification', notificationId: string, eventType: string, subject: string, receivedAt: string, cursor: string, reconciledAt?: string | null, reconciledBy?: string | null, reconciliationNote?: string | null, deductOrder?: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } | null } };

export type RefreshRepaymentContractMutationVariables = Exact<{
  outContractCode: Scalars['String']['input'];
}>;


export type RefreshRepaymentContractMutation = { __typename?: 'Mutation', refreshRepaymentContract: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } };

export type RefreshReservationMutationVariables = Exact<{
  outRecordId: Scalars['String']['input'];
  contractId: Scalars['String']['input'];
}>;


export type RefreshReservationMutation = { __typename?: 'Mutation', refreshReservation: { __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string } };

export type RefreshDeductOrderMutationVariables = Exact<{
  outTradeNo: Scalars['String']['input'];
}>;


export type RefreshDeductOrderMutation = { __typename?: 'Mutation', refreshDeductOrder: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } };

export type RepaymentContractByCodeQueryVariables = Exact<{
  outContractCode: Scalars['String']['input'];
}>;


export type RepaymentContractByCodeQuery = { __typename?: 'Query', repaymentContractByCode?: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } | null };

export type RepaymentContractUpdatedSubscriptionVariables = Exact<{
  outContractCode?: InputMaybe<Scalars['String']['input']>;
  contractId?: InputMaybe<Scalars['String']['input']>;
}>;


export type RepaymentContractUpdatedSubscription = { __typename?: 'Subscription', repaymentContractUpdated: { __typename?: 'RepaymentContract', terminatedAt?: string | null, terminationMode?: string | null, contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } };

export type RepaymentContractQueryVariables = Exact<{
  contractId: Scalars['String']['input'];
}>;


export type RepaymentContractQuery = { __typename?: 'Query', repaymentContract?: { __typename?: 'RepaymentContract', contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number, reservations: Array<{ __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string }>, deductOrders: Array<{ __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string }> } | null };

export type ReservationQueryVariables = Exact<{
  outRecordId: Scalars['String']['input'];
  contractId: Scalars['String']['input'];
}>;


export type ReservationQuery = { __typename?: 'Query', reservation?: { __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string, deductOrders: Array<{ __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string }> } | null };

export type ScheduleRepaymentMutationVariables = Exact<{
  input: ScheduleRepaymentInput;
}>;


export type ScheduleRepaymentMutation = { __typename?: 'Mutation', scheduleRepayment: { __typename?: 'Reservation', outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string } };

export type StuckDeductOrdersQueryVariables = Exact<{
  olderThanSeconds?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type StuckDeductOrdersQuery = { __typename?: 'Query', stuckDeductOrders: Array<{ __typename?: 'StuckDeductOrder', stuckForSeconds: number, cursor: string, order: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } }> };

export type StuckReservationsQueryVariables = Exact<{
  olderThanSeconds?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type StuckReservationsQuery = { __typename?: 'Query', stuckReservations: Array<{ __typename?: 'StuckReservation', stuckForSeconds: number, cursor: string, reservation: { __typename?: 'Reservation', lastError?: string | null, outRecordId: string, contractId: string, state: ReservationState, appid: string, openid: string, subMchid: string, subAppid?: string | null, repaymentAmount: string, minRepaymentAmount?: string | null, repaymentDate: string } }> };

export type TerminateRepaymentContractMutationVariables = Exact<{
  outContractCode: Scalars['String']['input'];
  remark: Scalars['String']['input'];
}>;


export type TerminateRepaymentContractMutation = { __typename?: 'Mutation', terminateRepaymentContract: { __typename?: 'RepaymentContract', terminatedAt?: string | null, terminationMode?: string | null, terminationRemark?: string | null, contractId?: string | null, outContractCode: string, planId: string, state: ContractState, appid?: string | null, openid?: string | null, displayName: string, repaymentAmountLimit: string, signedAt?: string | null, version: number } };

export type UnmatchedNotificationsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  reconciled?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type UnmatchedNotificationsQuery = { __typename?: 'Query', unmatchedNotifications: Array<{ __typename?: 'UnmatchedNotification', notificationId: string, eventType: string, subject: string, receivedAt: string, cursor: string, reconciledAt?: string | null, reconciledBy?: string | null, reconciliationNote?: string | null, deductOrder?: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } | null }> };

export const ReservationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<ReservationFieldsFragment, unknown>;
export const RepaymentContractFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RepaymentContractFieldsFragment, unknown>;
export const DeductOrderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeductOrderFieldsFragment, unknown>;
export const UnmatchedNotificationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UnmatchedNotificationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnmatchedNotification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciledAt"}},{"kind":"Field","name":{"kind":"Name","value":"reconciledBy"}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationNote"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UnmatchedNotificationFieldsFragment, unknown>;
export const RepaymentContractsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RepaymentContracts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContractFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repaymentContracts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}},{"kind":"Field","name":{"kind":"Name","value":"reservations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RepaymentContractsQuery, RepaymentContractsQueryVariables>;
export const DeductOrdersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeductOrders"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrderFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeductOrdersQuery, DeductOrdersQueryVariables>;
export const DeductOrderUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DeductOrderUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deductOrderUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outTradeNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeductOrderUpdatedSubscription, DeductOrderUpdatedSubscriptionVariables>;
export const DeductOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeductOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deductOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outTradeNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<DeductOrderQuery, DeductOrderQueryVariables>;
export const InitiateRepaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InitiateRepayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateRepaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"initiateRepayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<InitiateRepaymentMutation, InitiateRepaymentMutationVariables>;
export const PresignRepaymentContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PresignRepaymentContract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PresignRepaymentContractInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"presignRepaymentContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"presignToken"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUrl"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<PresignRepaymentContractMutation, PresignRepaymentContractMutationVariables>;
export const ReconcileUnmatchedNotificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReconcileUnmatchedNotification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"notificationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconcileUnmatchedNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"notificationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"notificationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UnmatchedNotificationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UnmatchedNotificationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnmatchedNotification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciledAt"}},{"kind":"Field","name":{"kind":"Name","value":"reconciledBy"}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationNote"}}]}}]} as unknown as DocumentNode<ReconcileUnmatchedNotificationMutation, ReconcileUnmatchedNotificationMutationVariables>;
export const RefreshRepaymentContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshRepaymentContract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshRepaymentContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outContractCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RefreshRepaymentContractMutation, RefreshRepaymentContractMutationVariables>;
export const RefreshReservationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshReservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshReservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outRecordId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<RefreshReservationMutation, RefreshReservationMutationVariables>;
export const RefreshDeductOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshDeductOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshDeductOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outTradeNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RefreshDeductOrderMutation, RefreshDeductOrderMutationVariables>;
export const RepaymentContractByCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RepaymentContractByCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repaymentContractByCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outContractCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RepaymentContractByCodeQuery, RepaymentContractByCodeQueryVariables>;
export const RepaymentContractUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RepaymentContractUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repaymentContractUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outContractCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}},{"kind":"Field","name":{"kind":"Name","value":"terminatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"terminationMode"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RepaymentContractUpdatedSubscription, RepaymentContractUpdatedSubscriptionVariables>;
export const RepaymentContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RepaymentContract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repaymentContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}},{"kind":"Field","name":{"kind":"Name","value":"reservations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RepaymentContractQuery, RepaymentContractQueryVariables>;
export const ReservationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Reservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outRecordId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ReservationQuery, ReservationQueryVariables>;
export const ScheduleRepaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScheduleRepayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRepaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleRepayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<ScheduleRepaymentMutation, ScheduleRepaymentMutationVariables>;
export const StuckDeductOrdersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StuckDeductOrders"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"olderThanSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckDeductOrders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"olderThanSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"olderThanSeconds"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckForSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<StuckDeductOrdersQuery, StuckDeductOrdersQueryVariables>;
export const StuckReservationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StuckReservations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"olderThanSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckReservations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"olderThanSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"olderThanSeconds"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckForSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<StuckReservationsQuery, StuckReservationsQueryVariables>;
export const TerminateRepaymentContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TerminateRepaymentContract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"remark"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateRepaymentContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outContractCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outContractCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"remark"},"value":{"kind":"Variable","name":{"kind":"Name","value":"remark"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}},{"kind":"Field","name":{"kind":"Name","value":"terminatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"terminationMode"}},{"kind":"Field","name":{"kind":"Name","value":"terminationRemark"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<TerminateRepaymentContractMutation, TerminateRepaymentContractMutationVariables>;
export const UnmatchedNotificationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UnmatchedNotifications"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reconciled"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unmatchedNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"reconciled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reconciled"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UnmatchedNotificationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UnmatchedNotificationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnmatchedNotification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciledAt"}},{"kind":"Field","name":{"kind":"Name","value":"reconciledBy"}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationNote"}}]}}]} as unknown as DocumentNode<UnmatchedNotificationsQuery, UnmatchedNotificationsQueryVariables>;