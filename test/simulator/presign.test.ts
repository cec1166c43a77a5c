import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encryptOaepSha1 } from '../../src/wechatpay/crypto.js';
import { callApi, callSandbox, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { expectError } from './support/expect-error.js';
import { uniqueId } from './support/flows.js';
import { openCallback } from './support/open-callback.js';

const APP = '/v3/credit-repayment/partner/contracts/app-presign';
const H5 = '/v3/credit-repayment/partner/contracts/h5-presign';

describe('presign', () => {
  let t: TestSimulator;
  let receiver: CallbackReceiver;
  let clock = new Date('2025-07-01T02:00:00Z');
  before(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestSimulator({ now: () => clock });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const serial = () => ({ 'Wechatpay-Serial': t.sim.credentials.wechatpayPublicKeyId });
  const request = (extra: Record<string, unknown> = {}) => ({
    appid: t.sim.credentials.appid,
    plan_id: '100001',
    out_contract_code: uniqueId('C'),
    display_name: '***G',
    contract_notify_url: `${receiver.url}/sign`,
    repayment_amount_limit: '200000',
    real_identity: {
      identity_type: 'REAL_IDENTITY_TYPE_ID_CARD',
      identity_id: encryptOaepSha1('110101199003071234', t.sim.credentials.wechatpayPublicKeyPem),
      real_name: encryptOaepSha1('张三丰', t.sim.credentials.wechatpayPublicKeyPem),
    },
    ...extra,
  });

  it('APP presign answers a token; confirming it signs the contract and sends SIGN_CONTRACT', async () => {
    const body = request({ repayment_day: 5 });
    const presigned = await callApi(t.sim, 'POST', APP, body, { headers: serial() });
    assert.equal(presigned.status, 200, presigned.text);
    const token = presigned.json.presign_token;
    assert.equal(typeof token, 'string');

    // not an agreement until the user agrees
    expectError(await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${body.out_contract_code}`), 404, 'RESOURCE_NOT_EXISTS');

    const confirmed = await callSandbox(t.sim, 'POST', `/sandbox/presign/${token}/confirm`, { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    assert.equal(confirmed.status, 201, confirmed.text);
    const [callback] = await receiver.waitFor(1);
    const opened = openCallback(t.sim.credentials, callback);
    assert.ok(opened.verified);
    assert.equal(opened.resource.out_contract_code, body.out_contract_code);
    assert.equal(opened.resource.openid, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    assert.equal(opened.resource.repayment_day, 5);
    assert.equal(opened.resource.display_name, '***G');

    const queried = await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${body.out_contract_code}`);
    assert.equal(queried.status, 200);
    assert.equal(queried.json.contract_id, opened.resource.contract_id);
    assert.equal(queried.json.repayment_amount_limit, 200000);
    assert.equal(queried.json.plan_id, '100001');
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign/${token}/confirm`)).status, 409);
    // the first version's path still works as an alias
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign-tokens/${token}/confirm`)).status, 409);
  });

  it('never accepts an out_contract_code twice', async () => {
    const body = request();
    assert.equal((await callApi(t.sim, 'POST', APP, body, { headers: serial() })).status, 200);
    expectError(await callApi(t.sim, 'POST', H5, { ...body }, { headers: serial() }), 400, 'INVALID_REQUEST');
  });

  it('requires the Wechatpay-Serial header naming our public key', async () => {
    expectError(await callApi(t.sim, 'POST', APP, request()), 400, 'PARAM_ERROR', 'Wechatpay-Serial');
    expectError(
      await callApi(t.sim, 'POST', APP, request(), { headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_0000' } }),
      400,
      'PARAM_ERROR',
      'Wechatpay-Serial',
    );
  });

  it('requires real_identity fields encrypted with RSA-OAEP under the WeChat Pay public key', async () => {
    const plain = request();
    (plain.real_identity as Record<string, string>).real_name = Buffer.from('张三').toString('base64');
    expectError(await callApi(t.sim, 'POST', APP, plain, { headers: serial() }), 400, 'PARAM_ERROR', 'real_identity.real_name');
  });

  it('checks the decrypted real-name fields: an ID card number and an unmasked name', async () => {
    const encrypt = (text: string) => encryptOaepSha1(text, t.sim.credentials.wechatpayPublicKeyPem);
    const identity = (identityId: string, realName: string) => ({
      real_identity: { identity_type: 'REAL_IDENTITY_TYPE_ID_CARD', identity_id: encrypt(identityId), real_name: encrypt(realName) },
    });
    const field = 'real_identity.identity_id';
    for (const bad of ['11010119900307123', '1101011990030712345', '11010119900307123Y']) {
      expectError(await callApi(t.sim, 'POST', APP, request(identity(bad, '张三丰')), { headers: serial() }), 400, 'PARAM_ERROR', field);
    }
    expectError(
      await callApi(t.sim, 'POST', APP, request(identity('11010119900307123X', '**丰')), { headers: serial() }),
      400,
      'PARAM_ERROR',
      'real_identity.real_name',
    );
    const ok = await callApi(t.sim, 'POST', APP, request(identity('11010119900307123x', '张三丰')), { headers: serial() });
    assert.equal(ok.status, 200, ok.text);
  });

  it('refuses signing when the user\'s real-name record differs: no agreement, no callback', async () => {
    const body = request();
    const presigned = await callApi(t.sim, 'POST', APP, body, { headers: serial() });
    const before = receiver.received.length;
    const refused = await callSandbox(t.sim, 'POST', `/sandbox/presign/${presigned.json.presign_token}/confirm`, {
      real_identity: { identity_id: '110101199003071234', real_name: '李四' },
    });
    expectError(refused, 400, 'REAL_NAME_MISMATCH');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receiver.received.length, before);
    expectError(await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${body.out_contract_code}`), 404, 'RESOURCE_NOT_EXISTS');
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign/${presigned.json.presign_token}/confirm`)).status, 409, 'token used up');

    // the matching record signs (case of the X check digit and spaces do not matter)
    const again = await callApi(t.sim, 'POST', APP, request(), { headers: serial() });
    const signed = await callSandbox(t.sim, 'POST', `/sandbox/presign/${again.json.presign_token}/confirm`, {
      real_identity: { identity_id: '110101199003071234', real_name: ' 张三丰 ' },
    });
    assert.equal(signed.status, 201, signed.text);
    await receiver.waitFor(before + 1);
  });

  it('an APP token works for 10 minutes and not a second longer', async () => {
    const issued = clock;
    const first = await callApi(t.sim, 'POST', APP, request(), { headers: serial() });
    const second = await callApi(t.sim, 'POST', APP, request(), { headers: serial() });
    clock = new Date(issued.getTime() + 10 * 60 * 1000);
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign/${first.json.presign_token}/confirm`)).status, 201);
    clock = new Date(issued.getTime() + 10 * 60 * 1000 + 1);
    expectError(await callSandbox(t.sim, 'POST', `/sandbox/presign/${second.json.presign_token}/decline`), 400, 'INVALID_REQUEST');
  });

  it('requires a masked display_name and a known plan and appid', async () => {
    expectError(await callApi(t.sim, 'POST', APP, request({ display_name: '张三丰' }), { headers: serial() }), 400, 'PARAM_ERROR', 'display_name');
    expectError(await callApi(t.sim, 'POST', APP, request({ plan_id: '999' }), { headers: serial() }), 400, 'PARAM_ERROR', 'plan_id');
    expectError(await callApi(t.sim, 'POST', APP, request({ appid: 'wx0000000000000000' }), { headers: serial() }), 400, 'PARAM_ERROR', 'appid');
  });

  it('accepts exactly the display names the mask rule can produce, a last character of * included', async () => {
    // 1 character: itself; 2 to 4: * for each earlier one; longer: *** and the last one
    for (const masked of ['*', '**', '***', '****', '明', '*明', '**明', '***G', '***<', '***\u00e9']) {
      const response = await callApi(t.sim, 'POST', APP, request({ display_name: masked }), { headers: serial() });
      assert.equal(response.status, 200, `${masked}: ${response.text}`);
    }
    for (const unmasked of ['', '*****', '****G', '张三', '*张三', '***GG', 'a*', '**a*', '*明*', ' *']) {
      expectError(await callApi(t.sim, 'POST', APP, request({ display_name: unmasked }), { headers: serial() }), 400, 'PARAM_ERROR', 'display_name');
    }
  });

  it('takes https notify URLs, plain http only to loopback hosts, no query string, at most 256 bytes', async () => {
    const https256 = `https://example.com/${'n'.repeat(256 - 'https://example.com/'.length)}`;
    const accepted = [
      'https://example.com/notify',
      'https://10.0.0.1/notify',
      https256,
      'http://127.0.0.1:9/notify',
      'http://127.8.9.10/notify',
      'http://localhost:9/notify',
      'http://[::1]:9/notify',
    ];
    for (const url of accepted) {
      const app = await callApi(t.sim, 'POST', APP, request({ contract_notify_url: url }), { headers: serial() });
      assert.equal(app.status, 200, `${url}: ${app.text}`);
      const trade = { out_trade_no: uniqueId('T'), deduct_amount: 100, notify_url: url };
      const withTrade = await callApi(t.sim, 'POST', APP, request({ trade_info: trade }), { headers: serial() });
      assert.equal(withTrade.status, 200, `trade_info ${url}: ${withTrade.text}`);
    }
    const refused = [
      'http://example.com/notify',
      'http://10.0.0.1/notify',
      'http://192.168.1.10:8080/notify',
      'http://[::2]/notify',
      'http://localhost.example.com/notify',
      'http://127.0.0.1.example.com/notify',
      'https://example.com/notify?a=1',
      'https://example.com/notify?',
      `${https256}n`,
    ];
    for (const url of refused) {
      const app = await callApi(t.sim, 'POST', APP, request({ contract_notify_url: url }), { headers: serial() });
      expectError(app, 400, 'PARAM_ERROR', 'contract_notify_url');
      const trade = { out_trade_no: uniqueId('T'), deduct_amount: 100, notify_url: url };
      expectError(await callApi(t.sim, 'POST', APP, request({ trade_info: trade }), { headers: serial() }), 400, 'PARAM_ERROR', 'trade_info.notify_url');
    }
  });

  it('H5 presign requires real_identity; APP presign does not', async () => {
    expectError(await callApi(t.sim, 'POST', H5, request({ real_identity: undefined }), { headers: serial() }), 400, 'PARAM_ERROR', 'real_identity');
    const app = await callApi(t.sim, 'POST', APP, request({ real_identity: undefined }), { headers: serial() });
    assert.equal(app.status, 200, app.text);
    const h5 = await callApi(t.sim, 'POST', H5, request(), { headers: serial() });
    assert.equal(h5.status, 200, h5.text);
  });

  it('trade_info.out_trade_no follows the deduct-orders rule: 6 to 32 digits or ASCII letters', async () => {
    const withTrade = (outTradeNo: string) => request({ trade_info: { out_trade_no: outTradeNo, deduct_amount: 100 } });
    for (const bad of ['T_123456', 'T-123456', 'T1234', `T${'1'.repeat(32)}`]) {
      expectError(await callApi(t.sim, 'POST', APP, withTrade(bad), { headers: serial() }), 400, 'PARAM_ERROR', 'trade_info.out_trade_no');
    }
    const ok = await callApi(t.sim, 'POST', APP, withTrade('Tab123'), { headers: serial() });
    assert.equal(ok.status, 200, ok.text);
  });

  it('H5 presign answers a redirect_url that expires after 10 minutes', async () => {
    const response = await callApi(t.sim, 'POST', H5, request({ jump_info: { jump_appid: 'wx2222222222222222' } }), { headers: serial() });
    assert.equal(response.status, 200, response.text);
    const redirect = new URL(response.json.redirect_url);
    assert.equal(redirect.origin, t.sim.url);
    const page = await fetch(redirect);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Agree/);
    const token = redirect.searchParams.get('presign_token');
    clock = new Date(clock.getTime() + 10 * 60 * 1000 + 1000);
    const late = await callSandbox(t.sim, 'POST', `/sandbox/presign/${token}/confirm`);
    assert.equal(late.status, 400);
    assert.equal(late.json.code, 'INVALID_REQUEST');
  });

  it('a declined signing sends no callback', async () => {
    const before = receiver.received.length;
    const presigned = await callApi(t.sim, 'POST', APP, request({ real_identity: undefined }), { headers: serial() });
    assert.equal(presigned.status, 200, presigned.text);
    assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/presign/${presigned.json.presign_token}/decline`)).status, 204);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receiver.received.length, before);
  });
});
