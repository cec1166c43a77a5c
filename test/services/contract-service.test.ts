import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { ContractService, type PresignRequest } from '../../src/services/contract-service.js';
import type { ContractRecord, Store } from '../../src/store/store.js';
import {
  createCertificateVerifier,
  createPublicKeyVerifier,
  createWechatpayClient,
  decryptOaepSha1,
  isWechatpayError,
  type Contract,
  type ContractQueryResponse,
  type WechatpayVerifier,
} from '../../src/wechatpay/index.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { DIALECTS, contractSnapshot, presignedContract, storePerSuite, uniqueId } from '../store/test-setup.js';
import { signedReply, startFakeWechatpay, type FakeWechatpay } from '../wechatpay/fake-wechatpay.js';
import {
  IN_2031_MS,
  MCHID,
  MERCHANT_KEY,
  MERCHANT_SERIAL_NO,
  PLATFORM_CERT,
  PLATFORM_CERT_2,
  PLATFORM_CERT_2_SERIAL,
  PLATFORM_CERT_SERIAL,
  PUBLIC_KEY_ID,
  WECHATPAY_KEY,
  WECHATPAY_KEY_2,
  WECHATPAY_PUB,
} from '../wechatpay/fixtures.js';

const events = { contractChanged: () => {} } as never;

/** §3.3 with only its required fields: openid, appid, repayment_day and the times are optional. */
function requiredFieldsOnly(stored: ContractRecord, overrides: Partial<Contract> = {}): Contract {
  return {
    contract_id: stored.contractId!,
    plan_id: stored.planId,
    out_contract_code: stored.outContractCode,
    display_name: stored.displayName,
    contract_state: 'CONTRACT_STATE_EFFECTIVE',
    repayment_amount_limit: stored.repaymentAmountLimit,
    ...overrides,
  };
}

function presignRequest(outContractCode: string, flow: PresignRequest['flow'] = 'APP'): PresignRequest {
  return {
    flow,
    planId: '100001',
    outContractCode,
    displayName: '张三丰',
    repaymentDay: 15,
    repaymentAmountLimit: 300_000,
    appid: null,
    subMchid: null,
    subAppid: null,
    realIdentity: { identityType: 'ID_CARD', identityId: '110101199003071234', realName: '张三丰' },
    jumpAppid: null,
  };
}

