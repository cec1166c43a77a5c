/** The client against a real node:http "WeChat Pay" on port 0: signing, verification, resources. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createCertificateVerifier,
  createPublicKeyVerifier,
  createWechatpayClient,
  decryptOaepSha1,
  encryptOaepSha1,
  isWechatpayError,
  parseAuthorization,
  requestSignatureMessage,
  verifySha256WithRsa,
  type CreateDeductOrderRequest,
  type WechatpayClientOptions,
} from '../../src/wechatpay/index.js';
import { signedReply, startFakeWechatpay, type FakeHandler, type FakeWechatpay, type RecordedRequest } from './fake-wechatpay.js';
import {
  MCHID,
  MERCHANT_KEY,
  MERCHANT_PUB,
  MERCHANT_SERIAL_NO,
  PLATFORM_CERT,
  PLATFORM_CERT_2,
  PLATFORM_CERT_2_SERIAL,
  PLATFORM_CERT_SERIAL,
  PUBLIC_KEY_ID,
  WECHATPAY_KEY,
  WECHATPAY_KEY_2,
  WECHATPAY_PUB,
  fixtureText,
} from './fixtures.js';

const DEDUCT_ORDER = {
  out_trade_no: 'DeductOrder123456',
  out_record_id: 'Record123456',
  appid: 'wxd678efh567hg6787',
  openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  contract_id: '20251105000000123456789',
  order_state: 'DEDUCT_ORDER_STATE_PENDING',
  deduct_amount: '10000',
  description: '信贷还款',
};

/** Exactly the body line of test/fixtures/request-message.txt, in the same key order. */
const CREATE_REQUEST: CreateDeductOrderRequest = {
  contract_id: '20251105000000123456789',
  out_trade_no: 'DeductOrder123456',
  out_record_id: 'Record123456',
  deduct_amount: '10000',
  notify_url: 'https://www.test.com',
  description: '信贷还款',
};

/** Checks the Authorization header the way WeChat Pay would, with the merchant public key. */
function assertSignedByMerchant(request: RecordedRequest): void {
  const auth = parseAuthorization(request.headers.authorization);
  assert.ok(auth, `malformed Authorization: ${request.headers.authorization}`);
  assert.equal(auth.mchid, MCHID);
  assert.equal(auth.serial_no, MERCHANT_SERIAL_NO);
  assert.ok(Math.abs(Number(auth.timestamp) - Date.now() / 1000) < 60);
  const message = requestSignatureMessage(request.method, request.url, auth.timestamp, auth.nonce_str, request.body.toString('utf8'));
  assert.equal(verifySha256WithRsa(message, auth.signature, MERCHANT_PUB), true, 'signature does not verify');
}

let handler: FakeHandler = (_request, res) => signedReply(res, 200, '{}');
let server: FakeWechatpay;

before(async () => {
  server = await startFakeWechatpay((request, res, raw) => handler(request, res, raw));
});
after(() => server.close());

function client(overrides: Partial<WechatpayClientOptions> = {}) {
  return createWechatpayClient({
    baseUrl: server.baseUrl,
    mchid: MCHID,
    merchantSerialNo: MERCHANT_SERIAL_NO,
    merchantPrivateKey: MERCHANT_KEY,
    verifier: createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB }),
    timeoutMs: 2_000,
    ...overrides,
  });
}

function lastRequest(): RecordedRequest {
  const request = server.requests.at(-1);
  assert.ok(request, 'the server received nothing');
  return request;
}

