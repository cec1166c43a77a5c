import assert from 'node:assert/strict';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import type { DeductOrderState } from '../../src/domain/states.js';
import type { ScheduleRepaymentInput } from '../../src/services/reservation-service.js';
import { isWechatpayError, type WechatpayClient } from '../../src/wechatpay/index.js';
import {
  DeductOrderUpdatedDocument,
  InitiateRepaymentDocument,
  RepaymentContractDocument,
  ScheduleRepaymentDocument,
  type DeductOrderUpdatedSubscription,
  type InitiateRepaymentMutation,
  type ScheduleRepaymentMutation,
} from '../generated/graphql.js';
import { eventually } from './eventually.js';
import { graphqlRequest, type GraphQLResponse } from './graphql-http.js';
import { Subscriber } from './graphql-ws-subscriber.js';

/**
 * Drives the repayment flow through GraphQL for tests that break things on the way (fault matrix,
 * crash safety, concurrency): the same steps a front end takes, and the checks that the store,
 * WeChat Pay (the simulator) and the subscribers agree afterwards.
 */

let counter = 0;
/** Digits and letters only (valid as out_record_id and out_trade_no), unique per process. */
export const uniqueId = (prefix: string) => `${prefix}${Date.now().toString(36)}${process.pid}x${++counter}`.slice(0, 32);

export interface Endpoint {
  graphqlUrl: string;
  wsUrl: string;
  /** Request headers / connection_init payload; undefined = the test-auth staff token. */
  headers?: Record<string, string>;
}

export const FINAL: readonly DeductOrderState[] = ['PAY_SUCCESS', 'PAY_FAIL'];

/** Waits until the server learnt of a sandbox contract from its SIGN_CONTRACT callback. */
export async function awaitContract(endpoint: Endpoint, contractId: string): Promise<void> {
  await eventually(async () => {
    const { data } = await graphqlRequest(endpoint.graphqlUrl, RepaymentContractDocument, { contractId }, endpoint.headers);
    return data?.repaymentContract ?? undefined;
  }, `the SIGN_CONTRACT callback of ${contractId} to reach the server`);
}

export function scheduleInput(contractId: string, outRecordId: string) {
  return {
    contractId,
    outRecordId,
    subMchid: '1900000109',
    repaymentAmount: '10000',
    minRepaymentAmount: '1000',
    repaymentDate: addDays(beijingDate(new Date()), 3),
  };
}

/** The same reservation as the services take it: amounts in fen, no sub-AppID. */
export function scheduleServiceInput(contractId: string, outRecordId: string): ScheduleRepaymentInput {
  const { repaymentAmount, minRepaymentAmount, ...rest } = scheduleInput(contractId, outRecordId);
  return { ...rest, subAppid: null, repaymentAmount: Number(repaymentAmount), minRepaymentAmount: Number(minRepaymentAmount) };
}

export function initiateInput(contractId: string, outRecordId: string, outTradeNo: string) {
  return { contractId, outTradeNo, outRecordId, deductAmount: '8000', description: '信贷还款' };
}

export function schedule(endpoint: Endpoint, contractId: string, outRecordId: string): Promise<GraphQLResponse<ScheduleRepaymentMutation>> {
  return graphqlRequest(endpoint.graphqlUrl, ScheduleRepaymentDocument, { input: scheduleInput(contractId, outRecordId) }, endpoint.headers);
}

export function initiate(
  endpoint: Endpoint,
  contractId: string,
  outRecordId: string,
  outTradeNo: string,
): Promise<GraphQLResponse<InitiateRepaymentMutation>> {
  return graphqlRequest(endpoint.graphqlUrl, InitiateRepaymentDocument, { input: initiateInput(contractId, outRecordId, outTradeNo) }, endpoint.headers);
}

/** Asserts a WECHATPAY_ERROR carrying WeChat Pay's status and code. */
export function assertWechatpayError(response: GraphQLResponse<unknown>, status: number, code: string): void {
  const error = response.errors?.[0];
  assert.ok(error, `expected WECHATPAY_ERROR ${status} ${code}, got ${JSON.stringify(response)}`);
  assert.equal(error.extensions?.code, 'WECHATPAY_ERROR', JSON.stringify(error));
  const upstream = error.extensions?.wechatpay as { status: number; code: string };
  assert.equal(upstream.status, status);
  assert.equal(upstream.code, code);
}

