import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NotificationService } from '../../src/services/notification-service.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, storePerSuite, newDeductOrder, presignedContract, uniqueId } from '../store/test-setup.js';
import { capturedLog, notificationReceiver, signedCallback } from './notification-fixtures.js';

const API_V3_KEY = 'a'.repeat(32);
const FUTURE = '2999-01-01T00:00:00.000Z';
const PAY = 'CREDIT_REPAYMENT.DEDUCTION_PAY';
const SIGN = 'CREDIT_REPAYMENT.SIGN_CONTRACT';
const TERMINATE = 'CREDIT_REPAYMENT.TERMINATE_CONTRACT';
const CREATE_TIME = '2030-01-15T10:00:00+08:00';

const payment = (outTradeNo: unknown, extra: Record<string, unknown> = {}) => ({
  out_trade_no: outTradeNo,
  order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
  pay_success_amount: '10000',
  transaction_id: uniqueId('TX'),
  ...extra,
});

const contract = <Code>(outContractCode: Code, extra: Record<string, unknown> = {}) => ({
  out_contract_code: outContractCode,
  contract_id: uniqueId('CID'),
  plan_id: 100001,
  display_name: '*三',
  contract_state: 'CONTRACT_STATE_EFFECTIVE',
  repayment_amount_limit: '100000',
  contract_signed_time: CREATE_TIME,
  appid: 'wx_app',
  openid: 'o_user',
  ...extra,
});

/**
 * Callbacks WeChat Pay signed that we cannot store or match as sent (a field missing, of the wrong
 * type, too long, holding a control character; U+0000, which PostgreSQL's text cannot hold) are
 * acknowledged and kept UNMATCHED, never answered 500 on every resend; and U+0000 in free text or
 * in a field we never store does not stop a callback from applying. On both stores.
 */
