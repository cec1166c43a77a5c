/**
 * The first create of a deduct order against the poller's resubmission of the same out_trade_no,
 * a row gone under the poller, and the age and date past which an order is never sent again. A
 * scripted WeChat Pay client (no HTTP) decides when each call answers and what.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { createLogger } from '../../src/logger.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { OrderPoller } from '../../src/services/order-poller.js';
import type { Store } from '../../src/store/store.js';
import { errorFromResponse, type DeductOrder, type WechatpayClient } from '../../src/wechatpay/index.js';
import type { CreateDeductOrderRequest } from '../../src/wechatpay/types.js';
import { DIALECTS, storePerSuite, contractSnapshot, newDeductOrder, newReservation, uniqueId, withRawSql, type TestDatabase } from '../store/test-setup.js';
import { gate, type Gate } from '../helpers/gate.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };
const TIMEOUT_MS = 200;
/** A second instance's clock ahead by more than the in-flight margin (requestTimeoutMs + 5 s), or an intent insert that slow. */
const SKEW_MS = TIMEOUT_MS + 6_000;
const DAY_MS = 24 * 3600 * 1000;

function answer(request: CreateDeductOrderRequest, state = 'DEDUCT_ORDER_STATE_PENDING'): DeductOrder {
  return {
    out_trade_no: request.out_trade_no,
    out_record_id: request.out_record_id,
    contract_id: request.contract_id,
    appid: 'wx_app',
    openid: 'o_user',
    order_state: state as DeductOrder['order_state'],
    deduct_amount: request.deduct_amount,
    description: request.description,
  };
}

const notFound = () => errorFromResponse(404, JSON.stringify({ code: 'RESOURCE_NOT_EXISTS', message: 'no such order' }));
const duplicate = () => errorFromResponse(400, JSON.stringify({ code: 'INVALID_REQUEST', message: 'out_trade_no already used' }));

/**
 * A WeChat Pay that does not know the order when asked (after `whenAsked`, if given), and takes it
 * (PENDING) when it is sent; `sent` records each create.
 */
function unawareWechatpay(whenAsked?: (outTradeNo: string) => Promise<unknown>): { wechatpay: WechatpayClient; sent: string[] } {
  const sent: string[] = [];
  const wechatpay = {
    deductOrders: {
      create: async (request: CreateDeductOrderRequest) => {
        sent.push(request.out_trade_no);
        return answer(request);
      },
      get: async (outTradeNo: string) => {
        await whenAsked?.(outTradeNo);
        throw notFound();
      },
    },
  } as unknown as WechatpayClient;
  return { wechatpay, sent };
}

/** A logger that says nothing and keeps what was logged at error level. */
function quietLogger() {
  const log = createLogger('silent');
  const errors: unknown[][] = [];
  log.error = ((...args: unknown[]) => void errors.push(args)) as typeof log.error;
  return { log, errors };
}

