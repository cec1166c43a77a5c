/** Our crypto against values made outside our code (openssl, python cryptography): see test/fixtures/README.md. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  createCertificateVerifier,
  createPublicKeyVerifier,
  decryptAeadAes256Gcm,
  decryptOaepSha1,
  encryptAeadAes256Gcm,
  encryptOaepSha1,
  isWechatpayError,
  signSha256WithRsa,
  verifySha256WithRsa,
} from '../../src/wechatpay/index.js';
import {
  MERCHANT_KEY,
  MERCHANT_PUB,
  PLATFORM_CERT_SERIAL,
  PUBLIC_KEY_ID,
  WECHATPAY_KEY,
  WECHATPAY_PUB,
  fixtureJson,
  fixturePath,
  fixtureText,
} from './fixtures.js';

const requestMessage = fixtureText('request-message.txt');
const requestSignature = fixtureText('request-signature.b64').trim();
const responseMessage = fixtureText('response-message.txt');
const responseSignature = fixtureText('response-signature.b64').trim();

/** Splits `TIMESTAMP\nNONCE\nBODY\n` back into its parts. */
function responseParts(message: string) {
  const [timestamp, nonce, ...rest] = message.split('\n');
  return { timestamp, nonce, body: rest.slice(0, -1).join('\n') };
}

describe('SHA256withRSA known answers', () => {
  it('the request message has the 5-line shape, ending with a newline', () => {
    const lines = requestMessage.split('\n');
    assert.equal(lines.length, 6);
    assert.equal(lines[5], '');
    assert.equal(lines[0], 'POST');
  });

  it('our signer reproduces the openssl signature of the request message exactly', () => {
    assert.equal(signSha256WithRsa(requestMessage, MERCHANT_KEY), requestSignature);
  });

  it('the openssl request signature verifies with the merchant public key, and not after a change', () => {
    assert.equal(verifySha256WithRsa(requestMessage, requestSignature, MERCHANT_PUB), true);
    assert.equal(verifySha256WithRsa(requestMessage.replace('10000', '10001'), requestSignature, MERCHANT_PUB), false);
  });

  it('the verifier accepts the openssl response signature', () => {
    const { timestamp, nonce, body } = responseParts(responseMessage);
    const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
    const now = Number(timestamp) * 1000 + 5_000;
    verifier.verify({ serial: PUBLIC_KEY_ID, timestamp, nonce, signature: responseSignature, body, now });
    verifier.verify({ serial: PUBLIC_KEY_ID, timestamp, nonce, signature: responseSignature, body: Buffer.from(body), now });
  });

  it('the verifier rejects the response with one byte changed in the body, the nonce or the timestamp', () => {
    const { timestamp, nonce, body } = responseParts(responseMessage);
    const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
    const now = Number(timestamp) * 1000;
    const variants = [
      { timestamp, nonce, body: body.replace('PENDING', 'PENDINH') },
      { timestamp, nonce: nonce.replace('5K', '5L'), body },
      { timestamp: String(Number(timestamp) + 1), nonce, body },
    ];
    for (const variant of variants) {
      assert.throws(
        () => verifier.verify({ serial: PUBLIC_KEY_ID, signature: responseSignature, now, ...variant }),
        (error: unknown) => isWechatpayError(error) && (error as { reason?: string }).reason === 'BAD_SIGNATURE',
      );
    }
  });
});

describe('AEAD_AES_256_GCM known answer (python cryptography)', () => {
  const vector = fixtureJson<{ key: string; nonce: string; associated_data: string; plaintext: string; ciphertext: string }>(
    'aead-vector.json',
  );
  const input = { apiV3Key: vector.key, nonce: vector.nonce, associatedData: vector.associated_data };

  it('our decrypt opens the vector', () => {
    assert.equal(decryptAeadAes256Gcm(vector.ciphertext, input), vector.plaintext);
  });

  it('our encrypt reproduces the vector byte for byte', () => {
    assert.equal(encryptAeadAes256Gcm(vector.plaintext, input), vector.ciphertext);
  });

  it('decrypt refuses a different associated data, nonce or a flipped ciphertext bit', () => {
    assert.throws(() => decryptAeadAes256Gcm(vector.ciphertext, { ...input, associatedData: '' }));
    assert.throws(() => decryptAeadAes256Gcm(vector.ciphertext, { ...input, nonce: 'Nf8kQ2xZp4Ln' }));
    const bytes = Buffer.from(vector.ciphertext, 'base64');
    bytes[0] ^= 1;
    assert.throws(() => decryptAeadAes256Gcm(bytes.toString('base64'), input));
  });
});

describe('RSA-OAEP-SHA1 against openssl pkeyutl', () => {
  it('our decrypt opens the openssl ciphertext', () => {
    assert.equal(decryptOaepSha1(fixtureText('oaep-ciphertext.b64').trim(), WECHATPAY_KEY), '张三');
  });

  it('openssl pkeyutl -decrypt opens our ciphertext', () => {
    const ciphertext = encryptOaepSha1('张三 110101199003071234', WECHATPAY_PUB);
    const plaintext = execFileSync(
      'openssl',
      [
        'pkeyutl', '-decrypt', '-inkey', fixturePath('wechatpay-key.pem'),
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1',
      ],
      { input: Buffer.from(ciphertext, 'base64') },
    );
    assert.equal(plaintext.toString('utf8'), '张三 110101199003071234');
  });

  it('OAEP is randomized: two encryptions differ', () => {
    assert.notEqual(encryptOaepSha1('张三', WECHATPAY_PUB), encryptOaepSha1('张三', WECHATPAY_PUB));
  });
});

describe('platform certificate serial as openssl reports it', () => {
  it('equals the serial our certificate verifier uses', () => {
    const output = execFileSync('openssl', ['x509', '-noout', '-serial', '-in', fixturePath('platform-cert.pem')], {
      encoding: 'utf8',
    });
    const opensslSerial = output.trim().replace(/^serial=/, '');
    assert.equal(opensslSerial, PLATFORM_CERT_SERIAL);
    const verifier = createCertificateVerifier([fixtureText('platform-cert.pem')]);
    assert.equal(verifier.encryptionKey().serial, opensslSerial);
  });
});
