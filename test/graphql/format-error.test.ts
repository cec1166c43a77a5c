import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import { formatError } from '../../src/graphql/format-error.js';
import { WechatpayApiError, WechatpayConfigurationError, WechatpayConnectionError } from '../../src/wechatpay/index.js';

/** A resolver's error as graphql-js hands it to formatError. */
function formatted(original: Error) {
  const error = new GraphQLError(original.message, { originalError: original, path: ['presignRepaymentContract'] });
  return formatError(error.toJSON(), error);
}

describe('formatError and WeChat Pay errors', () => {
  it('words each kind of failure by what the client may assume', () => {
    const refused = formatted(new WechatpayApiError({ status: 400, code: 'PARAM_ERROR', message: 'bad', requestId: 'r1' }));
    assert.equal(refused.message, 'WeChat Pay refused the request: PARAM_ERROR: bad');
    assert.deepEqual(refused.extensions, {
      code: 'WECHATPAY_ERROR',
      wechatpay: { status: 400, code: 'PARAM_ERROR', message: 'bad', requestId: 'r1', outcomeUnknown: false },
    });

    const timedOut = formatted(new WechatpayConnectionError({ code: 'TIMEOUT', message: 'no answer in 10000 ms' }));
    assert.match(timedOut.message, /^No usable answer from WeChat Pay; the request may have been applied/);
    assert.equal((timedOut.extensions?.wechatpay as { outcomeUnknown: boolean }).outcomeUnknown, true);

    const unsent = formatted(new WechatpayConfigurationError({ code: 'NO_VALID_CERTIFICATE', message: 'every certificate expired' }));
    assert.match(unsent.message, /^The request could not be sent to WeChat Pay: NO_VALID_CERTIFICATE/);
    assert.equal((unsent.extensions?.wechatpay as { outcomeUnknown: boolean }).outcomeUnknown, false);
  });
});
