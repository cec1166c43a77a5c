import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeductOrderState } from '../../src/domain/states.js';
import type { FaultRule } from '../../src/simulator/fault-rules.js';
import {
  DeductOrderDocument,
  DeductOrderUpdatedDocument,
  ReservationDocument,
  type DeductOrderUpdatedSubscription,
} from '../generated/graphql.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import {
  assertAgrees,
  assertPath,
  assertUnknownRemotely,
  assertWechatpayError,
  awaitContract,
  awaitFinalEvent,
  events,
  FINAL,
  initiate,
  schedule,
  sleep,
  uniqueId,
  watchOrder,
} from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * Every simulator fault at every step of a repayment: the reservation (schedule-records
 * batch-create), the order (deduct-orders create), the poller's query (deduct-orders GET) and the
 * DEDUCTION_PAY callback. Each case runs the whole flow through GraphQL with a subscriber on the
 * order, then checks that the store and WeChat Pay agree, that the stored version matches the path
 * the order took (no transition applied twice) and that the subscriber saw each state once, in order.
 *
 * One stack per step, the four steps side by side. Request and callback rules are global to a
 * simulator, so cases of a step run one after the other, except the query's: its rules match the
 * order's own path, so those cases run together.
 */

/** Short, so timeouts resolve quickly; the poller looks every 100 ms and first asks 1 s after a change. */
const REQUEST_TIMEOUT_MS = 1_000;
/** How long to keep listening after the final state for an event that should not come. */
const QUIET_MS = 400;

const DEDUCT_ORDERS = '/v3/credit-repayment/partner/deduct-orders';
const BATCH_CREATE = '/v3/credit-repayment/partner/schedule-records/batch-create';

type Path = readonly DeductOrderState[];
const S = 'SUBMITTING';
const U = 'UNKNOWN';
const P = 'PENDING';
const PS = 'PAY_SUCCESS';
const PF = 'PAY_FAIL';
const HAPPY: Path = [S, P, PS];

/** What the client's mutation gets back: a state, or a WECHATPAY_ERROR (after which it tries once more). */
type Outcome = { state: string } | { refused: { status: number; code: string } };

interface MatrixCase {
  fault: string;
  rules: (ids: CaseIds) => FaultRule[];
  schedule?: Outcome;
  initiate?: Outcome;
  /** Paths the order may take (SUBMITTING included); more than one only where timing decides. */
  paths: Path[];
  /** Forces this final outcome at WeChat Pay right after the order was created. */
  force?: 'PAY_FAIL';
}

interface CaseIds {
  outRecordId: string;
  outTradeNo: string;
}

const SCHEDULED = { state: 'SCHEDULED' };
const RATE_LIMITED = { refused: { status: 429, code: 'FREQUENCY_LIMITED' } };

/** The request faults, each applied to `match` once (`times` for the ones a GET retry would absorb). */
function requestFaults(match: string, times = 1): { fault: string; rule: FaultRule }[] {
  return [
    { fault: '429', rule: { match, fault: 'status', status: 429, times } },
    { fault: '500', rule: { match, fault: 'status', status: 500, times } },
    { fault: '503', rule: { match, fault: 'status', status: 503, times } },
    { fault: 'timeout', rule: { match, fault: 'timeout' } },
    { fault: 'reset', rule: { match, fault: 'reset', times } },
    { fault: 'accept_then_drop', rule: { match, fault: 'accept_then_drop', times } },
    // Answered after the client gave up: the change is made, the answer lost.
    { fault: 'delay', rule: { match, fault: 'delay', delay_ms: REQUEST_TIMEOUT_MS + 500 } },
  ];
}

const SCHEDULE_CASES: MatrixCase[] = requestFaults(`POST ${BATCH_CREATE}`).map(({ fault, rule }) => ({
  fault,
  rules: () => [rule],
  // 429 is a refusal (nothing done): the intent is removed and the client told. Everything else
  // leaves the outcome unknown; the service asks WeChat Pay and, if it never got it, sends it again.
  schedule: fault === '429' ? RATE_LIMITED : SCHEDULED,
  paths: [HAPPY],
}));

const CREATE_CASES: MatrixCase[] = [
  ...requestFaults(`POST ${DEDUCT_ORDERS}`).map(({ fault, rule }): MatrixCase => {
    const base = { fault, rules: () => [rule] };
    switch (fault) {
      case '429':
        return { ...base, initiate: RATE_LIMITED, paths: [HAPPY] };
      case 'accept_then_drop':
        // Created at WeChat Pay, answer lost: UNKNOWN, then the callback (or the poller) settles it.
        return { ...base, initiate: { state: U }, paths: [[S, U, PS], [S, U, P, PS]] };
      case 'delay':
        // Created, answer late: the callback overtakes our timeout, so the client already gets PAY_SUCCESS.
        return { ...base, initiate: { state: PS }, paths: [[S, PS]] };
      default:
        // Not created (500, 503, reset, timeout): UNKNOWN; the poller finds nothing and submits again.
        return { ...base, initiate: { state: U }, paths: [[S, U, P, PS]] };
    }
  }),
  {
    // The resubmission is rate limited: nothing happened at WeChat Pay, so this is no reason to
    // give the order up; it stays UNKNOWN and is submitted again later.
    fault: '503, then 429 on the resubmission',
    rules: () => [
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 503 },
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 429 },
    ],
    initiate: { state: U },
    paths: [[S, U, P, PS]],
  },
];

