import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { NotificationService } from '../../src/services/notification-service.js';
import type { DeductOrderRecord, Store } from '../../src/store/store.js';
import { DIALECTS, storePerSuite, newDeductOrder, presignedContract, uniqueId } from '../store/test-setup.js';
import { capturedLog, notificationReceiver, signedCallback } from './notification-fixtures.js';

const API_V3_KEY = 'a'.repeat(32);
const FUTURE = '2999-01-01T00:00:00.000Z';

/** A DEDUCTION_PAY callback as WeChat Pay sends it: encrypted resource, signed body. */
function callback(outTradeNo: string, orderState = 'DEDUCT_ORDER_STATE_PAY_SUCCESS', id = uniqueId('EV')) {
  const resource = {
    out_trade_no: outTradeNo,
    order_state: orderState,
    pay_success_amount: '10000',
    transaction_id: `TX${outTradeNo}`, // one payment number per order, in every callback about it
    appid: 'wx_app',
    openid: 'o_user',
  };
  return signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', resource, { apiV3Key: API_V3_KEY, id, associatedData: 'deduct' });
}

for (const dialect of DIALECTS) {
  describe(`NotificationService on the real store (${dialect})`, () => {
    let store: Store;
    let service: NotificationService;
    const published: DeductOrderRecord[] = [];

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
      ({ service } = notificationReceiver(store, {
        apiV3Key: API_V3_KEY,
        log: createLogger('silent'),
        onOrderChanged: (order) => published.push(order),
      }));
    });

    async function pendingOrder(): Promise<string> {
      const order = newDeductOrder();
      assert.ok(await store.deductOrders.insertIntent(order, FUTURE));
      assert.ok(await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING'));
      return order.outTradeNo;
    }

    it('applies a payment (APPLIED), then a repeat is a duplicate and a new id for the same order NO_CHANGE', async () => {
      const outTradeNo = await pendingOrder();
      const first = callback(outTradeNo);
      const before = published.length;
      assert.deepEqual(await service.receive(first.headers, first.body), { status: 204 });
      assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PAY_SUCCESS');
      assert.equal((await store.notifications.get(first.id))?.outcome, 'APPLIED');
      assert.equal(published.length, before + 1);

      assert.deepEqual(await service.receive(first.headers, first.body), { status: 204 });
      assert.equal((await store.notifications.get(first.id))?.outcome, 'APPLIED', 'the first record stays');
      assert.equal(published.length, before + 1, 'a duplicate publishes nothing');

      const again = callback(outTradeNo);
      assert.deepEqual(await service.receive(again.headers, again.body), { status: 204 });
      assert.equal((await store.notifications.get(again.id))?.outcome, 'NO_CHANGE');
      assert.equal(published.length, before + 1);
    });

    it('keeps a payment for an order it does not know as UNMATCHED, even with a state it cannot read', async () => {
      const unknown = callback(uniqueId('T'));
      assert.deepEqual(await service.receive(unknown.headers, unknown.body), { status: 204 });
      assert.equal((await store.notifications.get(unknown.id))?.outcome, 'UNMATCHED');
      const odd = callback(uniqueId('T'), 'DEDUCT_ORDER_STATE_SOMETHING_NEW');
      assert.deepEqual(await service.receive(odd.headers, odd.body), { status: 204 });
      assert.equal((await store.notifications.get(odd.id))?.outcome, 'UNMATCHED');
    });

    it('moves an order on a payment whose pay_success_amount is not fen, without storing that amount', async () => {
      const outTradeNo = await pendingOrder();
      const odd = signedCallback('CREDIT_REPAYMENT.DEDUCTION_PAY', {
        out_trade_no: outTradeNo,
        order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
        pay_success_amount: '100.00',
        transaction_id: uniqueId('TX'),
      }, { apiV3Key: API_V3_KEY, associatedData: 'deduct' });
      assert.deepEqual(await service.receive(odd.headers, odd.body), { status: 204 });
      const order = await store.deductOrders.get(outTradeNo);
      assert.equal(order?.state, 'PAY_SUCCESS');
      assert.equal(order?.paySuccessAmount, null);
      const paid = await pendingOrder();
      const fine = callback(paid);
      assert.deepEqual(await service.receive(fine.headers, fine.body), { status: 204 });
      assert.equal((await store.deductOrders.get(paid))?.paySuccessAmount, 10000);
    });

    it('logs an unmatched payment as an error, with what identifies it and no personal data', async () => {
      const lines: Record<string, unknown>[] = [];
      const { service: logging } = notificationReceiver(store, { apiV3Key: API_V3_KEY, log: capturedLog(lines) });
      const outTradeNo = uniqueId('T');
      const unknown = callback(outTradeNo);
      assert.deepEqual(await logging.receive(unknown.headers, unknown.body), { status: 204 });
      const line = lines.find((entry) => entry.notificationId === unknown.id);
      assert.equal(line?.level, 50, JSON.stringify(lines));
      assert.equal(line?.outcome, 'UNMATCHED');
      assert.equal(line?.outTradeNo, outTradeNo);
      assert.equal(line?.orderState, 'DEDUCT_ORDER_STATE_PAY_SUCCESS');
      assert.ok(!JSON.stringify(line).includes('openid'), 'no openid in the log');
    });

    it('a known order with a state it cannot read answers 500 and stores nothing', async () => {
      const outTradeNo = await pendingOrder();
      const odd = callback(outTradeNo, 'DEDUCT_ORDER_STATE_SOMETHING_NEW');
      assert.equal((await service.receive(odd.headers, odd.body)).status, 500);
      assert.equal(await store.notifications.get(odd.id), undefined);
      assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PENDING');
    });

    it('callbacks arriving together are each stored; one that fails does not take the others with it', async () => {
      const good = await Promise.all([pendingOrder(), pendingOrder(), pendingOrder()]);
      const bad = await pendingOrder();
      const calls = [...good.map((no) => callback(no)), callback(bad, 'DEDUCT_ORDER_STATE_SOMETHING_NEW')];
      const statuses = await Promise.all(calls.map((c) => service.receive(c.headers, c.body).then((r) => r.status)));
      assert.deepEqual(statuses, [204, 204, 204, 500]);
      for (const [i, no] of good.entries()) {
        assert.equal((await store.deductOrders.get(no))?.state, 'PAY_SUCCESS');
        assert.equal((await store.notifications.get(calls[i]!.id))?.outcome, 'APPLIED');
      }
      assert.equal(await store.notifications.get(calls[3]!.id), undefined);
      assert.equal((await store.deductOrders.get(bad))?.state, 'PENDING');
    });

    it('contract callbacks without their optional fields keep what the row had (repayment day, termination time and remark)', async () => {
      const presign = presignedContract({ planId: '100001', repaymentDay: 15 });
      assert.ok(await store.contracts.insertPresigned(presign));
      // §5.3: repayment_day, contract_terminated_time and contract_termination_remark are optional.
      const resource = {
        sp_mchid: '1900000001',
        contract_id: uniqueId('C'),
        plan_id: Number(presign.planId),
        out_contract_code: presign.outContractCode,
        display_name: presign.displayName,
        contract_state: 'CONTRACT_STATE_EFFECTIVE',
        contract_signed_time: '2030-01-15T10:00:00+08:00',
        contract_terminated_mode: 'TERMINATION_MODE_INVALID',
        repayment_amount_limit: String(presign.repaymentAmountLimit),
        appid: presign.appid,
        openid: 'o_signer',
      };
      const signed = signedCallback('CREDIT_REPAYMENT.SIGN_CONTRACT', resource, { apiV3Key: API_V3_KEY, associatedData: 'deduct' });
      assert.deepEqual(await service.receive(signed.headers, signed.body), { status: 204 });
      const effective = await store.contracts.get(presign.outContractCode);
      assert.deepEqual([effective?.state, effective?.openid, effective?.repaymentDay], ['EFFECTIVE', 'o_signer', 15]);

      // terminateRepaymentContract stored WeChat Pay's answer, with the time and our remark.
      const terminatedAt = '2030-01-16T02:00:00.000Z';
      await store.contracts.applySnapshot({
        ...effective!,
        contractId: resource.contract_id,
        state: 'TERMINATED',
        terminatedAt,
        terminationMode: 'BY_MERCHANT',
        terminationRemark: 'wrong details',
      });
      const terminated = signedCallback('CREDIT_REPAYMENT.TERMINATE_CONTRACT', {
        ...resource,
        contract_state: 'CONTRACT_STATE_TERMINATED',
        contract_terminated_mode: 'TERMINATION_MODE_BY_MERCHANT',
      }, { apiV3Key: API_V3_KEY, associatedData: 'deduct' });
      assert.deepEqual(await service.receive(terminated.headers, terminated.body), { status: 204 });
      assert.equal((await store.notifications.get(terminated.id))?.outcome, 'NO_CHANGE');
      const stored = await store.contracts.get(presign.outContractCode);
      assert.deepEqual(
        [stored?.state, stored?.openid, stored?.repaymentDay, stored?.terminatedAt, stored?.terminationRemark],
        ['TERMINATED', 'o_signer', 15, terminatedAt, 'wrong details'],
      );
    });
  });
}
