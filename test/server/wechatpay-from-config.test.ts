import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { wechatpayFromConfig } from '../../src/server/wechatpay-from-config.js';
import { assertKeyFileRefused } from '../helpers/config-refusal.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('wechatpayFromConfig with bad key files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wechatpay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = {
    merchantKey: String(merchant.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    merchantPub: String(merchant.publicKey.export({ type: 'spki', format: 'pem' })),
    wechatpayPub: String(wechatpay.publicKey.export({ type: 'spki', format: 'pem' })),
    ecKey: String(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })),
    ecPub: String(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' })),
    garbage: 'not-a-key-but-a-secret-looking-line-0123456789\n',
  };
  const files: Record<string, string> = {};
  before(async () => {
    dir = await tempDir('wechatpay-keys');
    for (const [name, content] of Object.entries(pem)) {
      files[name] = path.join(dir.path, `${name}.pem`);
      await writeFile(files[name], content);
    }
    // Platform certificates, self-signed with openssl: one over an RSA key (right), one over EC (wrong).
    for (const [name, algorithm] of [['rsaCert', ['-newkey', 'rsa:2048']], ['ecCert', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']]] as const) {
      files[name] = path.join(dir.path, `${name}.pem`);
      execFileSync('openssl', ['req', '-x509', ...algorithm, '-nodes', '-keyout', path.join(dir.path, `${name}-key.pem`), '-out', files[name], '-days', '1', '-subj', '/CN=WeChat Pay test'], { stdio: 'ignore' });
    }
  });
  after(() => dir.remove());

  /** A live configuration; the key files are whatever `env` names. */
  function configWith(env: Record<string, string>) {
    return loadConfig({
      WECHATPAY_MCHID: '1900000001',
      WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      WECHATPAY_PRIVATE_KEY_FILE: files.merchantKey,
      WECHATPAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
      AUTH_JWT_SECRET: 'an-hs256-secret-of-at-least-32-bytes!!',
      PUBLIC_URL: 'https://pay.example.com',
      ...env,
    });
  }
  const publicKeyMode = (file: string) => ({ WECHATPAY_PUBLIC_KEY_FILE: file, WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000' });

  /** Refused as assertKeyFileRefused says; `file` is one of `files`. */
  function refuses(env: Record<string, string>, variable: string, file: string, reason: RegExp) {
    const name = Object.entries(files).find(([, target]) => target === file)?.[0];
    const content = name && name in pem ? pem[name as keyof typeof pem] : '';
    return assertKeyFileRefused(wechatpayFromConfig(configWith(env)), { variable, file, content, reason });
  }

  it('wires up with a readable RSA key pair, in public-key and in certificate mode', async () => {
    assert.equal((await wechatpayFromConfig(configWith(publicKeyMode(files.wechatpayPub)))).mchid, '1900000001');
    const wiring = await wechatpayFromConfig(configWith({ WECHATPAY_PLATFORM_CERTIFICATE_FILES: files.rsaCert }));
    assert.equal(wiring.verifier.encryptionKey().publicKey.asymmetricKeyType, 'rsa');
  });

  it('names WECHATPAY_PRIVATE_KEY_FILE when it is missing, not a key, a public key, or not RSA', async () => {
    const good = publicKeyMode(files.wechatpayPub);
    const missing = path.join(dir.path, 'nonexistent.pem');
    await refuses({ ...good, WECHATPAY_PRIVATE_KEY_FILE: missing }, 'WECHATPAY_PRIVATE_KEY_FILE', missing, /cannot read .*ENOENT/);
    await refuses({ ...good, WECHATPAY_PRIVATE_KEY_FILE: files.garbage }, 'WECHATPAY_PRIVATE_KEY_FILE', files.garbage, /is not a PEM private key/);
    await refuses({ ...good, WECHATPAY_PRIVATE_KEY_FILE: files.merchantPub }, 'WECHATPAY_PRIVATE_KEY_FILE', files.merchantPub, /holds a public key or certificate, not the merchant API private key/);
    await refuses({ ...good, WECHATPAY_PRIVATE_KEY_FILE: files.ecKey }, 'WECHATPAY_PRIVATE_KEY_FILE', files.ecKey, /holds a key of type ec; WeChat Pay APIv3 uses RSA keys/);
  });

  it('names WECHATPAY_PUBLIC_KEY_FILE when it is not a key, a private key, or not RSA', async () => {
    await refuses(publicKeyMode(files.garbage), 'WECHATPAY_PUBLIC_KEY_FILE', files.garbage, /is not a PEM public key/);
    await refuses(publicKeyMode(files.merchantKey), 'WECHATPAY_PUBLIC_KEY_FILE', files.merchantKey, /holds a private key; give only the public key \(the WeChat Pay public key, pub_key.pem, expected\)/);
    await refuses(publicKeyMode(files.ecPub), 'WECHATPAY_PUBLIC_KEY_FILE', files.ecPub, /holds a key of type ec/);
  });

  it('names WECHATPAY_PLATFORM_CERTIFICATE_FILES and the file when one is not a certificate, or not over an RSA key', async () => {
    const certificates = (...list: string[]) => ({ WECHATPAY_PLATFORM_CERTIFICATE_FILES: list.join(',') });
    await refuses(certificates(files.rsaCert, files.garbage), 'WECHATPAY_PLATFORM_CERTIFICATE_FILES', files.garbage, /is not a PEM X\.509 certificate/);
    await refuses(certificates(files.wechatpayPub), 'WECHATPAY_PLATFORM_CERTIFICATE_FILES', files.wechatpayPub, /is not a PEM X\.509 certificate/);
    await refuses(certificates(files.rsaCert, files.ecCert), 'WECHATPAY_PLATFORM_CERTIFICATE_FILES', files.ecCert, /holds a key of type ec/);
  });
});