for (const dialect of DIALECTS) {
  describe(`callbacks that cannot be read as sent (${dialect})`, () => {
    let store: Store;
    let service: NotificationService;
    const lines: Record<string, unknown>[] = [];

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
      ({ service } = notificationReceiver(store, { apiV3Key: API_V3_KEY, log: capturedLog(lines) }));
    });

    async function pendingOrder(): Promise<string> {
      const order = newDeductOrder();
      assert.ok(await store.deductOrders.insertIntent(order, FUTURE));
      assert.ok(await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING'));
      return order.outTradeNo;
    }

    /** Sends it; it must be acknowledged and stored once, with this outcome; returns the stored row. */
    async function receivedAs(callback: ReturnType<typeof signedCallback>, outcome: string, id = callback.id) {
      assert.deepEqual(await service.receive(callback.headers, callback.body), { status: 204 });
      const stored = await store.notifications.get(id);
      assert.equal(stored?.outcome, outcome, JSON.stringify(stored));
      assert.equal(stored?.envelope, callback.body.toString('utf8'), 'kept as received');
      return stored!;
    }

    it('a payment whose out_trade_no no order can have (U+0000, a newline, too long, not a string, missing) is UNMATCHED under "unreadable: …"', async () => {
      for (const outTradeNo of ['T\u0000NUL', 'T\nLINE', 'T'.repeat(33), 42, { no: 1 }, undefined]) {
        const stored = await receivedAs(signedCallback(PAY, payment(outTradeNo), { apiV3Key: API_V3_KEY }), 'UNMATCHED');
        assert.equal(stored.subject, `unreadable: ${JSON.stringify(outTradeNo) ?? 'undefined'}`);
      }
      const line = lines.findLast((entry) => entry.outcome === 'UNMATCHED');
      assert.equal(line?.level, 50);
      assert.deepEqual([line?.subject, line?.reason], ['unreadable: undefined', 'out_trade_no cannot be read']);
    });

    it('a payment for a known order whose other ids cannot be stored (U+0000, not a string) is UNMATCHED under its out_trade_no, the order unchanged', async () => {
      for (const extra of [{ transaction_id: 'TX\u0000' }, { transaction_id: true }, { transaction_id: { id: 'TX1' } }, { contract_id: 'C\u0000' }, { out_record_id: 'R\u0000' }]) {
        const outTradeNo = await pendingOrder();
        const stored = await receivedAs(signedCallback(PAY, payment(outTradeNo, extra), { apiV3Key: API_V3_KEY }), 'UNMATCHED');
        assert.equal(stored.subject, outTradeNo);
        assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PENDING', JSON.stringify(extra));
      }
    });

    it('U+0000 in a field we never store, or in a key, does not stop a payment from applying', async () => {
      for (const extra of [{ description: 'repay\u0000' }, { 'note\u0000': 'x' }]) {
        const outTradeNo = await pendingOrder();
        await receivedAs(signedCallback(PAY, payment(outTradeNo, extra), { apiV3Key: API_V3_KEY }), 'APPLIED');
        assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PAY_SUCCESS');
      }
    });

    it('a termination whose remark holds U+0000 applies, the remark stored with U+FFFD in its place', async () => {
      const code = uniqueId('C');
      const signing = contract(code);
      await receivedAs(signedCallback(SIGN, signing, { apiV3Key: API_V3_KEY }), 'APPLIED');
      const end = { ...signing, contract_state: 'CONTRACT_STATE_TERMINATED', contract_terminated_time: CREATE_TIME, contract_terminated_mode: 'TERMINATION_MODE_BY_USER', contract_termination_remark: 'user asked\u0000' };
      await receivedAs(signedCallback(TERMINATE, end, { apiV3Key: API_V3_KEY }), 'APPLIED');
      const terminated = await store.contracts.get(code);
      assert.deepEqual([terminated?.state, terminated?.terminationRemark], ['TERMINATED', 'user asked\uFFFD']);
    });

    it('a contract callback whose out_contract_code cannot be ours (U+0000, over 64 characters), lacks its contract_id, or has a display name that is not text is UNMATCHED, nothing stored for it', async () => {
      for (const [resource, subject] of [
        [contract('C\u0000'), 'unreadable: "C\\u0000"'],
        [contract(randomBytes(3000).toString('hex')), undefined],
        [contract('CNOID1', { contract_id: undefined }), 'CNOID1'],
        [contract('CNAME1', { display_name: { name: 'x' } }), 'CNAME1'],
        [contract('CNAME2', { display_name: undefined }), 'CNAME2'],
        [contract('CPLAN1', { plan_id: '1\u0000' }), 'CPLAN1'],
        [contract('CPLAN2', { plan_id: randomBytes(3000).toString('hex') }), 'CPLAN2'],
        [contract('CPLAN3', { plan_id: undefined }), 'CPLAN3'],
        [contract('CDAY1', { repayment_day: 15.5 }), 'CDAY1'],
        [contract('CDAY2', { repayment_day: { day: 1 } }), 'CDAY2'],
        [contract('CTIME1', { contract_signed_time: { toString: 1 } }), 'CTIME1'],
      ] as const) {
        const stored = await receivedAs(signedCallback(SIGN, resource, { apiV3Key: API_V3_KEY }), 'UNMATCHED');
        if (subject) assert.equal(stored.subject, subject);
        else assert.match(stored.subject, /^unreadable: "[0-9a-f]{79}…$/);
      }
      for (const code of ['CNOID1', 'CNAME1', 'CNAME2', 'CPLAN1', 'CPLAN2', 'CPLAN3', 'CDAY1', 'CDAY2', 'CTIME1']) assert.equal(await store.contracts.get(code), undefined, code);
    });

    it('optional fields sent as null (or an empty id) are as if not sent: the callback applies', async () => {
      for (const extra of [{ transaction_id: null }, { transaction_id: '' }, { contract_id: null, out_record_id: null }]) {
        const outTradeNo = await pendingOrder();
        await receivedAs(signedCallback(PAY, payment(outTradeNo, extra), { apiV3Key: API_V3_KEY }), 'APPLIED');
        const paid = await store.deductOrders.get(outTradeNo);
        assert.deepEqual([paid?.state, paid?.transactionId], ['PAY_SUCCESS', 'transaction_id' in extra ? null : paid?.transactionId], JSON.stringify(extra));
      }
      const code = uniqueId('C');
      await receivedAs(signedCallback(SIGN, contract(code, { contract_termination_remark: null, repayment_day: null, appid: null, openid: '' }), { apiV3Key: API_V3_KEY }), 'APPLIED');
      const signed = await store.contracts.get(code);
      assert.deepEqual([signed?.state, signed?.terminationRemark, signed?.repaymentDay, signed?.openid], ['EFFECTIVE', null, null, null]);
      const daily = uniqueId('C');
      await receivedAs(signedCallback(SIGN, contract(daily, { repayment_day: '15' }), { apiV3Key: API_V3_KEY }), 'APPLIED');
      assert.equal((await store.contracts.get(daily))?.repaymentDay, 15, 'digits are a day too');
    });

    it('a payment whose order_state is missing or not text: UNMATCHED for an order we do not hold, 500 (sent again) for one we do', async () => {
      for (const orderState of [undefined, { state: 'PAY_SUCCESS' }]) {
        await receivedAs(signedCallback(PAY, payment(uniqueId('T'), { order_state: orderState }), { apiV3Key: API_V3_KEY }), 'UNMATCHED');
        const outTradeNo = await pendingOrder();
        const odd = signedCallback(PAY, payment(outTradeNo, { order_state: orderState }), { apiV3Key: API_V3_KEY });
        assert.equal((await service.receive(odd.headers, odd.body)).status, 500, 'a state we cannot read, for our order: as an unknown state');
        assert.equal(await store.notifications.get(odd.id), undefined);
      }
    });

    it('the UNMATCHED log line stays short whatever was sent', async () => {
      const callback = signedCallback(PAY, payment(uniqueId('T'), { deduct_amount: '9'.repeat(30_000), order_state: 'X'.repeat(30_000) }), { apiV3Key: API_V3_KEY });
      await receivedAs(callback, 'UNMATCHED');
      const line = lines.find((entry) => entry.notificationId === callback.id && entry.outcome === 'UNMATCHED');
      assert.ok(line && JSON.stringify(line).length < 1_000, `${JSON.stringify(line).length} characters`);
    });

    it('a SIGN_CONTRACT pairing a contract_id and an out_contract_code otherwise than we hold them is UNMATCHED, either way round, the contract we hold unchanged', async () => {
      const held = contract(uniqueId('C'));
      await receivedAs(signedCallback(SIGN, held, { apiV3Key: API_V3_KEY }), 'APPLIED');
      const other = uniqueId('C');
      await receivedAs(signedCallback(SIGN, contract(other, { contract_id: held.contract_id, display_name: '*四' }), { apiV3Key: API_V3_KEY }), 'UNMATCHED');
      assert.equal(await store.contracts.get(other), undefined);
      await receivedAs(signedCallback(SIGN, contract(held.out_contract_code, { display_name: '*四' }), { apiV3Key: API_V3_KEY }), 'UNMATCHED');
      const kept = await store.contracts.get(held.out_contract_code);
      assert.deepEqual([kept?.contractId, kept?.displayName], [held.contract_id, '*三']);
    });

    it('two SIGN_CONTRACTs for one presigned code with different contract ids, arriving together: one applies, the other is UNMATCHED', async () => {
      for (let round = 0; round < 10; round += 1) {
        const presign = presignedContract({ planId: '100001' });
        assert.ok(await store.contracts.insertPresigned(presign));
        const resources = [contract(presign.outContractCode), contract(presign.outContractCode)];
        const callbacks = resources.map((resource) => signedCallback(SIGN, resource, { apiV3Key: API_V3_KEY }));
        const answers = await Promise.all(callbacks.map((callback) => service.receive(callback.headers, callback.body)));
        assert.deepEqual(answers, [{ status: 204 }, { status: 204 }]);
        const outcomes = await Promise.all(callbacks.map(async (callback) => (await store.notifications.get(callback.id))?.outcome));
        assert.deepEqual([...outcomes].sort(), ['APPLIED', 'UNMATCHED'], `round ${round}`);
        const winner = resources[outcomes.indexOf('APPLIED')]!;
        assert.equal((await store.contracts.get(presign.outContractCode))?.contractId, winner.contract_id, 'the one applied is the one kept');
      }
    });

    it('a resource that is not an object is UNMATCHED', async () => {
      const stored = await receivedAs(signedCallback(PAY, ['not', 'an', 'object'], { apiV3Key: API_V3_KEY }), 'UNMATCHED');
      assert.equal(stored.subject, 'unreadable: a resource that is not a JSON object');
    });

    /** Whether the last line logged about `id` says DUPLICATE: the resend was not stored again. */
    const loggedDuplicate = (id: string) => lines.findLast((entry) => entry.notificationId === id)?.outcome === 'DUPLICATE';

    it('an envelope whose event_type cannot be read is kept UNMATCHED, never applied; a resend is a duplicate', async () => {
      for (const eventType of [undefined, 'CREDIT_REPAYMENT.NEW\u0000', 7]) {
        const outTradeNo = await pendingOrder();
        const callback = signedCallback(PAY, payment(outTradeNo), { apiV3Key: API_V3_KEY, envelope: { event_type: eventType } });
        const stored = await receivedAs(callback, 'UNMATCHED');
        assert.deepEqual([stored.eventType, stored.subject], ['unreadable', `unreadable: event_type ${JSON.stringify(eventType) ?? 'undefined'}`]);
        assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PENDING', 'never applied');
        assert.deepEqual(await service.receive(callback.headers, callback.body), { status: 204 });
        assert.ok(loggedDuplicate(callback.id));
      }
    });

    it('an envelope whose id cannot be stored applies under the body hash (a resend is a duplicate); one whose create_time cannot, with none', async () => {
      for (const envelope of [{ id: undefined }, { id: { a: 1 } }, { id: `EV\u0000${uniqueId('x')}` }, { id: randomBytes(3000).toString('hex') }, { create_time: undefined }, { create_time: `${CREATE_TIME}\u0000` }]) {
        const outTradeNo = await pendingOrder();
        const callback = signedCallback(PAY, payment(outTradeNo), { apiV3Key: API_V3_KEY, envelope });
        const id = 'id' in envelope ? `body-sha256:${createHash('sha256').update(callback.body).digest('hex')}` : callback.id;
        const stored = await receivedAs(callback, 'APPLIED', id);
        assert.equal(stored.createTime, 'create_time' in envelope ? '' : CREATE_TIME);
        assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'PAY_SUCCESS');
        assert.deepEqual(await service.receive(callback.headers, callback.body), { status: 204 });
        assert.ok(loggedDuplicate(id), JSON.stringify(envelope));
      }
    });
  });
}

