/**
 * repayment_amount_limit from WeChat Pay (callback or query) is read as fen only when it fits a
 * safe integer: never rounded past 2^53 or stored as a float past int8, on either database. A
 * callback with another value is not stored and answered 500 (logged as an error); 4xx would not
 * help, since WeChat Pay sends again after any reply but 200/204.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { ContractService } from '../../src/services/contract-service.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { NotificationService } from '../../src/services/notification-service.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import {
  createPublicKeyVerifier,
  encryptAeadAes256Gcm,
  responseSignatureMessage,
  signSha256WithRsa,
} from '../../src/wechatpay/index.js';
import { FenScalar } from '../../src/graphql/fen-scalar.js';
import { DIALECTS, createTestDatabase, presignedContract, uniqueId, type TestDatabase } from '../store/test-setup.js';
import { PUBLIC_KEY_ID, WECHATPAY_KEY, WECHATPAY_PUB } from '../wechatpay/fixtures.js';

const API_V3_KEY = 'a'.repeat(32);

function signedCallback(eventType: string, resourceObject: object, id = uniqueId('EV')) {
  const resource = JSON.stringify(resourceObject);
  const nonce = 'n0123456789a';
  const body = JSON.stringify({
    id,
    create_time: '2030-01-15T10:00:00+08:00',
    event_type: eventType,
    resource_type: 'encrypt-resource',
    summary: 'signed',
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptAeadAes256Gcm(resource, { apiV3Key: API_V3_KEY, nonce, associatedData: '' }),
      nonce,
      associated_data: '',
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signatureNonce = 'abcdef0123456789';
  const headers = {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': signatureNonce,
    'wechatpay-serial': PUBLIC_KEY_ID,
    'wechatpay-signature': signSha256WithRsa(responseSignatureMessage(timestamp, signatureNonce, body), WECHATPAY_KEY),
  };
  return { id, headers, body: Buffer.from(body) };
}

for (const dialect of DIALECTS) {
  describe(`contract amounts from WeChat Pay (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;
    let service: NotificationService;

    before(async () => {
      database = await createTestDatabase(dialect);
      store = await createStore(database.url);
      const log = createLogger('silent');
      const events = { deductOrderChanged: () => {}, contractChanged: () => {} };
      const orders = new DeductOrderService({
        store,
        wechatpay: {} as never,
        events: events as never,
        notifyUrl: () => 'https://example.com/notify',
        requestTimeoutMs: 1_000,
        log,
      });
      service = new NotificationService({
        store,
        verifier: createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB }),
        apiV3Key: API_V3_KEY,
        orders,
        contracts: new ContractService({
          store,
          events: events as never,
          wechatpay: {} as never,
          verifier: {} as never,
          notifyUrl: () => 'https://example.com/notify',
          log,
        }),
        log,
      });
    });
    after(async () => {
      await store?.close();
      await database?.drop();
    });

    async function signWith(limit: string) {
      const presign = presignedContract({ planId: '100001' });
      assert.ok(await store.contracts.insertPresigned(presign));
      const call = signedCallback('CREDIT_REPAYMENT.SIGN_CONTRACT', {
        sp_mchid: '1900000001',
        contract_id: uniqueId('C'),
        plan_id: 100001,
        out_contract_code: presign.outContractCode,
        display_name: presign.displayName,
        contract_state: 'CONTRACT_STATE_EFFECTIVE',
        contract_signed_time: '2030-01-15T10:00:00+08:00',
        contract_terminated_mode: 'TERMINATION_MODE_INVALID',
        repayment_amount_limit: limit,
        appid: presign.appid,
        openid: 'o_signer',
      });
      const reply = await service.receive(call.headers, call.body);
      return { presign, reply };
    }

    for (const limit of ['9007199254740993', '99999999999999999999']) {
      it(`a limit of ${limit} fen is not stored (rounded or as a float): 500, the contract unchanged and readable`, async () => {
        const { presign, reply } = await signWith(limit);
        assert.equal(reply.status, 500);
        const row = await store.contracts.get(presign.outContractCode);
        assert.equal(row?.state, 'PENDING');
        assert.equal(row?.repaymentAmountLimit, presign.repaymentAmountLimit);
        assert.doesNotThrow(() => FenScalar.serialize(row?.repaymentAmountLimit));
      });
    }

    it('a limit of 2^53 - 1 fen is stored exactly', async () => {
      const { presign, reply } = await signWith(String(Number.MAX_SAFE_INTEGER));
      assert.equal(reply.status, 204);
      assert.equal((await store.contracts.get(presign.outContractCode))?.repaymentAmountLimit, Number.MAX_SAFE_INTEGER);
    });
  });
}
