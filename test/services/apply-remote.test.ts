/**
 * How WeChat Pay's view of a deduct order (callback, query or create answer) is applied to the
 * stored order: only to the order it describes, never erasing or reassigning what is ours, filling
 * payment details learnt late, and flagging what contradicts ours.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canSee, type Viewer } from '../../src/auth/viewer.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { NotificationService } from '../../src/services/notification-service.js';
import type { DeductOrderRecord, Store } from '../../src/store/store.js';
import { DIALECTS, storePerSuite, newDeductOrder, uniqueId } from '../store/test-setup.js';
import { capturedLog, notificationReceiver, signedCallback } from './notification-fixtures.js';

const API_V3_KEY = 'a'.repeat(32);
const FUTURE = '2999-01-01T00:00:00.000Z';
const OWNER: Viewer = { role: 'user', subject: 'owner', openid: 'o_user' };

for (const dialect of DIALECTS) {
  describe(`applying WeChat Pay's view of a deduct order (${dialect})`, () => {
    let store: Store;
    let orders: DeductOrderService;
    const lines: Record<string, unknown>[] = [];
    let service: NotificationService;

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
      ({ service, orders } = notificationReceiver(store, { apiV3Key: API_V3_KEY, log: capturedLog(lines) }));
    });

    async function pendingOrder(overrides: Partial<Parameters<typeof newDeductOrder>[0]> = {}): Promise<DeductOrderRecord> {
      const order = newDeductOrder({ subAppid: 'wx_sub_app', ...overrides });
      assert.ok(await store.deductOrders.insertIntent(order, FUTURE));
      return (await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING'))!;
    }

    function payment(order: DeductOrderRecord, overrides: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        sp_mchid: '1900000001',
        sub_mchid: '1900000109',
        appid: order.appid,
        sub_appid: order.subAppid,
        openid: order.openid,
        order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
        out_trade_no: order.outTradeNo,
        out_record_id: order.outRecordId,
        contract_id: order.contractId,
        deduct_amount: String(order.deductAmount),
        pay_success_amount: String(order.deductAmount),
        description: order.description,
        transaction_id: uniqueId('TX'),
        ...overrides,
      };
    }

    it('a payment callback that leaves out the optional sub_appid (and openid) keeps the stored values; the borrower still sees the order', async () => {
      const order = await pendingOrder();
      const resource = payment(order);
      delete resource.sub_appid; // optional on the wire (§3.7 table); openid too in some answers
      delete resource.openid;
      const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', resource, { apiV3Key: API_V3_KEY });
      assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
      const stored = (await store.deductOrders.get(order.outTradeNo))!;
      assert.equal(stored.state, 'PAY_SUCCESS');
      assert.equal(stored.subAppid, 'wx_sub_app', 'sub_appid erased by an answer that did not carry it');
      assert.ok(canSee(OWNER, stored.openid), 'the paying borrower can no longer see their own order (openid erased)');
    });

    for (const [name, overrides] of [
      ['another contract', { contract_id: 'SOMEOTHERCONTRACT' }],
      ['another reservation', { out_record_id: 'SOMEOTHERRECORD' }],
      ['another amount', { deduct_amount: '999999', pay_success_amount: '999999' }],
      ['more paid than asked', { pay_success_amount: '10001' }],
      ['an unreadable amount', { deduct_amount: '10,000' }],
    ] as const) {
      it(`a payment naming ${name} is not applied: UNMATCHED, logged as an error, the order as it was`, async () => {
        const order = await pendingOrder({ deductAmount: 10_000 });
        const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order, overrides), { apiV3Key: API_V3_KEY });
        const mark = lines.length;
        assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
        assert.equal((await store.notifications.get(call.id))?.outcome, 'UNMATCHED');
        const stored = (await store.deductOrders.get(order.outTradeNo))!;
        assert.deepEqual([stored.state, stored.paySuccessAmount, stored.version], ['PENDING', null, order.version]);
        assert.ok(lines.slice(mark).some((line) => (line.level as number) >= 50 && typeof line.contradiction === 'string'), 'an error naming the contradiction');
      });
    }

    it("never takes the order's openid or appid from WeChat Pay: another openid in the answer does not move the order to that user", async () => {
      const order = await pendingOrder();
      const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order, { openid: 'o_somebody_else', appid: 'wx_other' }), { apiV3Key: API_V3_KEY });
      assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
      const stored = (await store.deductOrders.get(order.outTradeNo))!;
      assert.deepEqual([stored.state, stored.openid, stored.appid], ['PAY_SUCCESS', order.openid, order.appid]);
    });

    it('a PAY_SUCCESS learnt first without pay_success_amount / transaction_id (both optional, §3.7) gets them from the callback that carries them', async () => {
      const order = await pendingOrder();
      // The poller's query got there first: PAY_SUCCESS, the optional fields left out.
      const queried = payment(order);
      delete queried.pay_success_amount;
      delete queried.transaction_id;
      assert.ok(await orders.applyRemote(queried as never));
      // Then WeChat Pay's DEDUCTION_PAY, with the amount actually paid and the payment number.
      const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order, { pay_success_amount: '10000', transaction_id: 'TX4200001234' }), { apiV3Key: API_V3_KEY });
      assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
      const stored = (await store.deductOrders.get(order.outTradeNo))!;
      assert.deepEqual([stored.paySuccessAmount, stored.transactionId], [10000, 'TX4200001234'], `outcome ${(await store.notifications.get(call.id))?.outcome}`);
      assert.equal((await store.notifications.get(call.id))?.outcome, 'APPLIED');
      // Once filled, a repeat changes nothing.
      const again = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order, { pay_success_amount: '10000', transaction_id: 'TX4200001234' }), { apiV3Key: API_V3_KEY });
      assert.deepEqual(await service.receive(again.headers, again.body), { status: 204 });
      assert.equal((await store.notifications.get(again.id))?.outcome, 'NO_CHANGE');
      // Another amount or payment number than the one stored contradicts it: flagged, not applied.
      for (const other of [{ pay_success_amount: '9000', transaction_id: 'TX4200001234' }, { pay_success_amount: '10000', transaction_id: 'TX4200009999' }]) {
        const differing = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order, other), { apiV3Key: API_V3_KEY });
        assert.deepEqual(await service.receive(differing.headers, differing.body), { status: 204 });
        assert.equal((await store.notifications.get(differing.id))?.outcome, 'UNMATCHED', JSON.stringify(other));
      }
      const final = (await store.deductOrders.get(order.outTradeNo))!;
      assert.deepEqual([final.paySuccessAmount, final.transactionId], [10000, 'TX4200001234']);
    });

    it('a move that leaves out transaction_id keeps the one an earlier answer carried', async () => {
      const order = await pendingOrder();
      // An open state carrying a payment id (not documented, not excluded either).
      const early = payment(order, { order_state: 'DEDUCT_ORDER_STATE_NOT_PAY', transaction_id: 'TX4200000001' });
      delete early.pay_success_amount;
      assert.ok(await orders.applyRemote(early as never));
      const later = payment(order);
      delete later.transaction_id;
      const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', later, { apiV3Key: API_V3_KEY });
      assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
      const stored = (await store.deductOrders.get(order.outTradeNo))!;
      assert.equal(stored.state, 'PAY_SUCCESS');
      assert.equal(stored.transactionId, 'TX4200000001');
      assert.equal(stored.paySuccessAmount, order.deductAmount);
    });

    it('a PAY_SUCCESS for an order stored PAY_FAIL is flagged (UNMATCHED, error log), never applied', async () => {
      const order = await pendingOrder();
      assert.ok(await store.deductOrders.transition(order.outTradeNo, ['PENDING'], 'PAY_FAIL'));
      // PAY_FAIL freed the reservation: a second order on it is accepted (and may be charged).
      const second = newDeductOrder({ outRecordId: order.outRecordId, contractId: order.contractId });
      assert.ok(await store.deductOrders.insertIntent(second, FUTURE), 'second order on the same reservation');
      const call = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', payment(order), { apiV3Key: API_V3_KEY });
      const mark = lines.length;
      assert.deepEqual(await service.receive(call.headers, call.body), { status: 204 });
      assert.equal((await store.notifications.get(call.id))?.outcome, 'UNMATCHED');
      assert.equal((await store.deductOrders.get(order.outTradeNo))?.state, 'PAY_FAIL');
      const line = lines.slice(mark).find((entry) => entry.notificationId === call.id);
      assert.ok((line?.level as number) >= 50, `logged at level ${line?.level}: ${JSON.stringify(line)}`);
    });
  });
}
