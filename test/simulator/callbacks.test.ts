import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decryptAeadAes256Gcm, verifySha256WithRsa, responseSignatureMessage } from '../../src/wechatpay/crypto.js';
import { buildSignedNotification } from '../../src/simulator/signed-notification.js';
import { loadOrCreateSandboxCredentials } from '../../src/simulator/sandbox-credentials.js';
import { callApi, callSandbox, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { openCallback } from './support/open-callback.js';
import { createContract, DEDUCT_PATH, deductBody, schedule } from './support/flows.js';

const RFC3339_BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('DEDUCTION_PAY callback', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  before(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestSimulator({ settleDelayMs: 20 });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('is posted to notify_url, signed with the WeChat Pay key, and decrypts to the documented payload', async () => {
    const contract = await createContract(t.sim);
    const record = await schedule(t.sim, contract);
    const payload = deductBody(record, `${receiver.url}/wechatpay/notify`, { attach: 'a1' });
    assert.equal((await callApi(t.sim, 'POST', DEDUCT_PATH, payload)).status, 200);

    const [callback] = await receiver.waitFor(1);
    assert.equal(callback.path, '/wechatpay/notify');
    assert.equal(callback.headers['content-type'], 'application/json');
    assert.equal(callback.headers['wechatpay-signature-type'], 'WECHATPAY2-SHA256-RSA2048');
    assert.ok(callback.headers['request-id']);
    assert.match(String(callback.headers['wechatpay-timestamp']), /^\d{10}$/);

    const opened = openCallback(t.sim.credentials, callback);
    assert.ok(opened.verified, 'signature verifies with pub_key.pem and the serial is the public key id');
    const { envelope } = opened;
    assert.match(envelope.id, /^EV-\d+$/);
    assert.ok(envelope.id.length <= 36);
    assert.match(envelope.create_time, RFC3339_BEIJING);
    assert.equal(envelope.event_type, 'CREDIT_REPAYMENT.DEDUCTION_PAY');
    assert.equal(envelope.resource_type, 'encrypt-resource');
    assert.equal(typeof envelope.summary, 'string');
    assert.equal(envelope.resource.algorithm, 'AEAD_AES_256_GCM');
    assert.match(envelope.resource.nonce, /^[A-Za-z0-9]{12}$/);
    assert.equal(envelope.resource.associated_data, '');
    assert.equal(envelope.resource.original_type, 'credit_repayment');

    const order = (await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/deduct-orders/${payload.out_trade_no}`)).json;
    assert.equal(order.order_state, 'DEDUCT_ORDER_STATE_PAY_SUCCESS');
    assert.deepEqual(opened.resource, {
      sp_mchid: t.sim.credentials.mchid,
      sub_mchid: t.sim.credentials.subMchids[0],
      appid: contract.appid,
      openid: contract.openid,
      order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      out_trade_no: payload.out_trade_no,
      out_record_id: record.out_record_id,
      contract_id: contract.contract_id,
      deduct_amount: payload.deduct_amount,
      pay_success_amount: payload.deduct_amount,
      description: payload.description,
      attach: 'a1',
      transaction_id: order.transaction_id,
    });
    assert.match(order.transaction_id, /^42\d{26}$/);

    // tampering with the body breaks the signature
    assert.equal(openCallback(t.sim.credentials, { ...callback, body: callback.body.replace('EV-', 'EV-9') }).verified, false);
  });
});

describe('callback retries', () => {
  it('resends after failures with the same id, fresh signatures and scaled intervals, until a 204', async () => {
    const replies = [500, 500, 204];
    const receiver = await startCallbackReceiver((n) => replies[n - 1] ?? 204);
    // 10 s → 100 ms
    const t = await startTestSimulator({ settleDelayMs: null, callbackIntervalScale: 0.01 });
    try {
      const record = await schedule(t.sim, await createContract(t.sim));
      const payload = deductBody(record, `${receiver.url}/n`);
      await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
      await callSandbox(t.sim, 'POST', `/sandbox/deduct-orders/${payload.out_trade_no}/outcome`, {
        order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      });
      const sends = await receiver.waitFor(3, 3000);
      await new Promise((resolve) => setTimeout(resolve, 400)); // a 4th would come after 100 ms
      assert.equal(receiver.received.length, 3);

      const opened = sends.map((send) => openCallback(t.sim.credentials, send));
      assert.ok(opened.every((o) => o.verified));
      assert.equal(new Set(opened.map((o) => o.envelope.id)).size, 1, 'same notification id on every send');
      assert.equal(new Set(sends.map((s) => s.headers['wechatpay-nonce'])).size, 3, 'fresh nonce per send');
      for (let i = 1; i < sends.length; i++) {
        const gap = sends[i].atMs - sends[i - 1].atMs;
        assert.ok(gap >= 90 && gap < 1000, `gap ${i} was ${gap} ms, expected about 100 ms`);
      }
    } finally {
      await t.close();
      await receiver.close();
    }
  });

  it('gives up after 15 sends (10,10,10,30,30,30 then 300 s each, scaled)', async () => {
    const receiver = await startCallbackReceiver(() => 503);
    // 10 s → 10 ms, 300 s → 300 ms: the whole schedule takes about 2.5 s
    const t = await startTestSimulator({ settleDelayMs: null, callbackIntervalScale: 0.001 });
    try {
      const record = await schedule(t.sim, await createContract(t.sim));
      const payload = deductBody(record, `${receiver.url}/n`);
      await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
      await callSandbox(t.sim, 'POST', `/sandbox/deduct-orders/${payload.out_trade_no}/outcome`, {
        order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      });
      const sends = await receiver.waitFor(15, 8000);
      await new Promise((resolve) => setTimeout(resolve, 700)); // more than one 300 ms interval
      assert.equal(receiver.received.length, 15);
      const gaps = sends.slice(1).map((send, i) => send.atMs - sends[i].atMs);
      // the 6th gap onwards is the 300 ms tier; the first six are 10–30 ms
      assert.ok(gaps.slice(0, 6).every((gap) => gap < 200), `early gaps ${gaps.join(',')}`);
      assert.ok(gaps.slice(6).every((gap) => gap >= 280), `late gaps ${gaps.join(',')}`);
      assert.equal(new Set(sends.map((s) => JSON.parse(s.body).id)).size, 1);
    } finally {
      await t.close();
      await receiver.close();
    }
  });

  it('stops resending when the simulator closes', async () => {
    const receiver = await startCallbackReceiver(() => 500);
    const t = await startTestSimulator({ settleDelayMs: null, callbackIntervalScale: 0.01 });
    try {
      const record = await schedule(t.sim, await createContract(t.sim));
      const payload = deductBody(record, `${receiver.url}/n`);
      await callApi(t.sim, 'POST', DEDUCT_PATH, payload);
      await callSandbox(t.sim, 'POST', `/sandbox/deduct-orders/${payload.out_trade_no}/outcome`, {
        order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
      });
      await receiver.waitFor(1);
    } finally {
      await t.close();
    }
    const count = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.length, count);
    await receiver.close();
  });
});

describe('contract callbacks', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  before(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestSimulator({ defaultContractNotifyUrl: `${receiver.url}/default` });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('sends SIGN_CONTRACT to contract_notify_url when a sandbox contract is created', async () => {
    const contract = await createContract(t.sim, {
      contract_notify_url: `${receiver.url}/sign`,
      plan_id: '100002',
      repayment_amount_limit: '300000',
      repayment_day: 15,
    });
    assert.match(contract.contract_id, /^\d{23}$/);
    assert.match(String(contract.openid), /^oSandbox.{20}$/);
    assert.equal(contract.contract_state, 'CONTRACT_STATE_EFFECTIVE');
    assert.equal(contract.repayment_amount_limit, '300000');
    const [callback] = await receiver.waitFor(1);
    const opened = openCallback(t.sim.credentials, callback);
    assert.ok(opened.verified);
    assert.equal(opened.envelope.event_type, 'CREDIT_REPAYMENT.SIGN_CONTRACT');
    assert.deepEqual(opened.resource, {
      sp_mchid: t.sim.credentials.mchid,
      contract_id: contract.contract_id,
      plan_id: 100002,
      out_contract_code: contract.out_contract_code,
      display_name: contract.display_name,
      contract_state: 'CONTRACT_STATE_EFFECTIVE',
      contract_signed_time: contract.contract_signed_time,
      contract_terminated_mode: 'TERMINATION_MODE_INVALID',
      repayment_day: 15,
      repayment_amount_limit: '300000',
      appid: t.sim.credentials.appid,
      openid: contract.openid,
    });
    assert.match(String(contract.contract_signed_time), RFC3339_BEIJING);
  });

  it('falls back to defaultContractNotifyUrl, and sends nothing when there is none', async () => {
    const contract = await createContract(t.sim);
    const [, callback] = await receiver.waitFor(2);
    assert.equal(callback.path, '/default');
    assert.equal(openCallback(t.sim.credentials, callback).resource.contract_id, contract.contract_id);

    const quiet = await startTestSimulator();
    try {
      await createContract(quiet.sim);
      await createContract(quiet.sim, { contract_notify_url: `${receiver.url}/explicit` });
      await receiver.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.deepEqual(receiver.received.slice(2).map((c) => c.path), ['/explicit']);
    } finally {
      await quiet.close();
    }
  });
});

describe('termination', () => {
  it('by the merchant: TERMINATED, BY_MERCHANT, remark, time, TERMINATE_CONTRACT to the template URL', async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSimulator({ terminationNotifyUrl: `${receiver.url}/terminated` });
    try {
      const contract = await createContract(t.sim);
      const response = await callApi(t.sim, 'POST', '/v3/credit-repayment/partner/contracts/terminate', {
        out_contract_code: contract.out_contract_code,
        contract_termination_remark: '签约信息有误，需重新签约',
      });
      assert.equal(response.status, 200, response.text);
      const info = response.json.contract_info;
      assert.equal(info.contract_state, 'CONTRACT_STATE_TERMINATED');
      assert.equal(info.contract_terminated_mode, 'TERMINATION_MODE_BY_MERCHANT');
      assert.equal(info.contract_termination_remark, '签约信息有误，需重新签约');
      assert.match(info.contract_terminated_time, RFC3339_BEIJING);

      const [callback] = await receiver.waitFor(1);
      assert.equal(callback.path, '/terminated');
      const opened = openCallback(t.sim.credentials, callback);
      assert.ok(opened.verified);
      assert.equal(opened.envelope.event_type, 'CREDIT_REPAYMENT.TERMINATE_CONTRACT');
      assert.equal(opened.resource.contract_state, 'CONTRACT_STATE_TERMINATED');
      assert.equal(opened.resource.contract_terminated_mode, 'TERMINATION_MODE_BY_MERCHANT');
      assert.equal(opened.resource.contract_terminated_time, info.contract_terminated_time);

      // the query shows it; a second termination is refused
      const queried = await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${contract.out_contract_code}`);
      assert.equal(queried.json.contract_state, 'CONTRACT_STATE_TERMINATED');
      const again = await callApi(t.sim, 'POST', '/v3/credit-repayment/partner/contracts/terminate', {
        out_contract_code: contract.out_contract_code,
        contract_termination_remark: 'again',
      });
      assert.equal(again.status, 400);
      assert.equal(again.json.code, 'INVALID_REQUEST');

      // by the user, through the sandbox
      const other = await createContract(t.sim);
      const byUser = await callSandbox(t.sim, 'POST', `/sandbox/contracts/${other.out_contract_code}/terminate`);
      assert.equal(byUser.status, 200);
      assert.equal(byUser.json.contract_terminated_mode, 'TERMINATION_MODE_BY_USER');
      const [, second] = await receiver.waitFor(2);
      assert.equal(openCallback(t.sim.credentials, second).resource.contract_terminated_mode, 'TERMINATION_MODE_BY_USER');
      assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/contracts/${other.out_contract_code}/terminate`)).status, 409);

      const unknown = await callApi(t.sim, 'POST', '/v3/credit-repayment/partner/contracts/terminate', {
        out_contract_code: 'NoSuchCode1',
        contract_termination_remark: 'x',
      });
      assert.equal(unknown.status, 404);
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});

describe('buildSignedNotification', () => {
  it('builds a callback a receiver can verify and decrypt, with overridable timestamp and signature', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const home = await mkdtemp(join(tmpdir(), 'notif-'));
    try {
      const creds = await loadOrCreateSandboxCredentials(home);
      const input = {
        eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY' as const,
        resource: { out_trade_no: 'T123456', order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' },
        apiV3Key: creds.apiV3Key,
        wechatpayPrivateKey: creds.wechatpayPrivateKeyPem,
        wechatpayPublicKeyId: creds.wechatpayPublicKeyId,
      };
      const { headers, body } = buildSignedNotification({ ...input, timestamp: 1700000000 });
      assert.equal(headers['Wechatpay-Timestamp'], '1700000000');
      assert.equal(headers['Wechatpay-Serial'], creds.wechatpayPublicKeyId);
      assert.ok(
        verifySha256WithRsa(
          responseSignatureMessage(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body),
          headers['Wechatpay-Signature'],
          creds.wechatpayPublicKeyPem,
        ),
      );
      const envelope = JSON.parse(body);
      const plain = decryptAeadAes256Gcm(envelope.resource.ciphertext, {
        apiV3Key: creds.apiV3Key,
        nonce: envelope.resource.nonce,
        associatedData: envelope.resource.associated_data,
      });
      assert.deepEqual(JSON.parse(plain), input.resource);
      const probe = buildSignedNotification({ ...input, signature: 'WECHATPAY/SIGNTEST/abc' });
      assert.equal(probe.headers['Wechatpay-Signature'], 'WECHATPAY/SIGNTEST/abc');
      assert.notEqual(buildSignedNotification(input).body, buildSignedNotification(input).body, 'fresh id and nonce');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
