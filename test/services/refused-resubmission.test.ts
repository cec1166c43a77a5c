import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { ServiceError } from '../../src/services/service-error.js';
import type { FaultRule } from '../../src/simulator/fault-rules.js';
import { eventually } from '../helpers/eventually.js';
import { assertAgrees, awaitContract, scheduleServiceInput, sleep } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };
const DEDUCT_ORDERS = '/v3/credit-repayment/partner/deduct-orders';
const BATCH_CREATE = '/v3/credit-repayment/partner/schedule-records/batch-create';
const SCHEDULE_RECORDS = '/v3/credit-repayment/partner/schedule-records';

/** Lets every matching request through unchanged (a 1 ms delay) and counts them: `hits`. */
const counting = (match: string): FaultRule => ({ match, fault: 'delay', delay_ms: 1, times: 'always' });

/**
 * The first create's answer is lost but WeChat Pay got it; a query does not see it yet (404), so
 * the same id is sent again, and WeChat Pay refuses that resubmission. The refusal says nothing
 * about the first create: the record stays in doubt, is queried, never failed or deleted by us and
 * never sent a third time; WeChat Pay's own answer settles it.
 */
describe('a refused resubmission', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let n = 0;

  before(async () => {
    // Orders settle only when a test says so; the poller looks every 100 ms.
    stack = await startSandboxStack({ requestTimeoutMs: 1_000, pollIntervalMs: 100, simulator: { settleDelayMs: null } });
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());
  const faults = () => stack.simulator.faults;

  const reservationInput = () => scheduleServiceInput(contract.contract_id, `REFUSED${Date.now()}${++n}`);

  function orderInput(outRecordId: string, outTradeNo = `REFT${Date.now()}${++n}`) {
    return { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: 5_000, description: '信贷还款', attach: null };
  }

  it('of a deduct order leaves it UNKNOWN, queried and not resent; its PAY_SUCCESS still lands, and the reservation takes no second order', async () => {
    const reservation = await stack.app.services.reservations.schedule(reservationInput(), STAFF);
    const input = orderInput(reservation.outRecordId);
    faults().set([
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'accept_then_drop' },
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 400 },
      counting(`POST ${DEDUCT_ORDERS}`),
      { match: `GET ${DEDUCT_ORDERS}/${input.outTradeNo}`, fault: 'status', status: 404, times: 'always' },
    ]);
    try {
      assert.equal((await stack.app.services.orders.initiate(input, STAFF)).state, 'UNKNOWN');
      const refused = await eventually(async () => {
        const order = await stack.store.deductOrders.get(input.outTradeNo);
        return order?.resubmissionRefusedAt ? order : undefined;
      }, 'the resubmission to be refused');
      assert.equal(refused.state, 'UNKNOWN');
      assert.match(refused.lastError ?? '', /resubmission refused.*INVALID_REQUEST/);

      // The poller keeps asking (the 404s go on) but sends nothing more.
      await eventually(async () => {
        const order = (await stack.store.deductOrders.get(input.outTradeNo))!;
        return order.pollAttempts >= refused.pollAttempts + 2 ? order : undefined;
      }, 'two more queries');
      const [dropped, rejected, more] = faults().list();
      assert.deepEqual([dropped!.hits, rejected!.hits, more!.hits], [1, 1, 0], 'one create, one resubmission, no third send');
      const waiting = (await stack.store.deductOrders.get(input.outTradeNo))!;
      assert.equal(waiting.state, 'UNKNOWN');
      assert.match(waiting.lastError ?? '', /resubmission refused at .*not sent again/);
      assert.ok(waiting.nextPollAt, 'still polled');

      // The reservation is not free: the first order may still be paid.
      await assert.rejects(stack.app.services.orders.initiate(orderInput(input.outRecordId), STAFF), (error: unknown) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.code, 'CONFLICT');
        return true;
      });
    } finally {
      faults().clear();
    }

    // The first create did reach WeChat Pay: its payment succeeds and is applied.
    const settled = await fetch(`${stack.simulator.url}/sandbox/deduct-orders/${input.outTradeNo}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' }),
    });
    assert.equal(settled.status, 200);
    const paid = await eventually(async () => {
      const order = (await stack.store.deductOrders.get(input.outTradeNo))!;
      return order.state === 'PAY_SUCCESS' ? order : undefined;
    }, 'PAY_SUCCESS to be applied');
    await assertAgrees(stack.wechatpay.client, paid);
  });

  it('of a reservation keeps it UNKNOWN and queries it on the next request, without sending it again', async () => {
    const input = reservationInput();
    faults().set([
      { match: `POST ${BATCH_CREATE}`, fault: 'accept_then_drop' },
      { match: `POST ${BATCH_CREATE}`, fault: 'status', status: 400 },
      counting(`POST ${BATCH_CREATE}`),
      { match: `GET ${SCHEDULE_RECORDS}/${input.outRecordId}`, fault: 'status', status: 404, times: 2 },
    ]);
    try {
      const first = await stack.app.services.reservations.schedule(input, STAFF);
      assert.equal(first.state, 'UNKNOWN');
      assert.ok(first.resubmissionRefusedAt, 'the refusal is recorded');
      assert.ok(await stack.store.reservations.get(input.outRecordId), 'not deleted');

      // Still not visible: the replay queries (404) and returns it as it is, sending nothing.
      const replayed = await stack.app.services.reservations.schedule(input, STAFF);
      assert.equal(replayed.state, 'UNKNOWN');
      const [dropped, rejected, more, notFound] = faults().list();
      assert.deepEqual([dropped!.hits, rejected!.hits, more!.hits, notFound!.hits], [1, 1, 0, 2]);

      // Now WeChat Pay shows the reservation its first create made.
      const settled = await stack.app.services.reservations.refresh(input.outRecordId, input.contractId);
      assert.equal(settled.state, 'SCHEDULED');
      assert.equal(faults().list()[2]!.hits, 0, 'never sent a third time');
    } finally {
      faults().clear();
    }
  });

  it('of a deduct order by a rate limit is sent again later (nothing happened at WeChat Pay)', async () => {
    const reservation = await stack.app.services.reservations.schedule(reservationInput(), STAFF);
    const input = orderInput(reservation.outRecordId);
    faults().set([
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 503 },
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 429 },
    ]);
    try {
      assert.equal((await stack.app.services.orders.initiate(input, STAFF)).state, 'UNKNOWN');
      const pending = await eventually(async () => {
        const order = (await stack.store.deductOrders.get(input.outTradeNo))!;
        return order.state === 'PENDING' ? order : undefined;
      }, 'the third send to create it');
      assert.equal(pending.resubmissionRefusedAt, null);
    } finally {
      faults().clear();
    }
  });

  it('is sent by one claimant only: a resubmit holding a stale lease sends nothing', async () => {
    const reservation = await stack.app.services.reservations.schedule(reservationInput(), STAFF);
    const input = orderInput(reservation.outRecordId);
    faults().set([{ match: `POST ${DEDUCT_ORDERS}`, fault: 'status', status: 503 }, counting(`POST ${DEDUCT_ORDERS}`)]);
    try {
      assert.equal((await stack.app.services.orders.initiate(input, STAFF)).state, 'UNKNOWN');
      // Two pollers that read the order under the same lease (the second after the first's
      // lease ran out, before it wrote anything), and one that read it under an older lease.
      const claimed = (await stack.store.deductOrders.get(input.outTradeNo))!;
      const stale = { ...claimed, nextPollAt: new Date(Date.parse(claimed.nextPollAt!) - 30_000).toISOString() };
      const orders = stack.app.services.orders;
      await Promise.all([orders.resubmit(claimed, 1), orders.resubmit(claimed, 1), orders.resubmit(stale, 1)]);
      assert.equal(faults().list()[1]!.hits, 1, 'one resubmission');
      await sleep(50);
      assert.equal((await stack.store.deductOrders.get(input.outTradeNo))!.state, 'PENDING');
    } finally {
      faults().clear();
    }
  });
});