/** Three times each, so the client's own retries (two for a GET) are used up and the poller tries again later. */
const QUERY_CASES: MatrixCase[] = ['429', '500', '503', 'timeout', 'reset', 'accept_then_drop', 'delay'].map((fault) => ({
  fault,
  rules: ({ outTradeNo }) => [requestFaults(`GET ${DEDUCT_ORDERS}/${outTradeNo}`, 3).find((entry) => entry.fault === fault)!.rule],
  force: 'PAY_FAIL',
  paths: [[S, P, PF]],
}));

const PAY = 'CREDIT_REPAYMENT.DEDUCTION_PAY';
const CALLBACK_CASES: MatrixCase[] = [
  { fault: 'drop (twice)', rules: () => [{ callback: PAY, fault: 'drop', times: 2 }], paths: [HAPPY] },
  // Never arrives: the poller learns PAY_SUCCESS by querying.
  { fault: 'drop (every send)', rules: () => [{ callback: PAY, fault: 'drop', times: 'always' }], paths: [HAPPY] },
  { fault: 'duplicate', rules: () => [{ callback: PAY, fault: 'duplicate' }], paths: [HAPPY] },
  { fault: 'probe', rules: () => [{ callback: PAY, fault: 'probe' }], paths: [HAPPY] },
  // Arrives after the poller already found PAY_SUCCESS.
  { fault: 'delay', rules: () => [{ callback: PAY, fault: 'delay', delay_ms: 1_500 }], paths: [HAPPY] },
];

interface Step {
  name: string;
  cases: MatrixCase[];
  settleDelayMs: number | null;
  concurrent: boolean;
}

const STEPS: Step[] = [
  { name: 'schedule-records batch-create', cases: SCHEDULE_CASES, settleDelayMs: 300, concurrent: false },
  { name: 'deduct-orders create', cases: CREATE_CASES, settleDelayMs: 300, concurrent: false },
  { name: "deduct-orders query (the poller's)", cases: QUERY_CASES, settleDelayMs: null, concurrent: true },
  { name: 'the DEDUCTION_PAY callback', cases: CALLBACK_CASES, settleDelayMs: 300, concurrent: false },
];

