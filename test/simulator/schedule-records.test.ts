import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Contract } from '../../src/wechatpay/types.js';
import { callApi, callSandbox, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { expectError } from './support/expect-error.js';
import { createContract, SCHEDULE_PATH, scheduleBody, uniqueId } from './support/flows.js';

// 2025-06-30T16:30Z is 2025-07-01 00:30 in Beijing: the UTC date and the Beijing date differ.
const NOW = new Date('2025-06-30T16:30:00Z');
const ITEM = 'schedule_items[0]';

describe('schedule-records/batch-create', () => {
  let t: TestSimulator;
  let consumer: Contract;
  let cash: Contract;
  before(async () => {
    t = await startTestSimulator({ now: () => NOW });
    consumer = await createContract(t.sim, { plan_id: '100001' });
    cash = await createContract(t.sim, { plan_id: '100002' });
  });
  after(() => t.close());

  const body = (contract: Contract, item: Record<string, unknown> = {}) => scheduleBody(t.sim, contract, item, NOW);
  const post = (payload: unknown) => callApi(t.sim, 'POST', SCHEDULE_PATH, payload);

  it('creates a reservation and answers the documented record', async () => {
    const payload = body(consumer, { repayment_date: '2025-07-04' });
    const response = await post(payload);
    assert.equal(response.status, 200, response.text);
    const item = (payload.schedule_items as Record<string, unknown>[])[0];
    assert.deepEqual(response.json, {
      schedule_records: [
        {
          out_record_id: item.out_record_id,
          appid: consumer.appid,
          contract_id: consumer.contract_id,
          repayment_amount: '10000',
          min_repayment_amount: '500',
          repayment_date: '2025-07-04',
          openid: consumer.openid,
        },
      ],
    });
  });

  it('accepts repayment dates from D+1 to D+14 in Beijing time and refuses D+0 and D+15', async () => {
    for (const date of ['2025-07-02', '2025-07-15']) {
      const response = await post(body(consumer, { repayment_date: date }));
      assert.equal(response.status, 200, `${date}: ${response.text}`);
    }
    for (const date of ['2025-07-01', '2025-07-16', '2025-06-30']) {
      expectError(await post(body(consumer, { repayment_date: date })), 400, 'PARAM_ERROR', `${ITEM}.repayment_date`);
    }
  });

  it('refuses dates that are not real calendar dates or not YYYY-MM-DD', async () => {
    for (const date of ['2025-07-32', '2025-02-30', '2025/07/03', '2025-7-3', '20250703']) {
      expectError(await post(body(consumer, { repayment_date: date })), 400, 'PARAM_ERROR', `${ITEM}.repayment_date`);
    }
  });

  it('supports exactly one schedule item', async () => {
    const two = body(consumer);
    (two.schedule_items as unknown[]).push({ ...(two.schedule_items as Record<string, unknown>[])[0], out_record_id: uniqueId('R') });
    expectError(await post(two), 400, 'PARAM_ERROR', 'schedule_items');
    expectError(await post({ ...body(consumer), schedule_items: [] }), 400, 'PARAM_ERROR', 'schedule_items');
  });

  it('needs an existing, effective contract whose appid and openid match', async () => {
    expectError(await post({ ...body(consumer), contract_id: '20250701000000000000000' }), 400, 'INVALID_REQUEST');
    expectError(await post({ ...body(consumer), appid: 'wx0000000000000000' }), 400, 'INVALID_REQUEST');
    expectError(await post({ ...body(consumer), openid: 'oSomeoneElse' }), 400, 'INVALID_REQUEST');
    const ended = await createContract(t.sim);
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/contracts/${ended.out_contract_code}/terminate`)).status, 200);
    expectError(await post(body(ended)), 400, 'INVALID_REQUEST');
  });

  it('checks out_record_id: digits and letters, at most 32', async () => {
    expectError(await post(body(consumer, { out_record_id: 'R_1' })), 400, 'PARAM_ERROR', `${ITEM}.out_record_id`);
    expectError(await post(body(consumer, { out_record_id: 'R'.repeat(33) })), 400, 'PARAM_ERROR', `${ITEM}.out_record_id`);
    assert.equal((await post(body(consumer, { out_record_id: `A${uniqueId('x')}`.padEnd(32, '9') }))).status, 200);
  });

  it('answers 403 NO_AUTH for a sub_mchid that is not a child of the service provider', async () => {
    expectError(await post(body(consumer, { sub_mchid: '1900000999' })), 403, 'NO_AUTH');
  });

  it('takes amounts only as positive digit strings without leading zeros', async () => {
    for (const amount of ['-100', '100.5', '0100', '0', '', '1e4', ' 100']) {
      expectError(await post(body(consumer, { repayment_amount: amount })), 400, 'PARAM_ERROR', `${ITEM}.repayment_amount`);
    }
    expectError(await post(body(consumer, { repayment_amount: 10000 })), 400, 'PARAM_ERROR', `${ITEM}.repayment_amount`);
    expectError(await post(body(consumer, { min_repayment_amount: '05' })), 400, 'PARAM_ERROR', `${ITEM}.min_repayment_amount`);
  });

  it('caps repayment_amount at the contract limit and at the template cap', async () => {
    // consumer's limit is the default 500000
    assert.equal((await post(body(consumer, { repayment_amount: '500000', min_repayment_amount: '25000' }))).status, 200);
    expectError(
      await post(body(consumer, { repayment_amount: '500001', min_repayment_amount: '25001' })),
      400,
      'PARAM_ERROR',
      `${ITEM}.repayment_amount`,
    );
    const generous = await createContract(t.sim, { repayment_amount_limit: '9000000' });
    assert.equal((await post(body(generous, { repayment_amount: '5000000', min_repayment_amount: '250000' }))).status, 200);
    const overCap = await post(body(generous, { repayment_amount: '5000001', min_repayment_amount: '250001' }));
    expectError(overCap, 400, 'PARAM_ERROR', `${ITEM}.repayment_amount`);
    assert.match(overCap.json.message, /template/);
  });

  it('consumer loan: min_repayment_amount is required and at least 5 %', async () => {
    const { min_repayment_amount: _omit, ...noMin } = (body(consumer).schedule_items as Record<string, unknown>[])[0];
    expectError(await post({ ...body(consumer), schedule_items: [noMin] }), 400, 'PARAM_ERROR', `${ITEM}.min_repayment_amount`);
    expectError(await post(body(consumer, { min_repayment_amount: '499' })), 400, 'PARAM_ERROR', `${ITEM}.min_repayment_amount`);
    assert.equal((await post(body(consumer, { min_repayment_amount: '500' }))).status, 200);
    expectError(await post(body(consumer, { min_repayment_amount: '10001' })), 400, 'PARAM_ERROR', `${ITEM}.min_repayment_amount`);
    assert.equal((await post(body(consumer, { min_repayment_amount: '10000' }))).status, 200);
  });

  it('cash loan: min_repayment_amount is optional ("0" in the answer), and at least 10 % if present', async () => {
    const { min_repayment_amount: _omit, ...noMin } = (body(cash).schedule_items as Record<string, unknown>[])[0];
    const response = await post({ ...body(cash), schedule_items: [noMin] });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.schedule_records[0].min_repayment_amount, '0');
    expectError(await post(body(cash, { min_repayment_amount: '999' })), 400, 'PARAM_ERROR', `${ITEM}.min_repayment_amount`);
    assert.equal((await post(body(cash, { min_repayment_amount: '1000' }))).status, 200);
  });

  it('replays an identical request and refuses the same out_record_id with other parameters', async () => {
    const payload = body(consumer);
    const first = await post(payload);
    assert.equal(first.status, 200);
    // same content, keys in another order
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const replay = await post(reordered);
    assert.equal(replay.status, 200, replay.text);
    assert.deepEqual(replay.json, first.json);
    const item = (payload.schedule_items as Record<string, unknown>[])[0];
    expectError(await post(body(consumer, { out_record_id: item.out_record_id, repayment_amount: '20000', min_repayment_amount: '1000' })), 400, 'INVALID_REQUEST');
  });

  it('refuses null, 4-byte characters, unknown and missing fields, and non-JSON, naming the field', async () => {
    expectError(await post({ ...body(consumer), openid: null }), 400, 'PARAM_ERROR', 'openid');
    expectError(await post(body(consumer, { sub_appid: null })), 400, 'PARAM_ERROR', `${ITEM}.sub_appid`);
    expectError(await post(body(consumer, { sub_appid: 'wx😀' })), 400, 'PARAM_ERROR', `${ITEM}.sub_appid`);
    expectError(await post({ ...body(consumer), sub_mch_id: '1900000109' }), 400, 'PARAM_ERROR', 'sub_mch_id');
    expectError(await post(body(consumer, { description: 'x' })), 400, 'PARAM_ERROR', `${ITEM}.description`);
    const { appid: _omit, ...noAppid } = body(consumer);
    expectError(await post(noAppid), 400, 'PARAM_ERROR', 'appid');
    expectError(await post('{"contract_id": '), 400, 'PARAM_ERROR');
    expectError(await post('[]'), 400, 'PARAM_ERROR');
  });
});

describe('schedule-records/{out_record_id}', () => {
  let t: TestSimulator;
  before(async () => {
    t = await startTestSimulator();
  });
  after(() => t.close());

  it('finds a reservation by id and contract, and 404s otherwise', async () => {
    const contract = await createContract(t.sim);
    const payload = scheduleBody(t.sim, contract);
    const created = await callApi(t.sim, 'POST', SCHEDULE_PATH, payload);
    assert.equal(created.status, 200, created.text);
    const record = created.json.schedule_records[0];
    const path = `/v3/credit-repayment/partner/schedule-records/${record.out_record_id}`;

    const found = await callApi(t.sim, 'GET', `${path}?contract_id=${contract.contract_id}`);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.json, record);

    const other = await createContract(t.sim);
    expectError(await callApi(t.sim, 'GET', `${path}?contract_id=${other.contract_id}`), 404, 'RESOURCE_NOT_EXISTS');
    expectError(
      await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/schedule-records/Nope1?contract_id=${contract.contract_id}`),
      404,
      'RESOURCE_NOT_EXISTS',
    );
    expectError(await callApi(t.sim, 'GET', path), 400, 'PARAM_ERROR', 'contract_id');
  });
});
