import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate, beijingDayEnd } from '../../src/domain/beijing-date.js';
import { createLogger } from '../../src/logger.js';
import { OrderPoller } from '../../src/services/order-poller.js';
import { GIVE_UP_AFTER_MS, LATE_POLL_DELAY_MS } from '../../src/services/poll-schedule.js';
import {
  DeductOrderDocument,
  DeductOrderUpdatedDocument,
  InitiateRepaymentDocument,
  RepaymentContractDocument,
  ScheduleRepaymentDocument,
  type DeductOrderUpdatedSubscription,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let counter = 0;
const uniqueId = (prefix: string) => `${prefix}${Date.now()}${++counter}`;

async function signedContract(stack: SandboxStack): Promise<SandboxContract> {
  const contract = await stack.sandboxContract();
  // The server learns of the contract from WeChat Pay's SIGN_CONTRACT callback, as in production.
  await eventually(async () => {
    const { data } = await graphqlRequest(stack.graphqlUrl, RepaymentContractDocument, { contractId: contract.contract_id });
    return data?.repaymentContract ?? undefined;
  }, 'the SIGN_CONTRACT callback to reach the server');
  return contract;
}

async function schedule(stack: SandboxStack, contract: SandboxContract, amount = '10000') {
  const outRecordId = uniqueId('R');
  const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
    input: {
      contractId: contract.contract_id,
      outRecordId,
      subMchid: '1900000109',
      repaymentAmount: amount,
      minRepaymentAmount: '1000',
      repaymentDate: addDays(beijingDate(new Date()), 3),
    },
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  assert.equal(result.data!.scheduleRepayment.state, 'SCHEDULED');
  return outRecordId;
}

/** A PENDING order of 9000 fen on a new contract, and a subscriber to that contract's orders. */
async function pendingOrder(stack: SandboxStack, prefix: string) {
  const contract = await signedContract(stack);
  const outRecordId = await schedule(stack, contract);
  const outTradeNo = uniqueId(prefix);
  const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl).subscribe(DeductOrderUpdatedDocument, {
    contractId: contract.contract_id,
  });
  await subscriber.connected();
  const initiated = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
    input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '9000', description: 'repay' },
  });
  assert.equal(initiated.data!.initiateRepayment.orderState, 'PENDING');
  return { outTradeNo, subscriber };
}