describe('fault matrix: every simulator fault at every step of a repayment', { concurrency: true }, () => {
  for (const step of STEPS) {
    describe(`at ${step.name}`, { concurrency: step.concurrent ? true : 1 }, () => {
      let stack: SandboxStack;
      let contractId: string;
      const ids = new Map(step.cases.map((c) => [c, { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') }]));

      before(async () => {
        stack = await startSandboxStack({
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          pollIntervalMs: 100,
          simulator: { settleDelayMs: step.settleDelayMs },
        });
        const contract = await stack.sandboxContract();
        contractId = contract.contract_id;
        await awaitContract(stack, contractId);
        // Rules that name their order's own path can all be set at once.
        if (step.concurrent) stack.simulator.faults.set(step.cases.flatMap((c) => c.rules(ids.get(c)!)));
      });

      after(async () => {
        // Whatever the cases did, the store and WeChat Pay agree on every order.
        try {
          stack.simulator.faults.clear();
          const orders = await stack.store.deductOrders.list({}, { limit: 100 });
          for (const order of orders) await assertAgrees(stack.wechatpay.client, order);
        } finally {
          await stack.close();
        }
      });

      if (step.cases === CALLBACK_CASES) {
        it('reorder (a later order\'s callback overtakes an earlier one\'s)', { timeout: 20_000 }, async () => {
          stack.simulator.faults.set([{ callback: PAY, fault: 'reorder' }]);
          const first = { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') };
          const second = { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') };
          const byContract = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl).subscribe(DeductOrderUpdatedDocument, { contractId });
          await byContract.connected();
          const subscribers = [await watchOrder(stack, first.outTradeNo), await watchOrder(stack, second.outTradeNo)];
          try {
            for (const { outRecordId, outTradeNo } of [first, second]) {
              assert.equal((await schedule(stack, contractId, outRecordId)).data?.scheduleRepayment.state, 'SCHEDULED');
              assert.equal((await initiate(stack, contractId, outRecordId, outTradeNo)).data?.initiateRepayment.orderState, P);
            }
            const reorder = { fault: 'reorder', paths: [HAPPY] };
            await checkFinal(stack, contractId, reorder, first, subscribers[0]);
            await checkFinal(stack, contractId, reorder, second, subscribers[1]);
            const paid = byContract.results
              .map((result) => result.data!.deductOrderUpdated)
              .filter((order) => order.orderState === PS)
              .map((order) => order.outTradeNo);
            assert.deepEqual(paid, [second.outTradeNo, first.outTradeNo], 'the second payment was applied first');
            assert.equal(stack.simulator.faults.list()[0].hits, 1);
          } finally {
            stack.simulator.faults.clear();
            await Promise.all([byContract, ...subscribers].map((subscriber) => subscriber.close()));
          }
        });
      }

      for (const matrixCase of step.cases) {
        it(matrixCase.fault, { timeout: 20_000 }, async () => {
          if (!step.concurrent) stack.simulator.faults.set(matrixCase.rules(ids.get(matrixCase)!));
          try {
            await runCase(stack, contractId, matrixCase, ids.get(matrixCase)!);
          } finally {
            const mine = (rule: FaultRule) => step.concurrent ? 'match' in rule && rule.match.endsWith(ids.get(matrixCase)!.outTradeNo) : true;
            const unused = stack.simulator.faults.list().filter((rule) => mine(rule) && (rule.hits === 0 || (rule.remaining !== 'always' && rule.remaining > 0)));
            if (!step.concurrent) stack.simulator.faults.clear();
            assert.deepEqual(unused, [], 'every fault of the case was played');
          }
        });
      }
    });
  }
});

async function runCase(stack: SandboxStack, contractId: string, matrixCase: MatrixCase, { outRecordId, outTradeNo }: CaseIds): Promise<void> {
  const client = stack.wechatpay.client;
  const subscriber = await watchOrder(stack, outTradeNo);
  try {
    // 1. The reservation.
    let scheduled = await schedule(stack, contractId, outRecordId);
    const scheduleOutcome = matrixCase.schedule ?? SCHEDULED;
    if ('refused' in scheduleOutcome) {
      assertWechatpayError(scheduled, scheduleOutcome.refused.status, scheduleOutcome.refused.code);
      assert.equal(await stack.store.reservations.get(outRecordId), undefined, 'a refused reservation leaves nothing behind');
      await assert.rejects(client.scheduleRecords.get(outRecordId, contractId), (error: { status?: number }) => error.status === 404);
      scheduled = await schedule(stack, contractId, outRecordId);
    }
    assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
    assert.equal(scheduled.data!.scheduleRepayment.state, 'SCHEDULED');
    const remoteRecord = await client.scheduleRecords.get(outRecordId, contractId);
    assert.equal(remoteRecord.out_record_id, outRecordId);

    // 2. The order.
    let initiated = await initiate(stack, contractId, outRecordId, outTradeNo);
    const initiateOutcome = matrixCase.initiate ?? { state: P };
    if ('refused' in initiateOutcome) {
      assertWechatpayError(initiated, initiateOutcome.refused.status, initiateOutcome.refused.code);
      assert.equal(await stack.store.deductOrders.get(outTradeNo), undefined, 'a refused order leaves nothing behind');
      await assertUnknownRemotely(client, outTradeNo);
      initiated = await initiate(stack, contractId, outRecordId, outTradeNo);
      assert.equal(initiated.data?.initiateRepayment.orderState, P, JSON.stringify(initiated));
    } else {
      assert.equal(initiated.errors, undefined, JSON.stringify(initiated.errors));
      assert.equal(initiated.data!.initiateRepayment.orderState, initiateOutcome.state);
    }
    if (matrixCase.force) {
      const forced = await fetch(`${stack.simulator.url}/sandbox/deduct-orders/${outTradeNo}/outcome`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order_state: `DEDUCT_ORDER_STATE_${matrixCase.force}` }),
      });
      assert.equal(forced.status, 200);
    }

    await checkFinal(stack, contractId, matrixCase, { outRecordId, outTradeNo }, subscriber);
  } finally {
    await subscriber.close();
  }
}

/** Waits for the final state, then checks store, WeChat Pay, versions and published events agree. */
async function checkFinal(
  stack: SandboxStack,
  contractId: string,
  matrixCase: Pick<MatrixCase, 'fault' | 'paths'>,
  { outRecordId, outTradeNo }: CaseIds,
  subscriber: Awaited<ReturnType<typeof watchOrder>>,
): Promise<void> {
  const client = stack.wechatpay.client;
  {
    await awaitFinalEvent(subscriber, outTradeNo);
    await sleep(QUIET_MS);
    const local = await eventually(async () => {
      const order = await stack.store.deductOrders.get(outTradeNo);
      return order && FINAL.includes(order.state) ? order : undefined;
    }, `${outTradeNo} to be final in the store`);
    assertPath(events(subscriber), local.version, matrixCase.paths, `${matrixCase.fault} (${outTradeNo})`);
    assert.equal(events(subscriber).at(-1)!.orderState, local.state);
    await assertAgrees(client, local);

    // What any client reads agrees too.
    const read = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo });
    assert.equal(read.data?.deductOrder?.orderState, local.state);
    assert.equal(read.data?.deductOrder?.version, local.version);
    const reservation = await graphqlRequest(stack.graphqlUrl, ReservationDocument, { outRecordId, contractId });
    assert.equal(reservation.data?.reservation?.state, 'SCHEDULED');
    assert.deepEqual(reservation.data?.reservation?.deductOrders.map((order) => order.outTradeNo), [outTradeNo], 'one order per reservation');
  }
}
