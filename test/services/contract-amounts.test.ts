/**
 * repayment_amount_limit from WeChat Pay (callback or query) is read as fen only when it fits a
 * safe integer: never rounded past 2^53 or stored as a float past int8, on either database. A
 * callback with another value is not stored and answered 500 (logged as an error); 4xx would not
 * help, since WeChat Pay sends again after any reply but 200/204.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { NotificationService } from '../../src/services/notification-service.js';
import type { Store } from '../../src/store/store.js';
import { FenScalar } from '../../src/graphql/fen-scalar.js';
import { DIALECTS, storePerSuite, presignedContract, uniqueId, type TestDatabase } from '../store/test-setup.js';
import { notificationReceiver, signedCallback } from './notification-fixtures.js';

const API_V3_KEY = 'a'.repeat(32);

for (const dialect of DIALECTS) {
  describe(`contract amounts from WeChat Pay (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;
    let service: NotificationService;

    storePerSuite(dialect, (suite) => {
      ({ store, database } = suite);
      ({ service } = notificationReceiver(store, { apiV3Key: API_V3_KEY, log: createLogger('silent') }));
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
      }, { apiV3Key: API_V3_KEY, summary: 'signed' });
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
