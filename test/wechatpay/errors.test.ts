import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  errorFromResponse,
  isWechatpayError,
  SignatureVerificationError,
  WechatpayApiError,
  WechatpayError,
} from '../../src/wechatpay/index.js';

describe('errorFromResponse', () => {
  it('maps 400 PARAM_ERROR to api_error with the upstream code, message, detail and Request-ID', () => {
    const detail = { field: 'schedule_items[0].repayment_date', issue: 'out of range' };
    const error = errorFromResponse(400, JSON.stringify({ code: 'PARAM_ERROR', message: '还款日期不合法', detail }), 'RID-1');
    assert.equal(error.type, 'api_error');
    assert.ok(error instanceof WechatpayApiError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'PARAM_ERROR');
    assert.deepEqual(error.detail, detail);
    assert.equal(error.requestId, 'RID-1');
    assert.equal(error.outcomeUnknown, false);
    assert.match(error.message, /还款日期不合法/);
    assert.match(error.message, /RID-1/);
  });

  const cases: Array<[number, string, string, boolean]> = [
    [401, 'SIGN_ERROR', 'authentication_error', false],
    [403, 'NO_AUTH', 'api_error', false],
    [404, 'RESOURCE_NOT_EXISTS', 'api_error', false],
    [429, 'RATELIMIT_EXCEEDED', 'rate_limit_error', false],
    [500, 'SYSTEM_ERROR', 'server_error', true],
    [503, 'SERVICE_UNAVAILABLE', 'server_error', true],
  ];
  for (const [status, code, type, outcomeUnknown] of cases) {
    it(`maps ${status} ${code} to ${type} (outcomeUnknown ${outcomeUnknown})`, () => {
      const error = errorFromResponse(status, { code, message: 'm' });
      assert.equal(error.type, type);
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(error.outcomeUnknown, outcomeUnknown);
    });
  }

  it('tells how to fix a signature rejection', () => {
    assert.match(errorFromResponse(401, '{"code":"SIGN_ERROR","message":"签名错误"}').message, /merchantSerialNo/);
  });

  it('falls back to HTTP_<status> for a body that is not WeChat Pay JSON', () => {
    const error = errorFromResponse(502, '<html>Bad Gateway</html>', undefined);
    assert.equal(error.code, 'HTTP_502');
    assert.equal(error.type, 'server_error');
    assert.equal(error.outcomeUnknown, true);
  });
});

describe('isWechatpayError', () => {
  it('recognises our errors by shape, across module copies, and nothing else', () => {
    assert.equal(isWechatpayError(errorFromResponse(400, {})), true);
    assert.equal(isWechatpayError(new SignatureVerificationError({ reason: 'PROBE', message: 'x' })), true);
    assert.equal(WechatpayError.isWechatpayError({ type: 'server_error', code: 'SYSTEM_ERROR', outcomeUnknown: true }), true);
    assert.equal(isWechatpayError(new Error('x')), false);
    assert.equal(isWechatpayError({ type: 'other', code: 'X', outcomeUnknown: false }), false);
    assert.equal(isWechatpayError(null), false);
  });

  it('a signature verification error is outcome-unknown by default and names its class', () => {
    const error = new SignatureVerificationError({ reason: 'BAD_SIGNATURE', message: 'x' });
    assert.equal(error.outcomeUnknown, true);
    assert.equal(error.name, 'SignatureVerificationError');
    assert.equal(error.code, 'BAD_SIGNATURE');
  });
});