for (const dialect of DIALECTS) {
  describe(`ContractService: what WeChat Pay leaves out of an answer is kept (${dialect})`, () => {
    let store: Store;
    let wechatpay: FakeWechatpay;
    let service: ContractService;
    /** What the fake answers to the next query or termination. */
    let answer: ContractQueryResponse;

    storePerSuite(dialect, async (suite) => {
      store = suite.store;
      wechatpay = await startFakeWechatpay((request, res) => {
        const body = request.method === 'POST' ? { contract_info: answer } : answer;
        signedReply(res, 200, JSON.stringify(body));
      });
      const verifier = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
      service = new ContractService({
        store,
        events,
        verifier,
        wechatpay: createWechatpayClient({
          baseUrl: wechatpay.baseUrl,
          mchid: MCHID,
          merchantSerialNo: MERCHANT_SERIAL_NO,
          merchantPrivateKey: MERCHANT_KEY,
          verifier,
          timeoutMs: 2_000,
        }),
        notifyUrl: () => 'https://example.com/notify',
        log: createLogger('silent'),
      });
    });
    after(() => wechatpay?.close());

    it('refresh: openid, appid, repayment day and signing time stay; a reported change applies', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = requiredFieldsOnly(stored);
      assert.deepEqual(await service.refresh(stored.outContractCode), stored, 'nothing reported differs');

      answer = requiredFieldsOnly(stored, { repayment_amount_limit: 700_000 });
      const changed = await service.refresh(stored.outContractCode);
      assert.deepEqual({ ...changed, updatedAt: '' }, { ...stored, repaymentAmountLimit: 700_000, version: 2, updatedAt: '' });
    });

    it('refresh: CONTRACT_STATE_INVALID never makes a contract EFFECTIVE, nor moves one back', async () => {
      const effective = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = requiredFieldsOnly(effective, { contract_state: 'CONTRACT_STATE_INVALID' });
      assert.deepEqual(await service.refresh(effective.outContractCode), effective, 'EFFECTIVE stays as it was');

      const terminated = (await store.contracts.applySnapshot(contractSnapshot({ state: 'TERMINATED', terminationMode: 'BY_USER' })))!;
      answer = requiredFieldsOnly(terminated, { contract_state: 'CONTRACT_STATE_INVALID' });
      assert.deepEqual(await service.refresh(terminated.outContractCode), terminated, 'TERMINATED stays as it was');

      const presigned = presignedContract();
      assert.ok(await store.contracts.insertPresigned(presigned));
      answer = {
        contract_id: uniqueId('C'),
        plan_id: presigned.planId,
        out_contract_code: presigned.outContractCode,
        display_name: presigned.displayName,
        contract_state: 'CONTRACT_STATE_INVALID',
        repayment_amount_limit: presigned.repaymentAmountLimit,
      };
      assert.equal((await service.refresh(presigned.outContractCode)).state, 'PENDING', 'a presigned contract is not signed by it');
    });

    it('refresh: an undocumented contract state is refused and stores nothing', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = requiredFieldsOnly(stored, { contract_state: 'CONTRACT_STATE_SUSPENDED' as never, repayment_amount_limit: 1 });
      await assert.rejects(service.refresh(stored.outContractCode), /unknown contract state from WeChat Pay: CONTRACT_STATE_SUSPENDED/);
      assert.deepEqual(await store.contracts.get(stored.outContractCode), stored);
    });

    it('refresh reads the termination mode under its older name too; the newer name wins', async () => {
      const byUser = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = { ...requiredFieldsOnly(byUser, { contract_state: 'CONTRACT_STATE_TERMINATED' }), contract_termination_mode: 'TERMINATION_MODE_BY_USER' };
      assert.equal((await service.refresh(byUser.outContractCode)).terminationMode, 'BY_USER');

      const both = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = {
        ...requiredFieldsOnly(both, { contract_state: 'CONTRACT_STATE_TERMINATED', contract_terminated_mode: 'TERMINATION_MODE_BY_CUSTOMER_SERVICE' }),
        contract_termination_mode: 'TERMINATION_MODE_BY_USER',
      };
      assert.equal((await service.refresh(both.outContractCode)).terminationMode, 'BY_CUSTOMER_SERVICE');
    });

    it('terminate reads the older name in contract_info too', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = { ...requiredFieldsOnly(stored, { contract_state: 'CONTRACT_STATE_TERMINATED' }), contract_termination_mode: 'TERMINATION_MODE_BY_MERCHANT' };
      const terminated = await service.terminate(stored.outContractCode, 'wrong details');
      assert.equal(terminated.state, 'TERMINATED');
      assert.equal(terminated.terminationMode, 'BY_MERCHANT');
    });

    it('terminate answered 200 with the contract still EFFECTIVE, and read back so: an error with the outcome unknown, never done', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = requiredFieldsOnly(stored);
      await assert.rejects(service.terminate(stored.outContractCode, 'wrong details'), (error: unknown) => {
        assert.ok(isWechatpayError(error));
        assert.equal(error.code, 'TERMINATION_NOT_VISIBLE');
        assert.equal(error.outcomeUnknown, true);
        return true;
      });
      assert.equal((await store.contracts.get(stored.outContractCode))?.state, 'EFFECTIVE');
    });

    it('terminate: the contract is TERMINATED and still its signer’s', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      answer = requiredFieldsOnly(stored, { contract_state: 'CONTRACT_STATE_TERMINATED', contract_terminated_mode: 'TERMINATION_MODE_BY_MERCHANT' });
      const terminated = await service.terminate(stored.outContractCode, 'wrong details');
      assert.deepEqual(
        { ...terminated, updatedAt: '' },
        { ...stored, state: 'TERMINATED', terminationMode: 'BY_MERCHANT', version: 2, updatedAt: '' },
      );
    });
  });
}