export type OrderEvent = DeductOrderUpdatedSubscription['deductOrderUpdated'];

/** A graphql-ws subscription on one order, connected before the order is created. */
export async function watchOrder(endpoint: Endpoint, outTradeNo: string): Promise<Subscriber<DeductOrderUpdatedSubscription>> {
  const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(endpoint.wsUrl, endpoint.headers).subscribe(DeductOrderUpdatedDocument, {
    outTradeNo,
  });
  await subscriber.connected();
  return subscriber;
}

export function events(subscriber: Subscriber<DeductOrderUpdatedSubscription>): OrderEvent[] {
  return subscriber.results.map((result) => {
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.deductOrderUpdated;
  });
}

/** Waits until the subscriber has been told of a final state. */
export async function awaitFinalEvent(subscriber: Subscriber<DeductOrderUpdatedSubscription>, what: string, timeoutMs = 15_000): Promise<OrderEvent> {
  return eventually(async () => {
    const last = events(subscriber).at(-1);
    return last && FINAL.includes(last.orderState as DeductOrderState) ? last : undefined;
  }, `a final state of ${what} to reach the subscriber (got ${JSON.stringify(events(subscriber).map((e) => e.orderState))})`, timeoutMs);
}

/**
 * The published events must be each state once, in order, with rising versions, and equal the
 * published part (everything but SUBMITTING, which is never published) of one allowed path; the
 * stored version must equal that path's length (one version per transition, none repeated).
 */
export function assertPath(
  seen: OrderEvent[],
  version: number,
  allowed: readonly (readonly DeductOrderState[])[],
  what: string,
  /** A subscriber that joined late (a reconnect) sees the state at joining, then the rest: a tail of the path. */
  options: { tail?: boolean } = {},
): void {
  const states = seen.map((event) => event.orderState);
  assert.equal(new Set(states).size, states.length, `${what}: a state was published twice: ${states.join(' → ')}`);
  for (let i = 1; i < seen.length; i++) {
    assert.ok(seen[i].version > seen[i - 1].version, `${what}: versions must rise: ${seen.map((e) => `${e.orderState}@${e.version}`).join(' → ')}`);
  }
  const match = allowed.find(
    (path) => {
      const published = path.filter((state) => state !== 'SUBMITTING');
      const compared = options.tail ? published.slice(published.length - states.length) : published;
      return path.length === version && states.length > 0 && compared.join() === states.join();
    },
  );
  assert.ok(
    match,
    `${what}: published ${states.join(' → ')} with stored version ${version}; expected one of ${allowed.map((p) => p.join(' → ')).join(' | ')}`,
  );
}

export interface LocalOrder {
  outTradeNo: string;
  state: DeductOrderState;
  transactionId: string | null;
  paySuccessAmount: number | null;
}

/** The store and WeChat Pay agree on the order: same state, same payment details. */
export async function assertAgrees(client: WechatpayClient, local: LocalOrder): Promise<void> {
  const remote = await client.deductOrders.get(local.outTradeNo);
  assert.equal(remote.order_state, `DEDUCT_ORDER_STATE_${local.state}`, `${local.outTradeNo}: store says ${local.state}, WeChat Pay ${remote.order_state}`);
  assert.equal(local.transactionId, remote.transaction_id ?? null, `${local.outTradeNo}: transaction_id`);
  assert.equal(local.paySuccessAmount === null ? null : String(local.paySuccessAmount), remote.pay_success_amount ?? null, `${local.outTradeNo}: pay_success_amount`);
}

/** WeChat Pay does not know the order (404). */
export async function assertUnknownRemotely(client: WechatpayClient, outTradeNo: string): Promise<void> {
  const error = await client.deductOrders.get(outTradeNo).then(
    (order) => assert.fail(`${outTradeNo} exists at WeChat Pay: ${JSON.stringify(order)}`),
    (error: unknown) => error,
  );
  assert.ok(isWechatpayError(error) && error.status === 404, String(error));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
