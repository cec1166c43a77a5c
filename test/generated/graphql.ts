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

/** PENDING: presigned, not yet signed by the user; EFFECTIVE: signed; TERMINATED: final. */
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
  /** Why the last call about this order failed, if it did. */
  lastError?: Maybe<Scalars['String']['output']>;
  openid?: Maybe<Scalars['String']['output']>;
  orderState: DeductOrderState;
  /** The reservation this order executes. */
  outRecordId: Scalars['String']['output'];
  /** Our trade number (out_trade_no). */
  outTradeNo: Scalars['String']['output'];
  /** Amount actually repaid, once paid. */
  paySuccessAmount?: Maybe<Scalars['Fen']['output']>;
  reservation?: Maybe<Reservation>;
  subAppid?: Maybe<Scalars['String']['output']>;
  /** WeChat Pay's payment number, once paid. */
  transactionId?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** Increases with every stored change. */
  version: Scalars['Int']['output'];
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

/** A repayment for a scheduled reservation. The notify URL is ours, never the client’s. */
export type InitiateRepaymentInput = {
  attach?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['String']['input'];
  deductAmount: Scalars['Fen']['input'];
  description: Scalars['String']['input'];
  outRecordId: Scalars['String']['input'];
  /** Our trade number: 6–32 of digits, letters, _ - | *. */
  outTradeNo: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** 发起还款: starts a repayment for a scheduled reservation. Idempotent on outTradeNo: the same input returns the same order. */
  initiateRepayment: DeductOrder;
  /** 预约还款: reserves a repayment; required before initiateRepayment. Idempotent on outRecordId. */
  scheduleRepayment: Reservation;
};


export type MutationInitiateRepaymentArgs = {
  input: InitiateRepaymentInput;
};


export type MutationScheduleRepaymentArgs = {
  input: ScheduleRepaymentInput;
};

export type Query = {
  __typename?: 'Query';
  /** A repayment order by our trade number. */
  deductOrder?: Maybe<DeductOrder>;
  /** A signed repayment contract by its WeChat Pay contract id. */
  repaymentContract?: Maybe<RepaymentContract>;
  /** A reservation by our record id and its contract. */
  reservation?: Maybe<Reservation>;
};


export type QueryDeductOrderArgs = {
  outTradeNo: Scalars['String']['input'];
};


export type QueryRepaymentContractArgs = {
  contractId: Scalars['String']['input'];
};


export type QueryReservationArgs = {
  contractId: Scalars['String']['input'];
  outRecordId: Scalars['String']['input'];
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

/** 预约还款: a repayment reservation (schedule record); required before a deduction. */
export type Reservation = {
  __typename?: 'Reservation';
  appid: Scalars['String']['output'];
  contract?: Maybe<RepaymentContract>;
  contractId: Scalars['String']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  deductOrders: Array<DeductOrder>;
  minRepaymentAmount?: Maybe<Scalars['Fen']['output']>;
  openid: Scalars['String']['output'];
  outRecordId: Scalars['String']['output'];
  repaymentAmount: Scalars['Fen']['output'];
  /** Repayment date, Beijing calendar. */
  repaymentDate: Scalars['LocalDate']['output'];
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

export type Subscription = {
  __typename?: 'Subscription';
  /** Live state of one order (outTradeNo) or of every order of a contract (contractId). Starts with the current state of the order when it exists. */
  deductOrderUpdated: DeductOrder;
};


export type SubscriptionDeductOrderUpdatedArgs = {
  contractId?: InputMaybe<Scalars['String']['input']>;
  outTradeNo?: InputMaybe<Scalars['String']['input']>;
};

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

export type InitiateRepaymentMutationVariables = Exact<{
  input: InitiateRepaymentInput;
}>;


export type InitiateRepaymentMutation = { __typename?: 'Mutation', initiateRepayment: { __typename?: 'DeductOrder', outTradeNo: string, contractId: string, outRecordId: string, orderState: DeductOrderState, deductAmount: string, paySuccessAmount?: string | null, description: string, attach?: string | null, transactionId?: string | null, openid?: string | null, version: number, lastError?: string | null, createdAt: string, updatedAt: string } };

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

export const DeductOrderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeductOrderFieldsFragment, unknown>;
export const ReservationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<ReservationFieldsFragment, unknown>;
export const RepaymentContractFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]} as unknown as DocumentNode<RepaymentContractFieldsFragment, unknown>;
export const DeductOrderUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DeductOrderUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deductOrderUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outTradeNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DeductOrderUpdatedSubscription, DeductOrderUpdatedSubscriptionVariables>;
export const DeductOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeductOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deductOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outTradeNo"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outTradeNo"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reservation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<DeductOrderQuery, DeductOrderQueryVariables>;
export const InitiateRepaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InitiateRepayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InitiateRepaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"initiateRepayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<InitiateRepaymentMutation, InitiateRepaymentMutationVariables>;
export const RepaymentContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RepaymentContract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"repaymentContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepaymentContractFields"}},{"kind":"Field","name":{"kind":"Name","value":"reservations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepaymentContractFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RepaymentContract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outContractCode"}},{"kind":"Field","name":{"kind":"Name","value":"planId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmountLimit"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<RepaymentContractQuery, RepaymentContractQueryVariables>;
export const ReservationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Reservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outRecordId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outRecordId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contractId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}},{"kind":"Field","name":{"kind":"Name","value":"deductOrders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DeductOrderFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DeductOrderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeductOrder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outTradeNo"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"orderState"}},{"kind":"Field","name":{"kind":"Name","value":"deductAmount"}},{"kind":"Field","name":{"kind":"Name","value":"paySuccessAmount"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"attach"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ReservationQuery, ReservationQueryVariables>;
export const ScheduleRepaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScheduleRepayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRepaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleRepayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReservationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReservationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Reservation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outRecordId"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"appid"}},{"kind":"Field","name":{"kind":"Name","value":"openid"}},{"kind":"Field","name":{"kind":"Name","value":"subMchid"}},{"kind":"Field","name":{"kind":"Name","value":"subAppid"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"minRepaymentAmount"}},{"kind":"Field","name":{"kind":"Name","value":"repaymentDate"}}]}}]} as unknown as DocumentNode<ScheduleRepaymentMutation, ScheduleRepaymentMutationVariables>;