describe('ContractService: a presign that fails while encrypting the real name', () => {
  let stack: SandboxStack;

  before(async () => {
    stack = await startSandboxStack();
  });
  after(() => stack.close());

  it('stores nothing, so the same outContractCode presigns afterwards', async () => {
    // Certificate mode with the only platform certificate expired: encryptionKey() throws.
    const expired = createCertificateVerifier([PLATFORM_CERT], { now: () => Date.UTC(2200, 0, 1) });
    const withExpiredCertificate = new ContractService({
      store: stack.store,
      events,
      wechatpay: stack.wechatpay.client,
      verifier: expired,
      notifyUrl: () => stack.app.notificationUrl,
      defaultAppid: stack.wechatpay.appid,
      log: createLogger('silent'),
    });
    const outContractCode = uniqueId('PRESIGN');
    await assert.rejects(
      withExpiredCertificate.presign(presignRequest(outContractCode)),
      (error: unknown) => isWechatpayError(error) && error.code === 'NO_VALID_CERTIFICATE',
    );
    assert.equal(await stack.store.contracts.get(outContractCode), undefined, 'no half-written row');

    const result = await stack.app.services.contracts.presign(presignRequest(outContractCode));
    assert.ok(result.presignToken);
    assert.equal(result.contract.state, 'PENDING');
  });
});

describe('ContractService: a presign names the key its fields were encrypted with', () => {
  let store: Store;
  let wechatpay: FakeWechatpay;

  storePerSuite('sqlite', async (suite) => {
    store = suite.store;
    wechatpay = await startFakeWechatpay((request, res) => {
      const h5 = request.url.endsWith('/h5-presign');
      signedReply(res, 200, JSON.stringify(h5 ? { redirect_url: 'https://wx/r' } : { presign_token: 'tok' }));
    });
  });
  after(() => wechatpay?.close());

  it('with the platform certificate rotating between two calls of encryptionKey(), the serial sent opens every field', async () => {
    // Certificate 1 now, certificate 2 in 2031: each call of encryptionKey() answers the other one,
    // as a rotation landing between two calls would.
    const keys = [
      createCertificateVerifier([PLATFORM_CERT]).encryptionKey(),
      createCertificateVerifier([PLATFORM_CERT_2], { now: () => IN_2031_MS }).encryptionKey(),
    ];
    assert.deepEqual(keys.map((key) => key.serial), [PLATFORM_CERT_SERIAL, PLATFORM_CERT_2_SERIAL]);
    const privateKeys: Record<string, string> = { [PLATFORM_CERT_SERIAL]: WECHATPAY_KEY, [PLATFORM_CERT_2_SERIAL]: WECHATPAY_KEY_2 };
    // Answers are signed in public-key mode; only encryptionKey() rotates.
    const verifying = createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB });
    let calls = 0;
    const rotating: WechatpayVerifier = { verify: verifying.verify, has: verifying.has, encryptionKey: () => keys[calls++ % 2]! };
    const service = new ContractService({
      store,
      events,
      verifier: rotating,
      wechatpay: createWechatpayClient({
        baseUrl: wechatpay.baseUrl,
        mchid: MCHID,
        merchantSerialNo: MERCHANT_SERIAL_NO,
        merchantPrivateKey: MERCHANT_KEY,
        // One verifier for both, as in production.
        verifier: rotating,
        timeoutMs: 2_000,
      }),
      notifyUrl: () => 'https://example.com/notify',
      defaultAppid: 'wxd678efh567hg6787',
      log: createLogger('silent'),
    });

    const serialsSent = new Set<string>();
    for (const flow of ['APP', 'H5', 'APP', 'H5'] as const) {
      await service.presign(presignRequest(uniqueId('PRESIGN'), flow));
      const sent = wechatpay.requests.at(-1)!;
      const serial = String(sent.headers['wechatpay-serial']);
      serialsSent.add(serial);
      const privateKey = privateKeys[serial];
      assert.ok(privateKey, `Wechatpay-Serial ${serial} names no key we have`);
      const { real_identity } = JSON.parse(sent.body.toString('utf8'));
      assert.equal(decryptOaepSha1(real_identity.identity_id, privateKey), '110101199003071234', `${flow}: identity_id under ${serial}`);
      assert.equal(decryptOaepSha1(real_identity.real_name, privateKey), '张三丰', `${flow}: real_name under ${serial}`);
    }
    assert.equal(serialsSent.size, 2, 'both certificates were used in turn');
  });
});
