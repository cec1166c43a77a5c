/** The client's failure paths against a real node:http server: error mapping, timeouts, resets, retries. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createPublicKeyVerifier,
  createWechatpayClient,
  isWechatpayError,
  parseAuthorization,
  type WechatpayClientOptions,
} from '../../src/wechatpay/index.js';
import { errorReply, signedReply, startFakeWechatpay, type FakeHandler, type FakeWechatpay } from './fake-wechatpay.js';
import { MCHID, MERCHANT_KEY, MERCHANT_SERIAL_NO, PUBLIC_KEY_ID, WECHATPAY_PUB } from './fixtures.js';

const ORDER = { out_trade_no: 'T1', order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' };
const CREATE = {
  contract_id: 'c', out_trade_no: 'T1', out_record_id: 'R1', deduct_amount: '100', notify_url: 'https://n', description: 'd',
};

let handler: FakeHandler = (_request, res) => signedReply(res, 200, '{}');
let server: FakeWechatpay;
/** Requests received since the last reset. */
let hits = 0;

before(async () => {
  server = await startFakeWechatpay((request, res, raw) => {
    hits++;
    handler(request, res, raw);
  });
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

function serve(next: FakeHandler) {
  hits = 0;
  handler = next;
}

async function rejectsWith(promise: Promise<unknown>, expected: Record<string, unknown>) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isWechatpayError(error), `not a WechatpayError: ${String(error)}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual((error as unknown as Record<string, unknown>)[key], value, `${key} of "${error.message}"`);
    }
    return true;
  });
}

describe('error responses map to typed errors', () => {
  it('400 PARAM_ERROR with detail → api_error', async () => {
    const detail = { field: 'deduct_amount', value: '0', issue: 'must be positive', location: 'body' };
    serve((_request, res) => errorReply(res, 400, { code: 'PARAM_ERROR', message: '参数错误', detail }, { 'Request-ID': 'RID-400' }));
    await rejectsWith(client().deductOrders.create(CREATE), {
      type: 'api_error', status: 400, code: 'PARAM_ERROR', detail, requestId: 'RID-400', outcomeUnknown: false,
    });
    assert.equal(hits, 1);
  });

  it('401 SIGN_ERROR → authentication_error', async () => {
    serve((_request, res) => errorReply(res, 401, { code: 'SIGN_ERROR', message: '签名错误' }));
    await rejectsWith(client().deductOrders.get('T1'), {
      type: 'authentication_error', status: 401, code: 'SIGN_ERROR', requestId: 'REQ-ERR-1', outcomeUnknown: false,
    });
    assert.equal(hits, 1, 'a 401 is not retried');
  });

  it('404 → api_error, message carries the upstream message', async () => {
    serve((_request, res) => errorReply(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '记录不存在' }));
    await assert.rejects(client().scheduleRecords.get('R1', 'c'), (error: Error) => {
      assert.ok(isWechatpayError(error));
      assert.equal(error.type, 'api_error');
      assert.equal(error.status, 404);
      assert.equal(error.code, 'RESOURCE_NOT_EXISTS');
      assert.match(error.message, /记录不存在/);
      return true;
    });
    assert.equal(hits, 1);
  });

  it('429 on a POST → rate_limit_error, not retried', async () => {
    serve((_request, res) => errorReply(res, 429, { code: 'RATELIMIT_EXCEEDED', message: 'slow down' }));
    await rejectsWith(client().deductOrders.create(CREATE), { type: 'rate_limit_error', status: 429, outcomeUnknown: false });
    assert.equal(hits, 1);
  });

  it('500 on a POST → server_error, outcome unknown, not retried', async () => {
    serve((_request, res) => errorReply(res, 500, { code: 'SYSTEM_ERROR', message: '系统错误' }));
    await rejectsWith(client().deductOrders.create(CREATE), {
      type: 'server_error', status: 500, code: 'SYSTEM_ERROR', requestId: 'REQ-ERR-1', outcomeUnknown: true,
    });
    assert.equal(hits, 1);
  });

  it('a redirect is not followed: a POST is sent once and is outcome unknown, a GET is not asked elsewhere', async () => {
    for (const status of [301, 302, 307, 308]) {
      serve((request, res) => {
        if (request.url.startsWith('/elsewhere')) return signedReply(res, 200, JSON.stringify(ORDER));
        res.writeHead(status, { Location: `/elsewhere${request.url}` }).end();
      });
      await rejectsWith(client().deductOrders.create(CREATE), { type: 'server_error', code: `HTTP_${status}`, outcomeUnknown: true });
      assert.equal(hits, 1, `${status}: the POST was sent ${hits} times`);
      serve((request, res) => {
        if (request.url.startsWith('/elsewhere')) return signedReply(res, 200, JSON.stringify(ORDER));
        res.writeHead(status, { Location: `/elsewhere${request.url}` }).end();
      });
      await rejectsWith(client({ retryLimit: 0 }).deductOrders.get('T1'), { type: 'server_error', code: `HTTP_${status}` });
      assert.equal(hits, 1, `${status}: the GET was sent ${hits} times`);
    }
  });

  it('a non-JSON 502 from a proxy → server_error HTTP_502', async () => {
    serve((_request, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>bad gateway</html>'));
    await rejectsWith(client({ retryLimit: 0 }).deductOrders.get('T1'), { type: 'server_error', code: 'HTTP_502', outcomeUnknown: true });
  });
});

describe('202 accepted (§6.1 "repeat the same request") is not an answer', () => {
  it('a GET that gets a 202 is asked again, and the answer that follows is used', async () => {
    serve((_request, res) => {
      if (hits === 1) signedReply(res, 202, '');
      else signedReply(res, 200, JSON.stringify(ORDER));
    });
    assert.deepEqual(await client().deductOrders.get('T1'), ORDER);
    assert.equal(hits, 2);
  });

  it('a GET that keeps getting 202 gives up after retryLimit retries: server_error, outcome unknown', async () => {
    serve((_request, res) => signedReply(res, 202, ''));
    await rejectsWith(client({ retryLimit: 1 }).contracts.get('C1'), {
      type: 'server_error', status: 202, code: 'HTTP_202', requestId: 'REQ-0001', outcomeUnknown: true,
    });
    assert.equal(hits, 2);
  });

  it('a POST that gets a 202 is not repeated and is outcome unknown, even with a body or where 204 is allowed', async () => {
    serve((_request, res) => signedReply(res, 202, ''));
    await rejectsWith(client().deductOrders.create(CREATE), { type: 'server_error', status: 202, outcomeUnknown: true });
    assert.equal(hits, 1);

    serve((_request, res) => signedReply(res, 202, JSON.stringify({ ...ORDER, order_state: 'DEDUCT_ORDER_STATE_PENDING' })));
    await rejectsWith(client().deductOrders.create(CREATE), { type: 'server_error', status: 202, outcomeUnknown: true });
    assert.equal(hits, 1);

    serve((_request, res) => signedReply(res, 202, ''));
    await rejectsWith(client().contracts.terminate({ out_contract_code: 'C1', contract_termination_remark: 'r' }), {
      type: 'server_error', status: 202, outcomeUnknown: true,
    });
    assert.equal(hits, 1);
  });

  it('an error body on a 202 gives its code and message', async () => {
    serve((_request, res) => errorReply(res, 202, { code: 'SYSTEM_BUSY', message: '处理中' }, { 'Request-ID': 'RID-202' }));
    await assert.rejects(client().deductOrders.create(CREATE), (error: Error) => {
      assert.ok(isWechatpayError(error));
      assert.equal(error.code, 'SYSTEM_BUSY');
      assert.equal(error.requestId, 'RID-202');
      assert.match(error.message, /202 SYSTEM_BUSY: 处理中.*query the resource before retrying a write/);
      return true;
    });
  });
});

describe('transport failures', () => {
  it('a signed answer about another order than the one asked → WRONG_RECORD, outcome unknown, for a query and a create', async () => {
    serve((_request, res) => signedReply(res, 200, JSON.stringify({ ...ORDER, out_trade_no: 'T2' })));
    await rejectsWith(client().deductOrders.get('T1'), { type: 'response_verification_error', code: 'WRONG_RECORD', outcomeUnknown: true });
    await rejectsWith(client().deductOrders.create(CREATE), { type: 'response_verification_error', code: 'WRONG_RECORD', outcomeUnknown: true });
    serve((_request, res) => signedReply(res, 200, JSON.stringify(ORDER)));
    assert.equal((await client().deductOrders.get('T1')).out_trade_no, 'T1');
  });

  it('the same for a contract (query, and a termination answered with its contract) and a reservation (query, create)', async () => {
    const wrong = { type: 'response_verification_error', code: 'WRONG_RECORD', outcomeUnknown: true };
    const contract = (code: string) => ({ out_contract_code: code, contract_id: 'CID', contract_state: 'CONTRACT_STATE_EFFECTIVE' });
    serve((_request, res) => signedReply(res, 200, JSON.stringify(contract('C2'))));
    await rejectsWith(client().contracts.get('C1'), wrong);
    serve((_request, res) => signedReply(res, 200, JSON.stringify({ contract_info: contract('C2') })));
    await rejectsWith(client().contracts.terminate({ out_contract_code: 'C1', contract_termination_remark: 'r' }), wrong);
    serve((_request, res) => signedReply(res, 200, JSON.stringify(contract('C1'))));
    assert.equal((await client().contracts.get('C1')).out_contract_code, 'C1');

    const record = (outRecordId: string) => ({ out_record_id: outRecordId, appid: 'wx', repayment_amount: '1', min_repayment_amount: '1', repayment_date: '2026-12-05', openid: 'o' });
    const batch = { contract_id: 'CID', appid: 'wx', openid: 'o', schedule_items: [{ out_record_id: 'R1', sub_mchid: '1', repayment_amount: '1', min_repayment_amount: '1', repayment_date: '2026-12-05' }] };
    serve((_request, res) => signedReply(res, 200, JSON.stringify(record('R2'))));
    await rejectsWith(client().scheduleRecords.get('R1', 'CID'), wrong);
    serve((_request, res) => signedReply(res, 200, JSON.stringify({ schedule_records: [record('R2')] })));
    await rejectsWith(client().scheduleRecords.batchCreate(batch), wrong);
    // Their answers' shape is unconfirmed and unused: one that names no record passes.
    serve((_request, res) => signedReply(res, 200, JSON.stringify({})));
    assert.deepEqual(await client().scheduleRecords.batchCreate(batch), {});
    assert.deepEqual(await client().scheduleRecords.get('R1', 'CID'), {});
  });

  it('a server that never answers → connection_error TIMEOUT, outcome unknown, within the deadline', async () => {
    serve(() => {});
    const started = Date.now();
    await rejectsWith(client({ timeoutMs: 200 }).deductOrders.create(CREATE), {
      type: 'connection_error', code: 'TIMEOUT', outcomeUnknown: true,
    });
    assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
    assert.equal(hits, 1);
  });

  it('a server that stalls in the middle of the body → TIMEOUT too', async () => {
    serve((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"out_trade_no":');
    });
    await rejectsWith(client({ timeoutMs: 300 }).deductOrders.create(CREATE), { type: 'connection_error', code: 'TIMEOUT' });
  });

  it('a connection reset → connection_error CONNECTION_ERROR, outcome unknown', async () => {
    serve((_request, _res, raw) => raw.socket.destroy());
    await rejectsWith(client().deductOrders.create(CREATE), {
      type: 'connection_error', code: 'CONNECTION_ERROR', outcomeUnknown: true,
    });
    assert.equal(hits, 1, 'a POST is never retried');
  });

  it('nothing listening → connection_error', async () => {
    const closed = await startFakeWechatpay(() => {});
    const baseUrl = closed.baseUrl;
    await closed.close();
    await rejectsWith(client({ baseUrl, retryLimit: 0 }).deductOrders.get('T1'), { type: 'connection_error', code: 'CONNECTION_ERROR' });
  });
});

describe('retries', () => {
  it('a GET is retried after a 503, re-signed, and succeeds', async () => {
    const nonces: string[] = [];
    serve((request, res) => {
      nonces.push(parseAuthorization(request.headers.authorization)!.nonce_str);
      if (hits === 1) errorReply(res, 503, { code: 'SERVICE_UNAVAILABLE', message: 'busy' });
      else signedReply(res, 200, JSON.stringify(ORDER));
    });
    assert.deepEqual(await client().deductOrders.get('T1'), ORDER);
    assert.equal(hits, 2);
    assert.notEqual(nonces[0], nonces[1], 'each attempt has its own signature');
  });

  it('a POST is not retried after a 503', async () => {
    serve((_request, res) => errorReply(res, 503, { code: 'SERVICE_UNAVAILABLE', message: 'busy' }));
    await rejectsWith(client().deductOrders.create(CREATE), { type: 'server_error', status: 503, outcomeUnknown: true });
    assert.equal(hits, 1);
  });

  it('a GET gives up after retryLimit retries', async () => {
    serve((_request, res) => errorReply(res, 500, { code: 'SYSTEM_ERROR', message: 'x' }));
    await rejectsWith(client({ retryLimit: 1 }).deductOrders.get('T1'), { type: 'server_error', status: 500 });
    assert.equal(hits, 2);
  });

  it('a GET is retried after a connection reset', async () => {
    serve((_request, res, raw) => {
      if (hits === 1) raw.socket.destroy();
      else signedReply(res, 200, JSON.stringify(ORDER));
    });
    assert.deepEqual(await client().deductOrders.get('T1'), ORDER);
    assert.equal(hits, 2);
  });

  it('a GET 429 waits for Retry-After, and one that asks too long is not waited for', async () => {
    serve((_request, res) => {
      if (hits === 1) errorReply(res, 429, { code: 'FREQUENCY_LIMITED', message: 'x' }, { 'Retry-After': '1' });
      else signedReply(res, 200, JSON.stringify(ORDER));
    });
    const started = Date.now();
    assert.deepEqual(await client().deductOrders.get('T1'), ORDER);
    assert.ok(Date.now() - started >= 900, 'Retry-After was not honoured');
    assert.equal(hits, 2);

    serve((_request, res) => errorReply(res, 429, { code: 'FREQUENCY_LIMITED', message: 'x' }, { 'Retry-After': '3600' }));
    await rejectsWith(client().deductOrders.get('T1'), { type: 'rate_limit_error' });
    assert.equal(hits, 1);
  });

  it('a GET whose answer fails verification is not retried', async () => {
    serve((_request, res) => signedReply(res, 200, JSON.stringify(ORDER), { signature: 'WECHATPAY/SIGNTEST/x' }));
    await rejectsWith(client().deductOrders.get('T1'), { reason: 'PROBE' });
    assert.equal(hits, 1);
  });
});
