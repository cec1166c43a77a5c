import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { PROBE_SIGNATURE_PREFIX } from '../../src/wechatpay/crypto.js';
import { callApi, callSandbox, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { createContract, DEDUCT_PATH, deductBody, schedule } from './support/flows.js';
import { openCallback } from './support/open-callback.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('callback faults', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  /** The first reply of each test may be chosen; every other send is answered 204. */
  let replies: number[] = [];
  const logLines: string[] = [];
  before(async () => {
    receiver = await startCallbackReceiver((n) => replies[n - 1] ?? 204);
    // retry intervals 10 s → 10 ms
    t = await startTestSimulator({
      callbackIntervalScale: 0.001,
      terminationNotifyUrl: `${receiver.url}/terminated`,
      log: (line) => logLines.push(line),
    });
  });
  afterEach(() => {
    t.sim.faults.clear();
    receiver.received.length = 0;
    logLines.length = 0;
    replies = [];
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const open = (index: number) => openCallback(t.sim.credentials, receiver.received[index]);

  it('drop: the first `times` sends never arrive; the retry schedule delivers the next one, same id', async () => {
    t.sim.faults.set([{ callback: 'CREDIT_REPAYMENT.DEDUCTION_PAY', fault: 'drop', times: 2 }]);
    const record = await schedule(t.sim, await createContract(t.sim));
    const payload = deductBody(record, `${receiver.url}/pay`);
    assert.equal((await callApi(t.sim, 'POST', DEDUCT_PATH, payload)).status, 200);
    await callSandbox(t.sim, 'POST', `/sandbox/deduct-orders/${payload.out_trade_no}/outcome`, {
      order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
    });
    const [arrived] = await receiver.waitFor(1);
    await pause(150);
    assert.equal(receiver.received.length, 1);
    assert.equal(arrived.path, '/pay');
    assert.equal(openCallback(t.sim.credentials, arrived).resource.out_trade_no, payload.out_trade_no);
    const sends = logLines.filter((line) => line.includes('CREDIT_REPAYMENT.DEDUCTION_PAY'));
    assert.equal(sends.filter((line) => line.includes('fault drop')).length, 2, sends.join('\n'));
    assert.ok(sends.some((line) => line.includes('(send 3/15), delivered')), sends.join('\n'));
    assert.deepEqual(t.sim.faults.list().map((rule) => rule.hits), [2]);
  });

  it('drop counts sends, not notifications, and matches only its event type', async () => {
    t.sim.faults.set([{ callback: 'CREDIT_REPAYMENT.TERMINATE_CONTRACT', fault: 'drop', times: 1 }]);
    const contract = await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    await receiver.waitFor(1);
    assert.equal(receiver.received[0].path, '/sign', 'SIGN_CONTRACT is not affected');
    await callSandbox(t.sim, 'POST', `/sandbox/contracts/${contract.out_contract_code}/terminate`);
    await receiver.waitFor(2);
    await pause(100); // the simulator logs once it has read the reply
    assert.equal(open(1).envelope.event_type, 'CREDIT_REPAYMENT.TERMINATE_CONTRACT');
    assert.ok(logLines.some((line) => line.includes('TERMINATE_CONTRACT') && line.includes('(send 2/15), delivered')));
  });

  it('duplicate: the same notification (same id) arrives twice', async () => {
    t.sim.faults.set([{ callback: '*', fault: 'duplicate' }]);
    const contract = await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    const [first, second] = await receiver.waitFor(2);
    await pause(150);
    assert.equal(receiver.received.length, 2);
    const [a, b] = [openCallback(t.sim.credentials, first), openCallback(t.sim.credentials, second)];
    assert.ok(a.verified && b.verified);
    assert.equal(a.envelope.id, b.envelope.id);
    assert.equal(first.body, second.body, 'the same envelope');
    assert.notEqual(first.headers['wechatpay-nonce'], second.headers['wechatpay-nonce'], 'signed afresh');
    assert.equal(a.resource.contract_id, contract.contract_id);
  });

  it('delay: a held notification is overtaken by a later one', async () => {
    t.sim.faults.set([{ callback: 'CREDIT_REPAYMENT.SIGN_CONTRACT', fault: 'delay', delay_ms: 300 }]);
    const started = Date.now();
    const early = await createContract(t.sim, { contract_notify_url: `${receiver.url}/early` });
    const late = await createContract(t.sim, { contract_notify_url: `${receiver.url}/late` });
    const [first, second] = await receiver.waitFor(2);
    assert.equal(openCallback(t.sim.credentials, first).resource.contract_id, late.contract_id);
    assert.equal(openCallback(t.sim.credentials, second).resource.contract_id, early.contract_id);
    assert.ok(second.atMs - started >= 290, `held ${second.atMs - started} ms`);
  });

  it('reorder: SIGN_CONTRACT is held until TERMINATE_CONTRACT has arrived', async () => {
    t.sim.faults.set([{ callback: 'CREDIT_REPAYMENT.SIGN_CONTRACT', fault: 'reorder' }]);
    const contract = await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    await pause(200);
    assert.equal(receiver.received.length, 0, 'held while nothing overtakes it');
    await callSandbox(t.sim, 'POST', `/sandbox/contracts/${contract.out_contract_code}/terminate`);
    await receiver.waitFor(2);
    assert.deepEqual(
      [0, 1].map((i) => [receiver.received[i].path, open(i).envelope.event_type]),
      [
        ['/terminated', 'CREDIT_REPAYMENT.TERMINATE_CONTRACT'],
        ['/sign', 'CREDIT_REPAYMENT.SIGN_CONTRACT'],
      ],
    );
    assert.equal(open(1).resource.contract_state, 'CONTRACT_STATE_EFFECTIVE', 'the late one still carries its own state');
  });

  it('reorder with delay_ms: released after at most delay_ms when nothing else comes', async () => {
    t.sim.faults.set([{ callback: '*', fault: 'reorder', delay_ms: 250 }]);
    const started = Date.now();
    await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    const [only] = await receiver.waitFor(1);
    assert.ok(only.atMs - started >= 240, `released after ${only.atMs - started} ms`);
  });

  it('probe: a WECHATPAY/SIGNTEST/ copy comes first and fails verification; the real one follows', async () => {
    replies = [401]; // the receiver rightly refuses the probe; that is not a failed delivery
    t.sim.faults.set([{ callback: '*', fault: 'probe' }]);
    await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    const [probe, real] = await receiver.waitFor(2);
    await pause(150);
    assert.equal(receiver.received.length, 2, 'no resend: the real send was answered 204');
    assert.ok(String(probe.headers['wechatpay-signature']).startsWith(PROBE_SIGNATURE_PREFIX));
    assert.equal(probe.headers['wechatpay-serial'], t.sim.credentials.wechatpayPublicKeyId);
    assert.equal(open(0).verified, false);
    assert.equal(open(1).verified, true);
    assert.equal(probe.body, real.body, 'the probe carries the real notification');
  });

  it('faults combine: probe and duplicate on one notification', async () => {
    t.sim.faults.set([
      { callback: 'CREDIT_REPAYMENT.SIGN_CONTRACT', fault: 'probe' },
      { callback: 'CREDIT_REPAYMENT.SIGN_CONTRACT', fault: 'duplicate' },
    ]);
    await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
    await receiver.waitFor(3);
    await pause(150);
    assert.deepEqual(
      receiver.received.map((_, i) => open(i).verified),
      [false, true, true],
    );
    assert.equal(new Set(receiver.received.map((_, i) => open(i).envelope.id)).size, 1);
  });
});