async function rejectsWith(promise: Promise<unknown>, expected: Record<string, unknown>) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isWechatpayError(error), `not a WechatpayError: ${String(error)}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual((error as unknown as Record<string, unknown>)[key], value, `${key} of ${error.message}`);
    }
    return true;
  });
}

describe('request signing', () => {
  it('signs a POST over the exact body bytes, with the headers WeChat Pay requires', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify(DEDUCT_ORDER));
    const order = await client().deductOrders.create(CREATE_REQUEST);
    assert.deepEqual(order, DEDUCT_ORDER);
    const request = lastRequest();
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v3/credit-repayment/partner/deduct-orders');
    assert.deepEqual(JSON.parse(request.body.toString('utf8')), CREATE_REQUEST);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.accept, 'application/json');
    assert.match(request.headers['user-agent'] ?? '', /repayment-graphql/);
    assert.equal(request.headers['content-length'], String(request.body.length));
    assertSignedByMerchant(request);
  });

  it('with a fixed clock and nonce, produces exactly the openssl signature of test/fixtures/request-message.txt', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify(DEDUCT_ORDER));
    await client({ now: () => 1_735_689_600_123, nonce: () => '593BEC0C930BF1AFEB40B4A08C8FB242' }).deductOrders.create(CREATE_REQUEST);
    const request = lastRequest();
    const auth = parseAuthorization(request.headers.authorization);
    assert.equal(auth?.signature, fixtureText('request-signature.b64').trim());
    assert.equal(auth?.timestamp, '1735689600');
    // The bytes on the wire are the body line of the fixture message.
    assert.equal(request.body.toString('utf8'), fixtureText('request-message.txt').split('\n')[4]);
  });

  it('signs a GET over path + query as sent, with escaped path params and an empty body', async () => {
    const record = { out_record_id: 'Rec 1/é', appid: 'a', repayment_amount: '1', min_repayment_amount: '1', repayment_date: '2025-01-02', openid: 'o' };
    handler = (_request, res) => signedReply(res, 200, JSON.stringify(record));
    const got = await client().scheduleRecords.get('Rec 1/é', '2025110500000012345&x=1');
    assert.deepEqual(got, record);
    const request = lastRequest();
    assert.equal(request.method, 'GET');
    assert.equal(request.url, '/v3/credit-repayment/partner/schedule-records/Rec%201%2F%C3%A9?contract_id=2025110500000012345%26x%3D1');
    assert.equal(request.body.length, 0);
    assert.equal(request.headers['content-type'], undefined);
    assertSignedByMerchant(request);
    const auth = parseAuthorization(request.headers.authorization)!;
    // A GET message ends with an empty body line: METHOD\nURL\nTS\nNONCE\n\n
    assert.ok(requestSignatureMessage('GET', request.url, auth.timestamp, auth.nonce_str, '').endsWith('\n\n'));
  });

  it('keeps a base URL path prefix in the signed URL', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify(DEDUCT_ORDER));
    await client({ baseUrl: `${server.baseUrl}/prefix/` }).deductOrders.get('DeductOrder123456');
    const request = lastRequest();
    assert.equal(request.url, '/prefix/v3/credit-repayment/partner/deduct-orders/DeductOrder123456');
    assertSignedByMerchant(request);
  });

  it('refuses an unreadable private key at construction, without echoing it', () => {
    assert.throws(
      () => client({ merchantPrivateKey: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----' }),
      (error: unknown) => isWechatpayError(error) && error.type === 'configuration_error' && !error.message.includes('c2VjcmV0'),
    );
  });
});

describe('response verification', () => {
  const body = JSON.stringify(DEDUCT_ORDER);

  it('rejects a body altered in transit as outcome-unknown', async () => {
    handler = (_request, res) => signedReply(res, 200, body.replace('10000', '1'), { signedBody: body, requestId: 'RID-T' });
    await rejectsWith(client().deductOrders.create(CREATE_REQUEST), {
      type: 'response_verification_error',
      reason: 'BAD_SIGNATURE',
      code: 'BAD_SIGNATURE',
      status: 200,
      requestId: 'RID-T',
      outcomeUnknown: true,
    });
  });

  it('rejects a stale timestamp', async () => {
    handler = (_request, res) => signedReply(res, 200, body, { timestamp: String(Math.floor(Date.now() / 1000) - 301) });
    await rejectsWith(client().deductOrders.get('x'), { reason: 'STALE_TIMESTAMP', outcomeUnknown: true });
  });

  it('rejects an unknown serial and names it', async () => {
    handler = (_request, res) => signedReply(res, 200, body, { serial: 'PUB_KEY_ID_0999', privateKey: WECHATPAY_KEY_2 });
    await assert.rejects(client().deductOrders.get('x'), (error: Error) => {
      assert.equal((error as { reason?: string }).reason, 'UNKNOWN_SERIAL');
      assert.match(error.message, /PUB_KEY_ID_0999/);
      return true;
    });
  });

  it('rejects a probe signature', async () => {
    handler = (_request, res) => signedReply(res, 200, body, { signature: 'WECHATPAY/SIGNTEST/abcdef' });
    await rejectsWith(client().deductOrders.create(CREATE_REQUEST), { reason: 'PROBE', outcomeUnknown: true });
  });

  it('rejects a 2xx without signature headers', async () => {
    handler = (_request, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    await rejectsWith(client().deductOrders.create(CREATE_REQUEST), { reason: 'MISSING_HEADERS', outcomeUnknown: true });
  });

  it('rejects a signed 2xx whose body is not JSON, or is empty where a body is due', async () => {
    handler = (_request, res) => signedReply(res, 200, 'OK');
    await rejectsWith(client().deductOrders.create(CREATE_REQUEST), { reason: 'MALFORMED_BODY', outcomeUnknown: true });
    handler = (_request, res) => signedReply(res, 204, '');
    await rejectsWith(client().deductOrders.create(CREATE_REQUEST), { reason: 'MALFORMED_BODY', outcomeUnknown: true });
  });
});

describe('contracts', () => {
  it('presign sends Wechatpay-Serial of the encryption key, and encrypted fields open with its private key', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ presign_token: 'tok', redirect_service: 'x' }));
    const wechatpay = client();
    const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
    const { serial, publicKey } = verifier.encryptionKey();
    const result = await wechatpay.contracts.appPresign({
      appid: 'wxd678efh567hg6787',
      plan_id: '100',
      out_contract_code: 'WxCreditRepayment20200910100000',
      display_name: '*三',
      contract_notify_url: 'https://example.com/notify',
      repayment_amount_limit: '500000',
      real_identity: {
        identity_type: 'REAL_IDENTITY_TYPE_ID_CARD',
        identity_id: encryptOaepSha1('110101199003071234', publicKey),
        real_name: encryptOaepSha1('张三', publicKey),
      },
    }, serial);
    assert.deepEqual(result, { presign_token: 'tok', redirect_service: 'x' });
    const request = lastRequest();
    assert.equal(request.url, '/v3/credit-repayment/partner/contracts/app-presign');
    assert.equal(request.headers['wechatpay-serial'], PUBLIC_KEY_ID);
    assertSignedByMerchant(request);
    const sent = JSON.parse(request.body.toString('utf8'));
    assert.equal(decryptOaepSha1(sent.real_identity.real_name, WECHATPAY_KEY), '张三');
    assert.equal(decryptOaepSha1(sent.real_identity.identity_id, WECHATPAY_KEY), '110101199003071234');
  });

  it('h5Presign and get use their paths', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ redirect_url: 'https://wx/redirect' }));
    const wechatpay = client();
    const h5 = await wechatpay.contracts.h5Presign({
      appid: 'a', plan_id: '1', out_contract_code: 'C1', display_name: '*', contract_notify_url: 'https://n', repayment_amount_limit: '1',
      jump_info: { jump_appid: 'wx1' },
    }, PUBLIC_KEY_ID);
    assert.equal(h5.redirect_url, 'https://wx/redirect');
    assert.equal(lastRequest().url, '/v3/credit-repayment/partner/contracts/h5-presign');
    assert.equal(lastRequest().headers['wechatpay-serial'], PUBLIC_KEY_ID);
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ out_contract_code: 'C1', contract_id: '1', repayment_amount_limit: 5 }));
    const contract = await wechatpay.contracts.get('C1');
    assert.equal(contract.contract_id, '1');
    assert.equal(lastRequest().url, '/v3/credit-repayment/partner/contracts/C1');
    assert.equal(lastRequest().headers['wechatpay-serial'], undefined);
  });

  it('terminate accepts 200 with contract_info and 204 without body', async () => {
    const info = { out_contract_code: 'C1', contract_id: '1', contract_state: 'CONTRACT_STATE_TERMINATED' };
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ contract_info: info }));
    const wechatpay = client();
    const body = { out_contract_code: 'C1', contract_termination_remark: '用户要求' };
    assert.deepEqual(await wechatpay.contracts.terminate(body), { contract_info: info });
    assert.deepEqual(JSON.parse(lastRequest().body.toString('utf8')), body);
    handler = (_request, res) => signedReply(res, 204, '');
    assert.equal(await wechatpay.contracts.terminate(body), undefined);
    // A 204 is still verified: an unsigned one is not trusted.
    handler = (_request, res) => res.writeHead(204).end();
    await rejectsWith(wechatpay.contracts.terminate(body), { reason: 'MISSING_HEADERS' });
  });

  it('schedule batch-create posts to its path', async () => {
    const response = { schedule_records: [{ out_record_id: 'R1', appid: 'a', repayment_amount: '100', min_repayment_amount: '5', repayment_date: '2025-01-02', openid: 'o' }] };
    handler = (_request, res) => signedReply(res, 200, JSON.stringify(response));
    const got = await client().scheduleRecords.batchCreate({
      contract_id: 'c', appid: 'a', openid: 'o',
      schedule_items: [{ out_record_id: 'R1', sub_mchid: '1900000109', repayment_amount: '100', min_repayment_amount: '5', repayment_date: '2025-01-02' }],
    });
    assert.deepEqual(got, response);
    assert.equal(lastRequest().url, '/v3/credit-repayment/partner/schedule-records/batch-create');
    assertSignedByMerchant(lastRequest());
  });
});

describe('certificate mode', () => {
  it('verifies responses signed under the platform certificate and names it for encryption', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ presign_token: 't' }), { serial: PLATFORM_CERT_SERIAL });
    const verifier = createCertificateVerifier([PLATFORM_CERT]);
    const wechatpay = client({ verifier });
    await wechatpay.contracts.appPresign({
      appid: 'a', plan_id: '1', out_contract_code: 'C1', display_name: '*', contract_notify_url: 'https://n', repayment_amount_limit: '1',
    }, verifier.encryptionKey().serial);
    assert.equal(lastRequest().headers['wechatpay-serial'], PLATFORM_CERT_SERIAL);
    handler = (_request, res) => signedReply(res, 200, '{}', { serial: PUBLIC_KEY_ID });
    await rejectsWith(wechatpay.deductOrders.get('x'), { reason: 'UNKNOWN_SERIAL' });
  });

  it('presign sends the serial it is given, not the one the verifier would name when it is sent', async () => {
    handler = (_request, res) => signedReply(res, 200, JSON.stringify({ redirect_url: 'https://wx/r' }), { serial: PLATFORM_CERT_SERIAL });
    // Certificate 2 is not valid yet, so this verifier names certificate 1; the fields were (say)
    // encrypted under certificate 2 by a caller with another clock: the header must say 2.
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2]);
    assert.equal(verifier.encryptionKey().serial, PLATFORM_CERT_SERIAL);
    const body = { appid: 'a', plan_id: '1', out_contract_code: 'C1', display_name: '*', contract_notify_url: 'https://n', repayment_amount_limit: '1' };
    await client({ verifier }).contracts.h5Presign(body, PLATFORM_CERT_2_SERIAL);
    assert.equal(lastRequest().headers['wechatpay-serial'], PLATFORM_CERT_2_SERIAL);
  });

  it('presign refuses to send without the serial of the encryption key', async () => {
    const before = server.requests.length;
    const body = { appid: 'a', plan_id: '1', out_contract_code: 'C1', display_name: '*', contract_notify_url: 'https://n', repayment_amount_limit: '1' };
    for (const serial of ['', '  ', undefined as unknown as string]) {
      await rejectsWith(client().contracts.h5Presign(body, serial), { type: 'configuration_error', code: 'INVALID_ARGUMENT', outcomeUnknown: false });
    }
    assert.equal(server.requests.length, before);
  });
});
