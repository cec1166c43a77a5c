import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ApiError } from '../../src/simulator/api-error.js';
import type { FaultRule } from '../../src/simulator/fault-rules.js';
import type { ScheduleRecord } from '../../src/wechatpay/types.js';
import { callApi, callSandbox, responseVerifies, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { expectError } from './support/expect-error.js';
import { createContract, DEDUCT_PATH, deductBody, schedule, SCHEDULE_PATH, scheduleBody } from './support/flows.js';
import { rawSignedRequest } from './support/raw-exchange.js';

const ORDER = (outTradeNo: string) => `${DEDUCT_PATH}/${outTradeNo}`;
// settleDelayMs is null, so nothing is ever sent here
const NOTIFY = 'http://127.0.0.1:9/notify';

describe('request faults', () => {
  let t: TestSimulator;
  before(async () => {
    t = await startTestSimulator();
  });
  afterEach(() => t.sim.faults.clear());
  after(() => t.close());

  async function freshRecord(): Promise<ScheduleRecord> {
    return schedule(t.sim, await createContract(t.sim));
  }

  it('status: answers 503 SERVICE_UNAVAILABLE, signed, without processing, for the next `times` requests', async () => {
    const payload = deductBody(await freshRecord(), NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'status', status: 503, times: 2 }]);
    for (let i = 0; i < 2; i++) {
      const response = await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
      expectError(response, 503, 'SERVICE_UNAVAILABLE');
      assert.ok(responseVerifies(t.sim, response), 'the error answer is signed like any other');
      assert.ok(response.headers.get('request-id'));
      expectError(await callApi(t.sim, 'GET', ORDER(payload.out_trade_no)), 404, 'RESOURCE_NOT_EXISTS');
    }
    const created = await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(
      t.sim.faults.list().map(({ remaining, hits }) => ({ remaining, hits })),
      [{ remaining: 0, hits: 2 }],
    );
  });

  it('status: 500 SYSTEM_ERROR and 429 FREQUENCY_LIMITED', async () => {
    const contract = await createContract(t.sim);
    t.sim.faults.set([
      { match: `POST ${SCHEDULE_PATH}`, fault: 'status', status: 500 },
      { match: `GET ${DEDUCT_PATH}/*`, fault: 'status', status: 429 },
    ]);
    const body = scheduleBody(t.sim, contract);
    const failed = await callApi(t.sim, 'POST', SCHEDULE_PATH, body);
    expectError(failed, 500, 'SYSTEM_ERROR');
    assert.ok(responseVerifies(t.sim, failed));
    const limited = await callApi(t.sim, 'GET', ORDER('T000000001'));
    expectError(limited, 429, 'FREQUENCY_LIMITED');
    assert.ok(responseVerifies(t.sim, limited));
    // not processed: the same reservation goes through afterwards as a first request
    assert.equal((await callApi(t.sim, 'POST', SCHEDULE_PATH, body)).status, 200);
  });

  it('timeout: no answer; the socket closes after close_after_ms; nothing was processed', async () => {
    const payload = deductBody(await freshRecord(), NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'timeout', close_after_ms: 200 }]);
    const outcome = await rawSignedRequest(t.sim, 'POST', DEDUCT_PATH, payload);
    assert.equal(outcome.kind, 'closed', JSON.stringify(outcome));
    assert.ok(outcome.afterMs >= 190, `closed after ${outcome.afterMs} ms`);
    expectError(await callApi(t.sim, 'GET', ORDER(payload.out_trade_no)), 404, 'RESOURCE_NOT_EXISTS');
  });

  it('timeout with process: the order is created, the client hears nothing', async () => {
    const payload = deductBody(await freshRecord(), NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'timeout', process: true }]);
    const outcome = await rawSignedRequest(t.sim, 'POST', DEDUCT_PATH, payload, 300);
    assert.equal(outcome.kind, 'client-timeout', JSON.stringify(outcome));
    const order = await callApi(t.sim, 'GET', ORDER(payload.out_trade_no));
    assert.equal(order.status, 200);
    assert.equal(order.json.order_state, 'DEDUCT_ORDER_STATE_PENDING');
  });

  it('reset: the connection is reset without an answer; nothing was processed', async () => {
    const payload = deductBody(await freshRecord(), NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'reset' }]);
    const outcome = await rawSignedRequest(t.sim, 'POST', DEDUCT_PATH, payload);
    assert.equal(outcome.kind, 'closed', JSON.stringify(outcome));
    assert.equal(outcome.kind === 'closed' && outcome.code, 'ECONNRESET');
    expectError(await callApi(t.sim, 'GET', ORDER(payload.out_trade_no)), 404, 'RESOURCE_NOT_EXISTS');
  });

  it('accept_then_drop: the order IS created, the socket is destroyed with no response', async () => {
    const record = await freshRecord();
    const payload = deductBody(record, NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'accept_then_drop' }]);
    const outcome = await rawSignedRequest(t.sim, 'POST', DEDUCT_PATH, payload);
    assert.equal(outcome.kind, 'closed', `expected no response at all, got ${JSON.stringify(outcome)}`);
    assert.ok(outcome.kind === 'closed' && outcome.afterMs < 2000);

    const queried = await callApi(t.sim, 'GET', ORDER(payload.out_trade_no));
    assert.equal(queried.status, 200, queried.text);
    assert.ok(responseVerifies(t.sim, queried));
    assert.equal(queried.json.out_trade_no, payload.out_trade_no);
    assert.equal(queried.json.out_record_id, record.out_record_id);
    assert.equal(queried.json.deduct_amount, payload.deduct_amount);
    assert.equal(queried.json.order_state, 'DEDUCT_ORDER_STATE_PENDING');
    // a client that retries with the same out_trade_no gets that same order, not a second one
    const retried = await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
    assert.equal(retried.status, 200);
    assert.deepEqual(retried.json, queried.json);
  });

  it('delay: processed at once, answered after delay_ms', async () => {
    const payload = deductBody(await freshRecord(), NOTIFY);
    t.sim.faults.set([{ match: `POST ${DEDUCT_PATH}`, fault: 'delay', delay_ms: 400 }]);
    const started = Date.now();
    const answer = callApi(t.sim, 'POST', DEDUCT_PATH, payload);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await callApi(t.sim, 'GET', ORDER(payload.out_trade_no))).status, 200, 'visible while the answer waits');
    const response = await answer;
    assert.ok(Date.now() - started >= 390, `answered after ${Date.now() - started} ms`);
    assert.equal(response.status, 200);
    assert.ok(responseVerifies(t.sim, response));
    assert.equal(response.json.out_trade_no, payload.out_trade_no);
  });

  it('matches METHOD and path prefixes, tries rules in order, and "always" never runs out', async () => {
    const contract = await createContract(t.sim);
    t.sim.faults.set([
      { match: '* /v3/credit-repayment/partner/contracts/*', fault: 'status', status: 500, times: 'always' },
      { match: `POST ${SCHEDULE_PATH}`, fault: 'status', status: 429 },
      { match: `post ${SCHEDULE_PATH}`, fault: 'status', status: 503 },
    ]);
    for (let i = 0; i < 3; i++) {
      expectError(await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${contract.out_contract_code}`), 500, 'SYSTEM_ERROR');
    }
    expectError(
      await callApi(t.sim, 'POST', '/v3/credit-repayment/partner/contracts/terminate', { out_contract_code: 'X1', contract_termination_remark: 'r' }),
      500,
      'SYSTEM_ERROR',
    );
    expectError(await callApi(t.sim, 'GET', ORDER('T000000002')), 404, 'RESOURCE_NOT_EXISTS');
    const body = scheduleBody(t.sim, contract);
    expectError(await callApi(t.sim, 'POST', SCHEDULE_PATH, body), 429, 'FREQUENCY_LIMITED');
    expectError(await callApi(t.sim, 'POST', SCHEDULE_PATH, body), 503, 'SERVICE_UNAVAILABLE');
    assert.equal((await callApi(t.sim, 'POST', SCHEDULE_PATH, body)).status, 200);
    assert.deepEqual(
      t.sim.faults.list().map(({ remaining, hits }) => [remaining, hits]),
      [['always', 4], [0, 1], [0, 1]],
    );
  });

  it('never touches the /sandbox/ control routes', async () => {
    t.sim.faults.set([{ match: '* /*', fault: 'reset', times: 'always' }]);
    assert.equal((await callSandbox(t.sim, 'GET', '/sandbox/health')).status, 200);
    assert.equal((await callSandbox(t.sim, 'GET', '/sandbox/faults')).json.length, 1);
    assert.equal((await callSandbox(t.sim, 'DELETE', '/sandbox/faults')).status, 204);
    assert.equal((await callApi(t.sim, 'GET', ORDER('T000000003'))).status, 404);
  });
});

describe('timeout without close_after_ms', () => {
  it('holds the socket until the simulator closes, then closes it unanswered', async () => {
    const t = await startTestSimulator();
    try {
      t.sim.faults.set([{ match: `GET ${DEDUCT_PATH}/*`, fault: 'timeout' }]);
      const pending = rawSignedRequest(t.sim, 'GET', ORDER('T000000004'), undefined, 5000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const closing = Date.now();
      await t.sim.close();
      assert.ok(Date.now() - closing < 1000, 'close() does not wait for the held request');
      const outcome = await pending;
      assert.equal(outcome.kind, 'closed', JSON.stringify(outcome));
      assert.ok(outcome.afterMs >= 290);
    } finally {
      await t.close();
    }
  });
});

describe('fault control over HTTP', () => {
  let t: TestSimulator;
  before(async () => {
    t = await startTestSimulator();
  });
  after(() => t.close());

  it('POST replaces the rules, GET shows them with remaining and hits, DELETE clears them', async () => {
    const first = await callSandbox(t.sim, 'POST', '/sandbox/faults', [{ match: 'GET /v3/*', fault: 'status', status: 500 }]);
    assert.equal(first.status, 200, first.text);
    const rules: FaultRule[] = [
      { match: `GET ${DEDUCT_PATH}/*`, fault: 'status', status: 503, times: 3 },
      { callback: 'CREDIT_REPAYMENT.DEDUCTION_PAY', fault: 'drop', times: 'always' },
    ];
    const set = await callSandbox(t.sim, 'POST', '/sandbox/faults', rules);
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.json, [
      { ...rules[0], remaining: 3, hits: 0 },
      { ...rules[1], remaining: 'always', hits: 0 },
    ]);
    expectError(await callApi(t.sim, 'GET', ORDER('T000000005')), 503, 'SERVICE_UNAVAILABLE');
    const listed = await callSandbox(t.sim, 'GET', '/sandbox/faults');
    assert.equal(listed.json[0].remaining, 2);
    assert.equal(listed.json[0].hits, 1);
    assert.deepEqual(t.sim.faults.list(), listed.json);

    assert.equal((await callSandbox(t.sim, 'DELETE', '/sandbox/faults')).status, 204);
    assert.deepEqual((await callSandbox(t.sim, 'GET', '/sandbox/faults')).json, []);
    expectError(await callApi(t.sim, 'GET', ORDER('T000000005')), 404, 'RESOURCE_NOT_EXISTS');
  });

  it('refuses malformed rules with PARAM_ERROR naming the rule, and keeps the previous set', async () => {
    t.sim.faults.set([{ match: 'GET /v3/*', fault: 'reset' }]);
    const cases: [unknown, string][] = [
      [{ match: 'GET /v3/*', fault: 'reset' }, 'body'],
      [[{ match: 'GET /v3/*', fault: 'status', status: 409 }], '[0].status'],
      [[{ match: 'GET /v3/*', fault: 'reset' }, { match: '/v3/x', fault: 'reset' }], '[1].match'],
      [[{ match: 'GET /v3/*', fault: 'explode' }], '[0].fault'],
      [[{ match: 'GET /v3/*', fault: 'reset', times: 0 }], '[0].times'],
      [[{ match: 'GET /v3/*', fault: 'delay' }], '[0].delay_ms'],
      [[{ match: 'GET /v3/*', fault: 'reset', delay_ms: 5 }], '[0].delay_ms'],
      [[{ callback: 'CREDIT_REPAYMENT.NOPE', fault: 'drop' }], '[0].callback'],
      [[{ callback: '*', fault: 'status', status: 500 }], '[0].fault'],
    ];
    for (const [body, field] of cases) {
      expectError(await callSandbox(t.sim, 'POST', '/sandbox/faults', body), 400, 'PARAM_ERROR', field);
    }
    assert.equal(t.sim.faults.list().length, 1);
    assert.throws(
      () => t.sim.faults.set([{ match: 'GET /v3/*', fault: 'status', status: 418 as 500 }]),
      (error: unknown) => error instanceof ApiError && (error.detail as { field: string }).field === '[0].status',
    );
    t.sim.faults.clear();
  });
});
