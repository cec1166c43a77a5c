import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contract, ScheduleRecord } from '../../src/wechatpay/types.js';
import { callApi, callSandbox, responseVerifies, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { expectError } from './support/expect-error.js';
import { createContract, DEDUCT_PATH, deductBody, schedule, SCHEDULE_PATH, scheduleBody } from './support/flows.js';

const orderPath = (outTradeNo: string) => `/v3/credit-repayment/partner/deduct-orders/${outTradeNo}`;
const outcomePath = (outTradeNo: string) => `/sandbox/deduct-orders/${outTradeNo}/outcome`;

describe('deduct-orders', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  let contract: Contract;
  before(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestSimulator({ settleDelayMs: null });
    contract = await createContract(t.sim);
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const post = (payload: unknown) => callApi(t.sim, 'POST', DEDUCT_PATH, payload);
  const notifyUrl = () => `${receiver.url}/notify/deduction`;

  it('creates a PENDING order with appid/openid/sub_appid from the reservation, queryable by out_trade_no', async () => {
    const record = await schedule(t.sim, contract, { sub_appid: 'wx1111111111111111' });
    const payload = deductBody(record, notifyUrl(), { attach: '备注信息' });
    const created = await post(payload);
    assert.equal(created.status, 200, created.text);
    assert.ok(responseVerifies(t.sim, created));
    assert.deepEqual(created.json, {
      out_trade_no: payload.out_trade_no,
      out_record_id: record.out_record_id,
      appid: contract.appid,
      sub_appid: 'wx1111111111111111',
      openid: contract.openid,
      contract_id: contract.contract_id,
      order_state: 'DEDUCT_ORDER_STATE_PENDING',
      deduct_amount: payload.deduct_amount,
      description: '信贷还款',
      attach: '备注信息',
    });
    const queried = await callApi(t.sim, 'GET', orderPath(payload.out_trade_no));
    assert.equal(queried.status, 200);
    assert.deepEqual(queried.json, created.json);
  });

  it('answers 404 RESOURCE_NOT_EXISTS on the query of an unknown order', async () => {
    expectError(await callApi(t.sim, 'GET', orderPath('NoSuchOrder1')), 404, 'RESOURCE_NOT_EXISTS');
  });

  it('refuses a deduction without a reservation, or with a reservation of another contract (400, never 404)', async () => {
    const record = await schedule(t.sim, contract);
    expectError(await post(deductBody(record, notifyUrl(), { out_record_id: 'NeverScheduled1' })), 400, 'INVALID_REQUEST');
    const other = await createContract(t.sim);
    expectError(await post(deductBody(record, notifyUrl(), { contract_id: other.contract_id })), 400, 'INVALID_REQUEST');
    expectError(await post(deductBody(record, notifyUrl(), { contract_id: '20990101000000000000000' })), 400, 'INVALID_REQUEST');
  });

  it('refuses a deduction on a terminated contract', async () => {
    const ending = await createContract(t.sim);
    const record = await schedule(t.sim, ending);
    await callSandbox(t.sim, 'POST', `/sandbox/contracts/${ending.out_contract_code}/terminate`);
    expectError(await post(deductBody(record, notifyUrl())), 400, 'INVALID_REQUEST');
  });

  it('keeps deduct_amount between the reservation minimum and its amount', async () => {
    const record = await schedule(t.sim, contract, { repayment_amount: '10000', min_repayment_amount: '500' });
    expectError(await post(deductBody(record, notifyUrl(), { deduct_amount: '10001' })), 400, 'PARAM_ERROR', 'deduct_amount');
    expectError(await post(deductBody(record, notifyUrl(), { deduct_amount: '499' })), 400, 'PARAM_ERROR', 'deduct_amount');
    expectError(await post(deductBody(record, notifyUrl(), { deduct_amount: '0' })), 400, 'PARAM_ERROR', 'deduct_amount');
    const ok = await post(deductBody(record, notifyUrl(), { deduct_amount: '500' }));
    assert.equal(ok.status, 200, ok.text);
  });

  it('requires every field and an https (or loopback http) notify_url without query string', async () => {
    const record = await schedule(t.sim, contract);
    for (const field of ['contract_id', 'out_trade_no', 'out_record_id', 'deduct_amount', 'notify_url', 'description']) {
      const payload: Record<string, unknown> = deductBody(record, notifyUrl());
      delete payload[field];
      expectError(await post(payload), 400, 'PARAM_ERROR', field);
    }
    for (const url of [`${notifyUrl()}?a=1`, 'ftp://example.com/notify', 'not a url', 'http://example.com/notify', 'http://10.1.2.3/notify']) {
      expectError(await post(deductBody(record, url)), 400, 'PARAM_ERROR', 'notify_url');
    }
    expectError(await post(deductBody(record, notifyUrl(), { attach: null })), 400, 'PARAM_ERROR', 'attach');
    expectError(await post(deductBody(record, notifyUrl(), { out_trade_no: 'T 1 with spaces' })), 400, 'PARAM_ERROR', 'out_trade_no');
  });

  it('takes an out_trade_no of 6 to 32 digits and ASCII letters only', async () => {
    for (const bad of ['T_123456', 'T-123456', 'T|123456', 'T*123456', 'T12345\u00e9', 'T1234', `T${'1'.repeat(32)}`]) {
      const record = await schedule(t.sim, contract);
      expectError(await post(deductBody(record, notifyUrl(), { out_trade_no: bad })), 400, 'PARAM_ERROR', 'out_trade_no');
    }
    for (const good of ['Tab123', `T${'0123456789'.repeat(3)}z`]) {
      const record = await schedule(t.sim, contract);
      const response = await post(deductBody(record, notifyUrl(), { out_trade_no: good }));
      assert.equal(response.status, 200, `${good}: ${response.text}`);
    }
  });

  it('replays an identical out_trade_no with the current order and refuses it with other parameters', async () => {
    const record = await schedule(t.sim, contract);
    const payload = deductBody(record, notifyUrl());
    const first = await post(payload);
    assert.equal(first.status, 200);
    const replay = await post(payload);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.json, first.json);
    expectError(await post({ ...payload, description: 'another' }), 400, 'INVALID_REQUEST');
    // after settling, the replay answers the order as it is now
    await callSandbox(t.sim, 'POST', outcomePath(payload.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL' });
    const later = await post(payload);
    assert.equal(later.status, 200);
    assert.equal(later.json.order_state, 'DEDUCT_ORDER_STATE_PAY_FAIL');
  });

  it('allows one live order per reservation; a failed one frees it', async () => {
    const record = await schedule(t.sim, contract);
    const first = deductBody(record, notifyUrl());
    assert.equal((await post(first)).status, 200);
    expectError(await post(deductBody(record, notifyUrl())), 400, 'INVALID_REQUEST');
    await callSandbox(t.sim, 'POST', outcomePath(first.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL' });
    const retry = deductBody(record, notifyUrl());
    assert.equal((await post(retry)).status, 200);
    await callSandbox(t.sim, 'POST', outcomePath(retry.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' });
    expectError(await post(deductBody(record, notifyUrl())), 400, 'INVALID_REQUEST');
  });

  it('PAY_FAIL through the control route shows on the query and sends no callback', async () => {
    const record = await schedule(t.sim, contract);
    const payload = deductBody(record, `${receiver.url}/notify/fail-case`);
    assert.equal((await post(payload)).status, 200);
    const settled = await callSandbox(t.sim, 'POST', outcomePath(payload.out_trade_no), {
      order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL',
    });
    assert.equal(settled.status, 200, settled.text);
    assert.equal(settled.json.order_state, 'DEDUCT_ORDER_STATE_PAY_FAIL');
    const queried = await callApi(t.sim, 'GET', orderPath(payload.out_trade_no));
    assert.equal(queried.json.order_state, 'DEDUCT_ORDER_STATE_PAY_FAIL');
    assert.equal(queried.json.transaction_id, undefined);
    assert.equal(queried.json.pay_success_amount, undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(receiver.received.filter((c) => c.path === '/notify/fail-case').length, 0);
  });

  it('control route: 404 for an unknown order, 409 once final, 400 for a bad state', async () => {
    assert.equal((await callSandbox(t.sim, 'POST', outcomePath('Unknown123'), { order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL' })).status, 404);
    const record = await schedule(t.sim, contract);
    const payload = deductBody(record, notifyUrl());
    await post(payload);
    expectError(await callSandbox(t.sim, 'POST', outcomePath(payload.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PENDING' }), 400, 'PARAM_ERROR', 'order_state');
    const paid = await callSandbox(t.sim, 'POST', outcomePath(payload.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' });
    assert.equal(paid.status, 200);
    assert.equal(paid.json.pay_success_amount, payload.deduct_amount);
    assert.match(paid.json.transaction_id, /^42\d{26}$/);
    assert.equal((await callSandbox(t.sim, 'POST', outcomePath(payload.out_trade_no), { order_state: 'DEDUCT_ORDER_STATE_PAY_FAIL' })).status, 409);
  });
});

describe('automatic settlement', () => {
  it('settles after settleDelayMs with settleOutcome', async () => {
    const t = await startTestSimulator({ settleDelayMs: 50, settleOutcome: 'PAY_FAIL' });
    try {
      const contract = await createContract(t.sim);
      const record = await schedule(t.sim, contract);
      const payload = deductBody(record, 'http://127.0.0.1:9/unused');
      const created = await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
      assert.equal(created.json.order_state, 'DEDUCT_ORDER_STATE_PENDING');
      await new Promise((resolve) => setTimeout(resolve, 150));
      const queried = await callApi(t.sim, 'GET', orderPath(payload.out_trade_no));
      assert.equal(queried.json.order_state, 'DEDUCT_ORDER_STATE_PAY_FAIL');
    } finally {
      await t.close();
    }
  });
});

describe('deduct-orders and the reservation date (the strict reading once it has passed)', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  // 10:00 Beijing time on 2026-12-02; the reservation is for 2026-12-05.
  const start = new Date('2026-12-02T02:00:00Z');
  let clock = start;
  let t: TestSimulator;
  before(async () => {
    t = await startTestSimulator({ settleDelayMs: null, now: () => clock });
  });
  after(() => t.close());

  it('is allowed before and on repayment_date, refused from the next Beijing day on', async () => {
    clock = start;
    const contract = await createContract(t.sim);
    const scheduled = async () => {
      const response = await callApi(t.sim, 'POST', SCHEDULE_PATH, scheduleBody(t.sim, contract, {}, clock));
      assert.equal(response.status, 200, response.text);
      return response.json.schedule_records[0] as ScheduleRecord;
    };
    const [early, onTheDay, late] = [await scheduled(), await scheduled(), await scheduled()];
    assert.equal(late.repayment_date, '2026-12-05');
    const post = (record: ScheduleRecord) => callApi(t.sim, 'POST', DEDUCT_PATH, deductBody(record, 'https://example.com/notify'));
    assert.equal((await post(early)).status, 200);
    clock = new Date('2026-12-05T15:59:59Z'); // 23:59:59 on the 5th in Beijing
    assert.equal((await post(onTheDay)).status, 200);
    clock = new Date(start.getTime() + 3 * DAY_MS + 14 * 60 * 60 * 1000); // 00:00 on the 6th in Beijing
    expectError(await post(late), 400, 'INVALID_REQUEST');
  });
});