/** The simulator's control endpoint: the order's state at WeChat Pay from now on. */
const force = (stack: SandboxStack, outTradeNo: string, orderState: string) =>
  fetch(`${stack.simulator.url}/sandbox/deduct-orders/${outTradeNo}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ order_state: orderState }),
  });

describe('a repayment through GraphQL against the simulator', () => {
  describe('with automatic settlement (PAY_SUCCESS)', () => {
    let stack: SandboxStack;
    before(async () => {
      stack = await startSandboxStack({ simulator: { settleDelayMs: 500 } });
    });
    after(() => stack.close());

    it('pushes PENDING then PAY_SUCCESS to a subscriber, from the signed and encrypted callback', async () => {
      const contract = await signedContract(stack);
      const outTradeNo = uniqueId('T');
      const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl).subscribe(DeductOrderUpdatedDocument, {
        outTradeNo,
      });
      await subscriber.connected();
      const outRecordId = await schedule(stack, contract);

      const initiated = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '8000', description: '信贷还款' },
      });
      assert.equal(initiated.errors, undefined, JSON.stringify(initiated.errors));
      assert.equal(initiated.data!.initiateRepayment.orderState, 'PENDING');
      assert.equal(initiated.data!.initiateRepayment.deductAmount, '8000');

      const [first, second] = await subscriber.waitFor(2);
      assert.equal(first.data!.deductOrderUpdated.orderState, 'PENDING');
      assert.equal(second.data!.deductOrderUpdated.orderState, 'PAY_SUCCESS');
      assert.equal(second.data!.deductOrderUpdated.paySuccessAmount, '8000');
      assert.equal(second.data!.deductOrderUpdated.contract?.openid, contract.openid, 'nested fields resolve per event');

      const query = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo });
      const order = query.data!.deductOrder!;
      assert.equal(order.orderState, 'PAY_SUCCESS');
      assert.match(order.transactionId!, /^\d{28}$/);
      assert.equal(order.contract!.contractId, contract.contract_id);
      assert.equal(order.reservation!.outRecordId, outRecordId);
      await subscriber.close();

    });

    it('returns the same order when the same initiateRepayment is repeated, and CONFLICT when it differs', async () => {
      const contract = await signedContract(stack);
      const outRecordId = await schedule(stack, contract);
      const outTradeNo = uniqueId('T');
      const input = { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '5000', description: 'repay' };
      const first = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, { input });
      const again = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, { input });
      assert.equal(again.errors, undefined);
      assert.equal(again.data!.initiateRepayment.outTradeNo, first.data!.initiateRepayment.outTradeNo);
      assert.equal(again.data!.initiateRepayment.createdAt, first.data!.initiateRepayment.createdAt);
      const different = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { ...input, deductAmount: '5001' },
      });
      assert.equal(different.errors?.[0].extensions?.code, 'CONFLICT');
      assert.equal(different.errors?.[0].extensions?.field, 'outTradeNo');
    });
  });

  describe('with a forced PAY_FAIL or NOT_PAY (never notified by WeChat Pay, found by polling)', () => {
    let stack: SandboxStack;
    before(async () => {
      stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    });
    after(() => stack.close());

    it('PAY_FAIL reaches the subscriber and the query within seconds', async () => {
      const { outTradeNo, subscriber } = await pendingOrder(stack, 'F');
      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_PAY_FAIL')).status, 200);

      const [pending, failed] = await subscriber.waitFor(2, 5_000);
      assert.equal(pending.data!.deductOrderUpdated.orderState, 'PENDING');
      assert.equal(failed.data!.deductOrderUpdated.orderState, 'PAY_FAIL');
      const query = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo });
      assert.equal(query.data!.deductOrder!.orderState, 'PAY_FAIL');
      await subscriber.close();
    });

    it('NOT_PAY is found by polling, stays open, and the later PAY_SUCCESS callback settles it', async () => {
      const { outTradeNo, subscriber } = await pendingOrder(stack, 'N');
      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_NOT_PAY')).status, 200);
      const [pending, notPaid] = await subscriber.waitFor(2, 5_000);
      assert.equal(pending.data!.deductOrderUpdated.orderState, 'PENDING');
      assert.equal(notPaid.data!.deductOrderUpdated.orderState, 'NOT_PAY');
      const open = await stack.store.deductOrders.get(outTradeNo);
      assert.equal(open?.state, 'NOT_PAY');
      assert.ok(open?.nextPollAt, 'still polled');

      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_PAY_SUCCESS')).status, 200);
      const [, , paid] = await subscriber.waitFor(3, 5_000);
      assert.equal(paid.data!.deductOrderUpdated.orderState, 'PAY_SUCCESS');
      assert.equal(paid.data!.deductOrderUpdated.paySuccessAmount, '9000');
      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_NOT_PAY')).status, 409, 'a final order does not move back');
      await subscriber.close();
    });
  });

  describe('past the give-up age (pollers with their clocks days ahead: a stack of their own)', () => {
    let stack: SandboxStack;
    before(async () => {
      stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    });
    after(() => stack.close());

    /** A poller like the app's, with its clock at `instant` (a Date, or read from a function). */
    const pollerAt = (instant: Date | (() => Date)) =>
      new OrderPoller({
        store: stack.store,
        wechatpay: stack.wechatpay.client,
        orders: stack.app.services.orders,
        intervalMs: 60_000,
        log: createLogger('silent'),
        now: typeof instant === 'function' ? instant : () => instant,
      });

    /** A NOT_PAY order as an older version left it: polling stopped at three days. */
    async function stoppedNotPaidOrder() {
      const { outTradeNo, subscriber } = await pendingOrder(stack, 'S');
      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_NOT_PAY')).status, 200);
      await subscriber.waitFor(2, 5_000);
      await subscriber.close();
      const lastError = 'polling stopped after 400 attempts: still not final';
      assert.ok(await stack.store.deductOrders.reschedulePoll(outTradeNo, ['NOT_PAY'], { nextPollAt: null, lastError }));
      return (await stack.store.deductOrders.get(outTradeNo))!;
    }

    it('a poller resumes orders stopped while their repayment date may still settle them, and only those, and again later', async () => {
      const order = await stoppedNotPaidOrder();
      const { repaymentDate } = (await stack.store.reservations.get(order.outRecordId))!;
      // Long after: its repayment date ended more than the give-up age ago. Left stopped.
      await pollerAt(new Date(beijingDayEnd(repaymentDate).getTime() + GIVE_UP_AFTER_MS + 60_000)).pollOnce();
      assert.equal((await stack.store.deductOrders.get(order.outTradeNo))?.nextPollAt, null);

      // Now: resumed in the round's first step, then claimed and asked about in the same round.
      let now = new Date();
      const poller = pollerAt(() => now);
      assert.equal(await poller.pollOnce(), 1);
      const polled = (await stack.store.deductOrders.get(order.outTradeNo))!;
      assert.equal(polled.lastError, null, 'asked again, and still NOT_PAY');
      assert.ok(polled.nextPollAt! > now.toISOString(), 'booked on');
      assert.equal(polled.version, order.version, 'no change of the order itself');

      // Stopped again (an old instance beside this one, during a rolling deploy): resumed by a
      // later round of the same poller, 15 minutes on, not only when it starts.
      assert.ok(await stack.store.deductOrders.reschedulePoll(order.outTradeNo, ['NOT_PAY'], { nextPollAt: null }));
      now = new Date(now.getTime() + 60_000);
      assert.equal(await poller.pollOnce(), 0, 'not within 15 minutes of the last resume');
      assert.equal((await stack.store.deductOrders.get(order.outTradeNo))?.nextPollAt, null);
      now = new Date(now.getTime() + LATE_POLL_DELAY_MS);
      assert.equal(await poller.pollOnce(), 1);
      assert.ok((await stack.store.deductOrders.get(order.outTradeNo))!.nextPollAt! > now.toISOString());
    });

    it('a NOT_PAY order is still asked about past the give-up age, until that age has passed since its repayment date', async () => {
      const { outTradeNo, subscriber } = await pendingOrder(stack, 'L');
      assert.equal((await force(stack, outTradeNo, 'DEDUCT_ORDER_STATE_NOT_PAY')).status, 200);
      await subscriber.waitFor(2, 5_000);
      await subscriber.close();
      const order = (await stack.store.deductOrders.get(outTradeNo))!;
      const { repaymentDate } = (await stack.store.reservations.get(order.outRecordId))!;
      const pollAt = (instant: Date) => pollerAt(instant).pollOnce();

      // Four days on: past the give-up age after its creation, but its repayment date (D+3) has
      // not been over for that long. WeChat Pay may still fail it, and would not say so.
      const fourDaysOn = new Date(Date.parse(order.createdAt) + 4 * DAY_MS);
      await pollAt(fourDaysOn);
      const stillPolled = await stack.store.deductOrders.get(outTradeNo);
      assert.equal(stillPolled?.state, 'NOT_PAY');
      assert.equal(stillPolled?.lastError, null);
      assert.equal(stillPolled?.nextPollAt, new Date(fourDaysOn.getTime() + LATE_POLL_DELAY_MS).toISOString());

      const ended = new Date(beijingDayEnd(repaymentDate).getTime() + GIVE_UP_AFTER_MS + 1);
      await pollAt(ended);
      const stopped = await stack.store.deductOrders.get(outTradeNo);
      assert.equal(stopped?.state, 'NOT_PAY', 'left open, for reconciliation');
      assert.equal(stopped?.nextPollAt, null);
      assert.match(stopped?.lastError ?? '', /^polling stopped after \d+ attempts/);
    });
  });
});
