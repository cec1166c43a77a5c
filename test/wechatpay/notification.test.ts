import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  createPublicKeyVerifier,
  encryptAeadAes256Gcm,
  isWechatpayError,
  parseNotification,
  responseSignatureMessage,
  signSha256WithRsa,
  type DeductionPayNotificationResource,
} from '../../src/wechatpay/index.js';
import { PUBLIC_KEY_ID, WECHATPAY_KEY, WECHATPAY_PUB, fixtureJson, fixturePath } from './fixtures.js';

const body = readFileSync(fixturePath('notification-body.json'));
const headers = fixtureJson<Record<string, string>>('notification-headers.json');
const expectedResource = fixtureJson('notification-resource.json');
const meta = fixtureJson<{ api_v3_key: string; public_key_id: string; now_ms: number }>('notification-meta.json');

const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
const options = { verifier, apiV3Key: meta.api_v3_key, now: () => meta.now_ms };

function assertReason(run: () => unknown, reason: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(isWechatpayError(error), String(error));
    assert.equal(error.type, 'notification_error');
    assert.equal((error as { reason?: string }).reason, reason);
    assert.equal(error.outcomeUnknown, false);
    return true;
  });
}

/** Signs a body the way WeChat Pay does (the verifier is tested against openssl elsewhere). */
function signedHeaders(raw: string, timestamp = String(Math.floor(meta.now_ms / 1000))) {
  const nonce = 'abcdef0123456789';
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': PUBLIC_KEY_ID,
    'wechatpay-signature': signSha256WithRsa(responseSignatureMessage(timestamp, nonce, raw), WECHATPAY_KEY),
  };
}

function envelopeWith(resource: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'EV-1',
    create_time: '2025-01-01T08:00:00+08:00',
    event_type: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
    resource_type: 'encrypt-resource',
    summary: 's',
    resource,
  });
}

describe('parseNotification with the fixture built by python (test/fixtures/README.md)', () => {
  it('verifies, decrypts and parses the callback', () => {
    const { envelope, resource } = parseNotification<DeductionPayNotificationResource>({ headers, body }, options);
    assert.deepEqual(resource, expectedResource);
    assert.equal(resource.order_state, 'DEDUCT_ORDER_STATE_PAY_SUCCESS');
    assert.equal(envelope.event_type, 'CREDIT_REPAYMENT.DEDUCTION_PAY');
    assert.equal(envelope.id, 'EV-2018022511223320873');
  });

  it('accepts lower-case and array-valued headers and a string body', () => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]]));
    const { resource } = parseNotification({ headers: lower, body: body.toString('utf8') }, options);
    assert.deepEqual(resource, expectedResource);
  });

  it('rejects the same callback ten minutes later (replay)', () => {
    assertReason(() => parseNotification({ headers, body }, { ...options, now: () => meta.now_ms + 600_000 }), 'STALE_TIMESTAMP');
  });

  it('rejects a body with one byte changed', () => {
    const altered = Buffer.from(body);
    altered[altered.indexOf('EV-') + 3] ^= 1;
    assertReason(() => parseNotification({ headers, body: altered }, options), 'BAD_SIGNATURE');
  });

  it('rejects a probe signature, an unknown serial, and missing headers', () => {
    assertReason(
      () => parseNotification({ headers: { ...headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/xyz' }, body }, options),
      'PROBE',
    );
    assertReason(() => parseNotification({ headers: { ...headers, 'Wechatpay-Serial': 'PUB_KEY_ID_9' }, body }, options), 'UNKNOWN_SERIAL');
    const { 'Wechatpay-Nonce': _dropped, ...withoutNonce } = headers;
    assertReason(() => parseNotification({ headers: withoutNonce, body }, options), 'MISSING_HEADERS');
  });

  it('rejects with DECRYPT_FAILED when the APIv3 key is another one', () => {
    assertReason(
      () => parseNotification({ headers, body }, { ...options, apiV3Key: 'x'.repeat(32) }),
      'DECRYPT_FAILED',
    );
  });

  it('refuses an APIv3 key of the wrong length as our configuration error, not the sender\'s', () => {
    assert.throws(
      () => parseNotification({ headers, body }, { ...options, apiV3Key: 'short' }),
      (error: unknown) => isWechatpayError(error) && error.type === 'configuration_error',
    );
  });
});

describe('parseNotification on signed but bad envelopes', () => {
  it('verifies before parsing: an unsigned non-JSON body is a signature failure', () => {
    assertReason(() => parseNotification({ headers: { ...signedHeaders('{}') }, body: 'not json' }, options), 'BAD_SIGNATURE');
  });

  it('rejects a signed body that is not JSON, or lacks the resource', () => {
    assertReason(() => parseNotification({ headers: signedHeaders('not json'), body: 'not json' }, options), 'MALFORMED');
    const noResource = JSON.stringify({ id: 'EV-1', event_type: 'X' });
    assertReason(() => parseNotification({ headers: signedHeaders(noResource), body: noResource }, options), 'MALFORMED');
  });

  it('rejects an algorithm other than AEAD_AES_256_GCM', () => {
    const raw = envelopeWith({ algorithm: 'AEAD_SM4_GCM', ciphertext: 'AAAA', nonce: '123456789012', associated_data: '' });
    assertReason(() => parseNotification({ headers: signedHeaders(raw), body: raw }, options), 'UNSUPPORTED_ALGORITHM');
  });

  it('rejects a resource that decrypts to something other than JSON', () => {
    const nonce = '123456789012';
    const ciphertext = encryptAeadAes256Gcm('plain words', { apiV3Key: meta.api_v3_key, nonce, associatedData: 'ad' });
    const raw = envelopeWith({ algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: 'ad', original_type: 'payscore' });
    assertReason(() => parseNotification({ headers: signedHeaders(raw), body: raw }, options), 'MALFORMED');
  });

  it('uses associated_data and ignores original_type', () => {
    const nonce = '123456789012';
    const plain = JSON.stringify({ contract_id: '1', plan_id: 7 });
    const ciphertext = encryptAeadAes256Gcm(plain, { apiV3Key: meta.api_v3_key, nonce, associatedData: 'contract' });
    const good = envelopeWith({ algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: 'contract', original_type: 'payscore' });
    assert.deepEqual(parseNotification({ headers: signedHeaders(good), body: good }, options).resource, { contract_id: '1', plan_id: 7 });
    const wrongAad = envelopeWith({ algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: '' });
    assertReason(() => parseNotification({ headers: signedHeaders(wrongAad), body: wrongAad }, options), 'DECRYPT_FAILED');
  });
});
