import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createCertificateVerifier,
  createPublicKeyVerifier,
  encryptOaepSha1,
  decryptOaepSha1,
  isWechatpayError,
  responseSignatureMessage,
  signSha256WithRsa,
  TIMESTAMP_TOLERANCE_SECONDS,
  type WechatpayVerifier,
} from '../../src/wechatpay/index.js';
import {
  IN_2031_MS,
  PLATFORM_CERT,
  PLATFORM_CERT_2,
  PLATFORM_CERT_2_SERIAL,
  PLATFORM_CERT_SERIAL,
  PUBLIC_KEY_ID,
  WECHATPAY_KEY,
  WECHATPAY_KEY_2,
  WECHATPAY_PUB,
} from './fixtures.js';

const BODY = '{"out_trade_no":"DeductOrder123456","order_state":"DEDUCT_ORDER_STATE_PAY_SUCCESS"}';

function signed(nowMs: number, serial: string, privateKey = WECHATPAY_KEY, body = BODY) {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = 'n0nce-123';
  return { serial, timestamp, nonce, body, signature: signSha256WithRsa(responseSignatureMessage(timestamp, nonce, body), privateKey) };
}

function assertRejects(verifier: WechatpayVerifier, input: Parameters<WechatpayVerifier['verify']>[0], reason: string) {
  assert.throws(
    () => verifier.verify(input),
    (error: unknown) => {
      assert.ok(isWechatpayError(error));
      assert.equal(error.type, 'response_verification_error');
      assert.equal((error as { reason?: string }).reason, reason);
      assert.equal(error.code, reason);
      return true;
    },
  );
}

describe('createPublicKeyVerifier', () => {
  const now = Date.UTC(2025, 0, 1);
  const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB, now: () => now });

  it('accepts a good signature and knows its serial', () => {
    verifier.verify(signed(now, PUBLIC_KEY_ID));
    assert.equal(verifier.has(PUBLIC_KEY_ID), true);
    assert.equal(verifier.has('PUB_KEY_ID_0000'), false);
  });

  it('rejects the probe prefix before anything else', () => {
    assertRejects(verifier, { ...signed(0, 'unknown'), signature: 'WECHATPAY/SIGNTEST/abc' }, 'PROBE');
  });

  it(`accepts a timestamp exactly ${TIMESTAMP_TOLERANCE_SECONDS} s away and rejects one more second, both ways`, () => {
    verifier.verify(signed(now - TIMESTAMP_TOLERANCE_SECONDS * 1000, PUBLIC_KEY_ID));
    verifier.verify(signed(now + TIMESTAMP_TOLERANCE_SECONDS * 1000, PUBLIC_KEY_ID));
    assertRejects(verifier, signed(now - (TIMESTAMP_TOLERANCE_SECONDS + 1) * 1000, PUBLIC_KEY_ID), 'STALE_TIMESTAMP');
    assertRejects(verifier, signed(now + (TIMESTAMP_TOLERANCE_SECONDS + 1) * 1000, PUBLIC_KEY_ID), 'STALE_TIMESTAMP');
  });

  it('rejects a timestamp that is not Unix seconds', () => {
    assertRejects(verifier, { ...signed(now, PUBLIC_KEY_ID), timestamp: '2025-01-01T00:00:00Z' }, 'STALE_TIMESTAMP');
    assertRejects(verifier, { ...signed(now, PUBLIC_KEY_ID), timestamp: String(now) }, 'STALE_TIMESTAMP');
  });

  it('rejects an unknown serial and says which one to configure', () => {
    assert.throws(
      () => verifier.verify(signed(now, 'PUB_KEY_ID_0999')),
      (error: Error) => error.message.includes('PUB_KEY_ID_0999') && (error as { reason?: string }).reason === 'UNKNOWN_SERIAL',
    );
  });

  it('rejects a signature by another key', () => {
    assertRejects(verifier, signed(now, PUBLIC_KEY_ID, WECHATPAY_KEY_2), 'BAD_SIGNATURE');
    assertRejects(verifier, { ...signed(now, PUBLIC_KEY_ID), signature: 'not base64 at all' }, 'BAD_SIGNATURE');
  });

  it('a per-call now overrides the verifier clock', () => {
    const later = now + 3_600_000;
    assertRejects(verifier, signed(later, PUBLIC_KEY_ID), 'STALE_TIMESTAMP');
    verifier.verify({ ...signed(later, PUBLIC_KEY_ID), now: later });
  });

  it('hands out the public key and its ID for field encryption', () => {
    const { serial, publicKey } = verifier.encryptionKey();
    assert.equal(serial, PUBLIC_KEY_ID);
    assert.equal(decryptOaepSha1(encryptOaepSha1('李四', publicKey), WECHATPAY_KEY), '李四');
  });
});

