import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  formatAuthorization,
  randomNonce,
  requestSignatureMessage,
  signSha256WithRsa,
  unixSeconds,
} from '../../src/wechatpay/crypto.js';
import { callApi, callSandbox, responseVerifies, startTestSimulator, type TestSimulator } from './support/api-client.js';
import { createContract, SCHEDULE_PATH, scheduleBody } from './support/flows.js';
import { rawSignedRequest } from './support/raw-exchange.js';

describe('request authentication', () => {
  let t: TestSimulator;
  before(async () => {
    t = await startTestSimulator();
  });
  after(() => t.close());

  const contractPath = (code: string) => `/v3/credit-repayment/partner/contracts/${code}`;

  it('accepts a correctly signed request and signs its answer', async () => {
    const contract = await createContract(t.sim);
    const response = await callApi(t.sim, 'GET', contractPath(contract.out_contract_code));
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.contract_id, contract.contract_id);
    assert.ok(response.headers.get('request-id'));
    assert.ok(responseVerifies(t.sim, response), 'response signature verifies with pub_key.pem');
  });

  it('answers a signature that does not match with 401 SIGN_ERROR and the sign_information detail', async () => {
    const body = scheduleBody(t.sim, await createContract(t.sim));
    const response = await callApi(t.sim, 'POST', SCHEDULE_PATH, body, { signedBody: '{"tampered":true}' });
    assert.equal(response.status, 401);
    assert.equal(response.json.code, 'SIGN_ERROR');
    assert.equal(typeof response.json.message, 'string');
    const detail = response.json.detail;
    assert.equal(detail.field, 'signature');
    assert.equal(detail.location, 'authorization');
    assert.deepEqual(detail.detail, { issue: 'sign not match' });
    assert.equal(detail.sign_information.method, 'POST');
    assert.equal(detail.sign_information.url, SCHEDULE_PATH);
    assert.match(detail.sign_information.truncated_sign_message, /^POST\n\/v3\/credit-repayment\/partner\/schedule-records\/batch-create\n\d+\n[0-9a-f]{32}\n\{"contra\n$/);
    const sentBody = JSON.stringify(body);
    assert.ok(detail.sign_information.sign_message_length > Buffer.byteLength(sentBody));
    assert.ok(responseVerifies(t.sim, response), 'error responses are signed too');
  });

  it('refuses a signature made with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const response = await callApi(t.sim, 'GET', contractPath('X1'), undefined, { privateKey: String(other) });
    assert.equal(response.status, 401);
    assert.equal(response.json.code, 'SIGN_ERROR');
  });

  it('refuses a timestamp more than 300 s off but accepts one 290 s old', async () => {
    const contract = await createContract(t.sim);
    // Seconds either side of the limit, not one: the timestamp is whole seconds while the simulator
    // compares it with its own clock in milliseconds a moment later, so 301 s ahead can arrive as 299.9.
    const stale = String(Number(unixSeconds()) - 305);
    const refused = await callApi(t.sim, 'GET', contractPath(contract.out_contract_code), undefined, { timestamp: stale });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.code, 'SIGN_ERROR');
    assert.equal(refused.json.detail.field, 'timestamp');
    const future = String(Number(unixSeconds()) + 305);
    assert.equal((await callApi(t.sim, 'GET', contractPath(contract.out_contract_code), undefined, { timestamp: future })).status, 401);
    const recent = String(Number(unixSeconds()) - 290);
    assert.equal((await callApi(t.sim, 'GET', contractPath(contract.out_contract_code), undefined, { timestamp: recent })).status, 200);
  });

  it('refuses another mchid, another merchant serial and a missing or malformed header', async () => {
    const path = contractPath('X1');
    const wrongMchid = await callApi(t.sim, 'GET', path, undefined, { mchid: '1230000109' });
    assert.equal(wrongMchid.status, 401);
    assert.equal(wrongMchid.json.detail.field, 'mchid');
    const wrongSerial = await callApi(t.sim, 'GET', path, undefined, { serialNo: '0'.repeat(40) });
    assert.equal(wrongSerial.status, 401);
    assert.equal(wrongSerial.json.detail.field, 'serial_no');
    const missing = await callApi(t.sim, 'GET', path, undefined, { authorization: null });
    assert.equal(missing.status, 401);
    assert.equal(missing.json.code, 'SIGN_ERROR');
    const otherScheme = await callApi(t.sim, 'GET', path, undefined, { authorization: 'Bearer abc' });
    assert.equal(otherScheme.status, 401);
  });

  it('accepts the Authorization items in any order and signs the query string as sent', async () => {
    const contract = await createContract(t.sim);
    const path = contractPath(contract.out_contract_code);
    const timestamp = unixSeconds();
    const nonce = randomNonce();
    const signature = signSha256WithRsa(requestSignatureMessage('GET', path, timestamp, nonce, ''), t.sim.credentials.merchantPrivateKeyPem);
    const reordered = `WECHATPAY2-SHA256-RSA2048 serial_no="${t.sim.credentials.merchantSerialNo}",timestamp="${timestamp}",signature="${signature}",nonce_str="${nonce}",mchid="${t.sim.credentials.mchid}"`;
    assert.equal((await callApi(t.sim, 'GET', path, undefined, { authorization: reordered })).status, 200);

    // a signature over the path without its query does not cover the query
    const recordPath = '/v3/credit-repayment/partner/schedule-records/R1?contract_id=123';
    const bad = signSha256WithRsa(
      requestSignatureMessage('GET', '/v3/credit-repayment/partner/schedule-records/R1', timestamp, nonce, ''),
      t.sim.credentials.merchantPrivateKeyPem,
    );
    const header = formatAuthorization({
      mchid: t.sim.credentials.mchid,
      nonce_str: nonce,
      signature: bad,
      timestamp,
      serial_no: t.sim.credentials.merchantSerialNo,
    });
    const response = await callApi(t.sim, 'GET', recordPath, undefined, { authorization: header });
    assert.equal(response.status, 401);
    assert.equal(response.json.detail.sign_information.url, recordPath);
  });

  it('answers unknown APIs with 404 and leaves sandbox routes unsigned-friendly', async () => {
    const unknown = await callApi(t.sim, 'GET', '/v3/credit-repayment/partner/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 'RESOURCE_NOT_EXISTS');
    const health = await callSandbox(t.sim, 'GET', '/sandbox/health');
    assert.equal(health.status, 200);
    assert.ok(responseVerifies(t.sim, health));
  });

  it('requires Content-Type application/json on POST', async () => {
    const body = scheduleBody(t.sim, await createContract(t.sim));
    const response = await callApi(t.sim, 'POST', SCHEDULE_PATH, body, { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(response.status, 400);
    assert.equal(response.json.code, 'PARAM_ERROR');
  });

  /** A signed request sent over node:http (no client adds or fills in headers), with `changes`. */
  async function rawAnswer(method: 'GET' | 'POST', path: string, body: unknown, changes: Record<string, string | null>) {
    const outcome = await rawSignedRequest(t.sim, method, path, body, 3000, changes);
    assert.equal(outcome.kind, 'response');
    if (outcome.kind !== 'response') throw new Error('unreachable');
    return { ...outcome, json: JSON.parse(outcome.text || 'null') };
  }

  it('refuses a signed request without Accept: application/json, as a malformed request (400 PARAM_ERROR)', async () => {
    const contract = await createContract(t.sim);
    const path = contractPath(contract.out_contract_code);
    for (const accept of [null, '*/*', 'text/html', 'application/json, text/plain', 'application/jsonp']) {
      const refused = await rawAnswer('GET', path, undefined, { Accept: accept });
      assert.equal(refused.status, 400, `Accept ${accept}: ${refused.text}`);
      assert.equal(refused.json.code, 'PARAM_ERROR');
      assert.equal(typeof refused.json.message, 'string');
      assert.deepEqual(refused.json.detail, { field: 'Accept', location: 'header', issue: 'must be application/json' });
      // POSTs too, and nothing is created
      const record = scheduleBody(t.sim, contract);
      const post = await rawAnswer('POST', SCHEDULE_PATH, record, { Accept: accept });
      assert.equal(post.status, 400, post.text);
      assert.equal(post.json.detail.field, 'Accept');
      const outRecordId = (record.schedule_items as { out_record_id: string }[])[0].out_record_id;
      const query = `/v3/credit-repayment/partner/schedule-records/${outRecordId}?contract_id=${contract.contract_id}`;
      assert.equal((await callApi(t.sim, 'GET', query)).status, 404);
    }
    for (const accept of ['application/json', 'Application/JSON', 'application/json; charset=utf-8']) {
      assert.equal((await rawAnswer('GET', path, undefined, { Accept: accept })).status, 200, `Accept ${accept}`);
    }
  });

  it('refuses a signed POST without Content-Type: application/json', async () => {
    const contract = await createContract(t.sim);
    for (const contentType of [null, 'application/json-patch+json', 'application/x-www-form-urlencoded']) {
      const refused = await rawAnswer('POST', SCHEDULE_PATH, scheduleBody(t.sim, contract), { 'Content-Type': contentType });
      assert.equal(refused.status, 400, `Content-Type ${contentType}: ${refused.text}`);
      assert.equal(refused.json.code, 'PARAM_ERROR');
      assert.equal(refused.json.detail.field, 'Content-Type');
    }
    const ok = await rawAnswer('POST', SCHEDULE_PATH, scheduleBody(t.sim, contract), { 'Content-Type': 'application/json; charset=utf-8' });
    assert.equal(ok.status, 200, ok.text);
  });

  it('a signature problem is still a 401, whatever the other headers', async () => {
    const refused = await rawAnswer('GET', contractPath('X1'), undefined, { Accept: null, Authorization: 'Bearer abc' });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.code, 'SIGN_ERROR');
  });
});
