import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadOrCreateSandboxCredentials } from '../../src/simulator/sandbox-credentials.js';

describe('sandbox credentials', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sandbox-creds-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('creates identifiers of the documented shapes and standard PEM files on first use', async () => {
    const home = join(root, 'nested', 'home');
    const creds = await loadOrCreateSandboxCredentials(home);
    assert.match(creds.mchid, /^\d{10}$/);
    assert.match(creds.merchantSerialNo, /^[0-9A-F]{40}$/);
    assert.match(creds.wechatpayPublicKeyId, /^PUB_KEY_ID_\d{28}$/);
    assert.match(creds.apiV3Key, /^[A-Za-z0-9]{32}$/);
    assert.match(creds.appid, /^wx[0-9a-f]{16}$/);
    assert.deepEqual(creds.subMchids, ['1900000109']);
    assert.deepEqual(creds.plans, {
      '100001': { kind: 'CONSUMER_LOAN', max_repayment_amount: '5000000' },
      '100002': { kind: 'CASH_LOAN', max_repayment_amount: '5000000' },
    });
    assert.equal(creds.merchantPrivateKeyFile, join(home, 'apiclient_key.pem'));
    assert.equal(creds.wechatpayPublicKeyFile, join(home, 'pub_key.pem'));

    assert.match(creds.merchantPrivateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/); // PKCS#8
    assert.match(creds.wechatpayPublicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/); // SPKI
    const merchantKey = createPrivateKey(creds.merchantPrivateKeyPem);
    assert.equal(merchantKey.asymmetricKeyType, 'rsa');
    assert.equal(merchantKey.asymmetricKeyDetails?.modulusLength, 2048);
    // the published public key is the half of the simulator's own private key
    assert.equal(
      createPublicKey(creds.wechatpayPrivateKeyPem).export({ type: 'spki', format: 'pem' }),
      creds.wechatpayPublicKeyPem,
    );

    const file = JSON.parse(await readFile(join(home, 'sandbox.json'), 'utf8'));
    assert.equal(file.mchid, creds.mchid);
    assert.equal(file.merchant_serial_no, creds.merchantSerialNo);
    assert.equal(file.apiv3_key, creds.apiV3Key);
    assert.equal(file.wechatpay_public_key_id, creds.wechatpayPublicKeyId);
    assert.equal(file.merchant_private_key_file, 'apiclient_key.pem');
    assert.equal(file.wechatpay_public_key_file, 'pub_key.pem');

    for (const secret of ['apiclient_key.pem', 'wechatpay_private_key.pem', 'sandbox.json']) {
      assert.equal((await stat(join(home, secret))).mode & 0o777, 0o600, secret);
    }
  });

  it('reads the same credentials back on later calls', async () => {
    const home = join(root, 'reload');
    const first = await loadOrCreateSandboxCredentials(home);
    const second = await loadOrCreateSandboxCredentials(home);
    assert.deepEqual(second, first);
  });

  it('gives concurrent first callers the same identity', async () => {
    const home = join(root, 'concurrent');
    const [a, b] = await Promise.all([loadOrCreateSandboxCredentials(home), loadOrCreateSandboxCredentials(home)]);
    assert.deepEqual(a, b);
    assert.deepEqual(await loadOrCreateSandboxCredentials(home), a);
  });

  it('names the file when sandbox.json is damaged', async () => {
    const home = join(root, 'damaged');
    await loadOrCreateSandboxCredentials(home);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(home, 'sandbox.json'), '{not json');
    await assert.rejects(loadOrCreateSandboxCredentials(home), /sandbox\.json is not valid JSON/);
  });
});