describe('createCertificateVerifier', () => {
  it('verifies with a current certificate, serial compared without case or leading zeros', () => {
    const now = Date.now();
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2], { now: () => now });
    verifier.verify(signed(now, PLATFORM_CERT_SERIAL));
    verifier.verify(signed(now, PLATFORM_CERT_SERIAL.toLowerCase()));
    assert.equal(verifier.has(PLATFORM_CERT_SERIAL), true);
    assert.equal(verifier.has(PUBLIC_KEY_ID), false);
  });

  it('does not use a certificate that is not yet valid, and says so', () => {
    const now = Date.now();
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2], { now: () => now });
    assert.equal(verifier.has(PLATFORM_CERT_2_SERIAL), false);
    assert.throws(
      () => verifier.verify(signed(now, PLATFORM_CERT_2_SERIAL, WECHATPAY_KEY_2)),
      (error: Error) => (error as { reason?: string }).reason === 'UNKNOWN_SERIAL' && /not valid before 2030/.test(error.message),
    );
    assert.equal(verifier.encryptionKey().serial, PLATFORM_CERT_SERIAL);
  });

  it('uses the newest valid certificate for encryption once it is valid', () => {
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2], { now: () => IN_2031_MS });
    verifier.verify(signed(IN_2031_MS, PLATFORM_CERT_2_SERIAL, WECHATPAY_KEY_2));
    verifier.verify(signed(IN_2031_MS, PLATFORM_CERT_2_SERIAL.replace(/^0/, ''), WECHATPAY_KEY_2));
    verifier.verify(signed(IN_2031_MS, PLATFORM_CERT_SERIAL));
    const { serial, publicKey } = verifier.encryptionKey();
    assert.equal(serial, PLATFORM_CERT_2_SERIAL);
    assert.equal(decryptOaepSha1(encryptOaepSha1('王五', publicKey), WECHATPAY_KEY_2), '王五');
  });

  it('rejects a signature made with another certificate key under this serial', () => {
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2], { now: () => IN_2031_MS });
    assertRejects(verifier, signed(IN_2031_MS, PLATFORM_CERT_2_SERIAL, WECHATPAY_KEY), 'BAD_SIGNATURE');
  });

  it('does not use expired certificates, and encryptionKey fails with a configuration error', () => {
    const in2200 = Date.UTC(2200, 0, 1);
    const verifier = createCertificateVerifier([PLATFORM_CERT, PLATFORM_CERT_2], { now: () => in2200 });
    assert.throws(
      () => verifier.verify(signed(in2200, PLATFORM_CERT_SERIAL)),
      (error: Error) => (error as { reason?: string }).reason === 'UNKNOWN_SERIAL' && /expired at 2124/.test(error.message),
    );
    assert.throws(
      () => verifier.encryptionKey(),
      (error: unknown) => isWechatpayError(error) && error.type === 'configuration_error' && error.code === 'NO_VALID_CERTIFICATE',
    );
  });

  it('rejects unknown serials, stale timestamps and probes as the public-key verifier does', () => {
    const now = Date.now();
    const verifier = createCertificateVerifier([PLATFORM_CERT], { now: () => now });
    assertRejects(verifier, signed(now, 'DEADBEEF'), 'UNKNOWN_SERIAL');
    assertRejects(verifier, signed(now - 301_000, PLATFORM_CERT_SERIAL), 'STALE_TIMESTAMP');
    assertRejects(verifier, { ...signed(now, PLATFORM_CERT_SERIAL), signature: 'WECHATPAY/SIGNTEST/x' }, 'PROBE');
  });
});