for (const dialect of DIALECTS) {
  describe(`deduct order resubmission guards (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;

    storePerSuite(dialect, (suite) => {
      ({ store, database } = suite);
    });

    async function scheduledReservation(repaymentDate = addDays(beijingDate(new Date()), 3)) {
      const contract = contractSnapshot();
      assert.ok(await store.contracts.applySnapshot(contract));
      const reservation = newReservation({ contractId: contract.contractId, repaymentDate });
      assert.ok(await store.reservations.insertIntent(reservation));
      assert.ok(await store.reservations.transition(reservation.outRecordId, ['SUBMITTING'], 'SCHEDULED'));
      /** An initiateRepayment of a new order on it. */
      const input = { contractId: contract.contractId, outTradeNo: uniqueId('T'), outRecordId: reservation.outRecordId, deductAmount: 8_000, description: '信贷还款', attach: null };
      return { contract, reservation, input };
    }

    /**
     * A WeChat Pay whose creates answer only when the test says (`creates`, in order; `createSeen[i]`
     * resolves when the i-th is sent) and that does not know the order when asked.
     */
    function heldCreates(seen: number) {
      const creates: { request: CreateDeductOrderRequest; reply: Gate<DeductOrder> }[] = [];
      const createSeen: Gate<void>[] = Array.from({ length: seen }, () => gate<void>());
      const wechatpay = {
        deductOrders: {
          create: (request: CreateDeductOrderRequest) => {
            const reply = gate<DeductOrder>();
            creates.push({ request, reply });
            createSeen[creates.length - 1]?.resolve();
            return reply.promise;
          },
          get: async () => {
            throw notFound();
          },
        },
      } as unknown as WechatpayClient;
      return { wechatpay, creates, createSeen };
    }

    /** `now`: the clock of both; `pollerNow`: the poller's alone (another instance's, skewed). */
    function services(wechatpay: WechatpayClient, clocks: { now?: () => Date; pollerNow?: () => Date; leaseMs?: number } = {}) {
      const { log, errors } = quietLogger();
      const { now, pollerNow = now, leaseMs } = clocks;
      const orders = new DeductOrderService({
        store,
        wechatpay,
        events: { deductOrderChanged: () => {} } as never,
        notifyUrl: () => 'https://example.com/notify',
        requestTimeoutMs: TIMEOUT_MS,
        log,
        ...(now ? { now } : {}),
      });
      const poller = new OrderPoller({ store, wechatpay, orders, intervalMs: 60_000, log, ...(pollerNow ? { now: pollerNow } : {}), ...(leaseMs ? { leaseMs } : {}) });
      return { orders, poller, errors };
    }

    /** An UNKNOWN order, due now, created `ageMs` ago. */
    async function unknownOrder(ageMs: number, repaymentDate?: string) {
      const { contract, reservation } = await scheduledReservation(repaymentDate);
      const order = newDeductOrder({ contractId: contract.contractId, outRecordId: reservation.outRecordId });
      assert.ok(await store.deductOrders.insertIntent(order, new Date(Date.now() - 1_000).toISOString()));
      assert.ok(await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'UNKNOWN', { nextPollAt: new Date(Date.now() - 1_000).toISOString() }));
      const createdAt = new Date(Date.now() - ageMs).toISOString();
      const p = (i: number) => (dialect === 'sqlite' ? '?' : `$${i}`);
      await withRawSql(database, (run) => run(`update deduct_orders set created_at = ${p(1)} where out_trade_no = ${p(2)}`, [createdAt, order.outTradeNo]));
      return order;
    }

    it('a first create refused while the poller resubmits the same out_trade_no keeps the order WeChat Pay holds', async () => {
      const { contract, reservation, input } = await scheduledReservation();
      // The first create is still on its way: WeChat Pay does not know the order yet.
      const { wechatpay, creates, createSeen } = heldCreates(2);
      const { orders, poller } = services(wechatpay, { pollerNow: () => new Date(Date.now() + SKEW_MS) });

      const initiating = orders.initiate(input, STAFF).then(
        (order) => ({ order }),
        (error: unknown) => ({ error }),
      );
      await createSeen[0]!.promise;
      const polling = poller.pollOnce().catch((error: unknown) => error);
      await createSeen[1]!.promise; // the poller sent the same out_trade_no again
      assert.equal(creates[1]!.request.out_trade_no, input.outTradeNo);

      // WeChat Pay took the resubmission first and refuses the first create as a duplicate.
      creates[0]!.reply.reject(duplicate());
      const first = await initiating;
      assert.ok('order' in first, `initiate: ${'error' in first ? String(first.error) : ''}`);
      assert.equal(first.order.state, 'UNKNOWN', 'in doubt, not refused: WeChat Pay may hold the order');
      assert.ok(first.order.resubmissionRefusedAt, 'only queried from now on');
      creates[1]!.reply.resolve(answer(creates[1]!.request));
      assert.equal(await polling, 1);

      const stored = await store.deductOrders.get(input.outTradeNo);
      assert.equal(stored?.state, 'PENDING');
      // The reservation takes no second order.
      await assert.rejects(store.deductOrders.insertIntent(newDeductOrder({ outRecordId: reservation.outRecordId, contractId: contract.contractId }), '2999-01-01T00:00:00.000Z'));
    });

    it('a first create ending in doubt while the poller resubmits it leaves the resubmission its guard: no third create', async () => {
      const { input } = await scheduledReservation();
      let now = Date.now();
      const clock = () => new Date(now);
      const { wechatpay, creates, createSeen } = heldCreates(3);
      const { orders, poller } = services(wechatpay, { now: clock, leaseMs: 30_000 });
      const initiating = orders.initiate(input, STAFF).catch((error: unknown) => error);
      await createSeen[0]!.promise;
      // The first create is still out when its in-flight margin runs out (a slow insert, say):
      // the poller finds nothing at WeChat Pay and sends the order again, guarded while that runs.
      now += SKEW_MS;
      const round1 = poller.pollOnce();
      await createSeen[1]!.promise;
      const guard = (await store.deductOrders.get(input.outTradeNo))!.nextPollAt;
      // Now the first create ends without an answer (503: outcome unknown).
      creates[0]!.reply.reject(errorFromResponse(503, JSON.stringify({ code: 'SYSTEM_ERROR', message: 'busy' })));
      await initiating;
      const after = (await store.deductOrders.get(input.outTradeNo))!;
      assert.equal(after.state, 'UNKNOWN');
      assert.equal(after.nextPollAt, guard, "the resubmission's guard stays");
      now += 2_000; // well within that guard
      await poller.pollOnce();
      assert.equal(creates.length, 2, 'no third create');
      creates[1]!.reply.resolve(answer(creates[1]!.request));
      await round1;
      assert.equal((await store.deductOrders.get(input.outTradeNo))?.state, 'PENDING');
    });

    it('a first create ending in doubt with no poller involved is looked at again soon', async () => {
      const { input } = await scheduledReservation();
      const wechatpay = {
        deductOrders: {
          create: async () => {
            throw errorFromResponse(503, JSON.stringify({ code: 'SYSTEM_ERROR', message: 'busy' }));
          },
        },
      } as unknown as WechatpayClient;
      const { orders } = services(wechatpay);
      const order = await orders.initiate(input, STAFF);
      assert.equal(order.state, 'UNKNOWN');
      assert.ok(Date.parse(order.nextPollAt!) <= Date.now() + 5_000, `next look at ${order.nextPollAt}, not after the in-flight margin`);
      assert.equal(order.pollAttempts, 0);
      assert.match(order.lastError ?? '', /503|SYSTEM_ERROR/);
      // Settled here, so the other tests' pollers (same store) do not find it due.
      assert.ok(await store.deductOrders.transition(order.outTradeNo, ['UNKNOWN'], 'PAY_FAIL'));
    });

    it('a first create refused while the poller queries it keeps the row in doubt, and the poller does not send it', async () => {
      const { input } = await scheduledReservation();
      const creates: Gate<DeductOrder>[] = [];
      const firstSent = gate<void>();
      const querying = gate<void>();
      const queryReply = gate<void>();
      const wechatpay = {
        deductOrders: {
          create: (request: CreateDeductOrderRequest) => {
            const reply = gate<DeductOrder>();
            creates.push(reply);
            if (creates.length === 1) firstSent.resolve();
            else reply.resolve(answer(request));
            return reply.promise;
          },
          get: async () => {
            querying.resolve();
            await queryReply.promise;
            throw notFound();
          },
        },
      } as unknown as WechatpayClient;
      const { orders, poller } = services(wechatpay, { pollerNow: () => new Date(Date.now() + SKEW_MS) });
      const initiating = orders.initiate(input, STAFF);
      await firstSent.promise;
      const polling = poller.pollOnce();
      await querying.promise; // the poller claimed the order and asks WeChat Pay about it

      creates[0]!.reject(duplicate());
      const first = await initiating;
      assert.equal(first.state, 'UNKNOWN');
      queryReply.resolve();
      await polling;
      assert.equal(creates.length, 1, 'not sent again');
      const stored = await store.deductOrders.get(input.outTradeNo);
      assert.equal(stored?.state, 'UNKNOWN');
      assert.ok(stored?.resubmissionRefusedAt);
    });

    it('a first create refused before any poller looked still removes the intent', async () => {
      const { input } = await scheduledReservation();
      const wechatpay = {
        deductOrders: {
          create: async () => {
            throw duplicate();
          },
        },
      } as unknown as WechatpayClient;
      const { orders } = services(wechatpay);
      await assert.rejects(orders.initiate(input, STAFF), /already used/);
      assert.equal(await store.deductOrders.get(input.outTradeNo), undefined);
    });

    it('deleteIntent with `untouched` removes only a row that still holds those values', async () => {
      const order = await store.deductOrders.insertIntent(newDeductOrder(), '2999-01-01T00:00:00.000Z');
      assert.ok(order);
      assert.equal(await store.deductOrders.deleteIntent(order.outTradeNo, ['SUBMITTING'], { ...order, nextPollAt: '2999-01-02T00:00:00.000Z' }), false);
      assert.equal(await store.deductOrders.deleteIntent(order.outTradeNo, ['SUBMITTING'], { ...order, pollAttempts: 1 }), false);
      assert.equal(await store.deductOrders.deleteIntent(order.outTradeNo, ['SUBMITTING'], { ...order, version: 2 }), false);
      assert.equal(await store.deductOrders.deleteIntent(order.outTradeNo, ['SUBMITTING'], order), true);
      assert.equal(await store.deductOrders.get(order.outTradeNo), undefined);
    });

    it('a poll round whose query outlasted its lease leaves the order to the round that took it over: one create in flight', async () => {
      const order = await unknownOrder(60_000);
      let now = Date.now();
      const clock = () => new Date(now);
      const LEASE_MS = 30_000;
      const slowQuery = gate<void>();
      const querying = gate<void>();
      const creating = gate<void>();
      const sent: string[] = [];
      let queries = 0;
      const wechatpay = {
        deductOrders: {
          // The first query hangs past the lease, then fails; later ones find no such order.
          get: async (outTradeNo: string) => {
            if (outTradeNo === order.outTradeNo && ++queries === 1) {
              querying.resolve();
              await slowQuery.promise;
              throw errorFromResponse(503, JSON.stringify({ code: 'SYSTEM_ERROR', message: 'busy' }));
            }
            throw notFound();
          },
          // The resubmission stays in flight for the rest of the test (other tests' orders are taken).
          create: async (request: CreateDeductOrderRequest) => {
            if (request.out_trade_no !== order.outTradeNo) return answer(request);
            sent.push(request.out_trade_no);
            creating.resolve();
            return new Promise<DeductOrder>(() => {});
          },
        },
      } as unknown as WechatpayClient;
      const { poller } = services(wechatpay, { now: clock, leaseMs: LEASE_MS });

      const first = poller.pollOnce(); // claims the order, and its query hangs
      await querying.promise;
      now += LEASE_MS + 1_000; // the lease has run out
      void poller.pollOnce(); // another round takes the order over: not known, so sent again
      await creating.promise;
      const guarded = (await store.deductOrders.get(order.outTradeNo))!.nextPollAt;
      slowQuery.resolve(); // the first round's query fails at last
      await first;
      assert.equal((await store.deductOrders.get(order.outTradeNo))!.nextPollAt, guarded, "the resubmission's in-flight guard is kept");
      now += 4_000; // still within that guard (the call's timeout + 5 s)
      await poller.pollOnce(); // (other tests' orders in this store may be due: only this one is looked at)
      assert.equal((await store.deductOrders.get(order.outTradeNo))!.nextPollAt, guarded, 'not claimed while the resubmission is in flight');
      assert.deepEqual(
        sent.filter((outTradeNo) => outTradeNo === order.outTradeNo),
        [order.outTradeNo],
        'one create in flight, not two',
      );
    });

    it('a row gone while the poller resubmits it is logged, not a TypeError that ends the round', async () => {
      const order = await unknownOrder(0);
      // Removed behind the poller's back (by hand, or a bug elsewhere).
      const { wechatpay, sent } = unawareWechatpay((outTradeNo) => store.deductOrders.deleteIntent(outTradeNo, ['UNKNOWN']));
      const { poller, errors } = services(wechatpay);
      assert.equal(await poller.pollOnce(), 1);
      assert.deepEqual(sent, []);
      assert.ok(errors.some((args) => JSON.stringify(args).includes(order.outTradeNo)), 'the missing row is logged as an error');
    });

    it('an order past the give-up age is not sent to WeChat Pay again, and polling stops', async () => {
      const order = await unknownOrder(10 * DAY_MS);
      const { wechatpay, sent } = unawareWechatpay();
      const { poller } = services(wechatpay);
      await poller.pollOnce();
      assert.deepEqual(sent, [], 'a 10-day-old repayment was sent to WeChat Pay');
      const stored = await store.deductOrders.get(order.outTradeNo);
      assert.equal(stored?.state, 'UNKNOWN');
      assert.equal(stored?.nextPollAt, null, 'polling stopped');
      assert.match(stored?.lastError ?? '', /polling stopped.*give-up age.*not sent again/);
    });

    it('an order whose reservation date has passed (Beijing time) is not sent again, but still queried', async () => {
      const yesterday = addDays(beijingDate(new Date()), -1);
      const order = await unknownOrder(60_000, yesterday);
      const { wechatpay, sent } = unawareWechatpay();
      const { poller } = services(wechatpay);
      await poller.pollOnce();
      assert.deepEqual(sent, []);
      const stored = await store.deductOrders.get(order.outTradeNo);
      assert.equal(stored?.state, 'UNKNOWN');
      assert.ok(stored?.nextPollAt, 'still queried');
      assert.match(stored?.lastError ?? '', new RegExp(`repayment date ${yesterday} \\(Beijing\\) has passed`));
    });

    it('an order within the give-up age and before its date is still sent again', async () => {
      const order = await unknownOrder(60_000);
      const { wechatpay, sent } = unawareWechatpay();
      const { poller } = services(wechatpay);
      await poller.pollOnce();
      assert.deepEqual(sent, [order.outTradeNo]);
      assert.equal((await store.deductOrders.get(order.outTradeNo))?.state, 'PENDING');
    });

    it("a query answer that contradicts the order is not applied, and the order's lastError says what contradicts", async () => {
      const order = await unknownOrder(60_000);
      const wechatpay = {
        deductOrders: {
          get: async () =>
            answer({
              out_trade_no: order.outTradeNo,
              out_record_id: order.outRecordId,
              contract_id: 'SOMEOTHERCONTRACT',
              deduct_amount: String(order.deductAmount),
              notify_url: 'https://example.com/notify',
              description: order.description,
            }),
        },
      } as unknown as WechatpayClient;
      const { poller, errors } = services(wechatpay);
      await poller.pollOnce();
      const stored = await store.deductOrders.get(order.outTradeNo);
      assert.equal(stored?.state, 'UNKNOWN');
      assert.match(stored?.lastError ?? '', /contradicts this order \(contract_id "SOMEOTHERCONTRACT", ours \w+\)/);
      assert.ok(errors.length > 0, 'logged as an error');
    });
  });
}
