/**
 * Contract callbacks whose contract_state is not EFFECTIVE/TERMINATED, through the receiver: the
 * documented CONTRACT_STATE_INVALID is acknowledged (204, so WeChat Pay stops resending) and never
 * makes or unmakes an EFFECTIVE contract; an undocumented value is refused (5xx) and stores nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { NotificationService } from '../../src/services/notification-service.js';
import type { ContractRecord, Store } from '../../src/store/store.js';
import { DIALECTS, storePerSuite, contractSnapshot, presignedContract, uniqueId } from '../store/test-setup.js';
import { notificationReceiver, signedCallback } from './notification-fixtures.js';

const API_V3_KEY = 'b'.repeat(32);

/** The decrypted payload for a contract as stored, with another contract_state. */
function resourceFor(contract: Pick<ContractRecord, 'outContractCode' | 'planId' | 'displayName' | 'repaymentAmountLimit'>, contractState: string, contractId: string) {
  return {
    sp_mchid: '1900000001',
    contract_id: contractId,
    plan_id: contract.planId,
    out_contract_code: contract.outContractCode,
    display_name: contract.displayName,
    contract_state: contractState,
    contract_signed_time: '2030-01-15T10:00:00+08:00',
    contract_terminated_mode: 'TERMINATION_MODE_INVALID',
    repayment_amount_limit: String(contract.repaymentAmountLimit),
    appid: 'wx_app',
    openid: 'o_user',
  };
}

for (const dialect of DIALECTS) {
  describe(`contract callbacks with a state other than EFFECTIVE/TERMINATED (${dialect})`, () => {
    let store: Store;
    let service: NotificationService;

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
      ({ service } = notificationReceiver(store, { apiV3Key: API_V3_KEY, log: createLogger('silent') }));
    });

    it('CONTRACT_STATE_INVALID is acknowledged and leaves an EFFECTIVE contract EFFECTIVE', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot()))!;
      const sent = signedCallback('CREDIT_REPAYMENT.TERMINATE_CONTRACT', resourceFor(stored, 'CONTRACT_STATE_INVALID', stored.contractId!), { apiV3Key: API_V3_KEY, summary: '信贷还款签约成功通知', originalType: 'credit_repayment' });
      assert.deepEqual(await service.receive(sent.headers, sent.body), { status: 204 });
      assert.deepEqual(await store.contracts.get(stored.outContractCode), stored);
      assert.equal((await store.notifications.get(sent.id))?.outcome, 'NO_CHANGE');
    });

    it('CONTRACT_STATE_INVALID in a SIGN_CONTRACT does not make a presigned contract EFFECTIVE', async () => {
      const presigned = presignedContract();
      assert.ok(await store.contracts.insertPresigned(presigned));
      const sent = signedCallback('CREDIT_REPAYMENT.SIGN_CONTRACT', resourceFor(presigned, 'CONTRACT_STATE_INVALID', uniqueId('C')), { apiV3Key: API_V3_KEY, summary: '信贷还款签约成功通知', originalType: 'credit_repayment' });
      assert.deepEqual(await service.receive(sent.headers, sent.body), { status: 204 });
      assert.equal((await store.contracts.get(presigned.outContractCode))?.state, 'PENDING');
    });

    it('an undocumented contract_state is refused with a 5xx (sent again later) and stores nothing', async () => {
      const stored = (await store.contracts.applySnapshot(contractSnapshot({ state: 'PENDING' })))!;
      const sent = signedCallback('CREDIT_REPAYMENT.SIGN_CONTRACT', resourceFor(stored, 'CONTRACT_STATE_SUSPENDED', stored.contractId!), { apiV3Key: API_V3_KEY, summary: '信贷还款签约成功通知', originalType: 'credit_repayment' });
      const reply = await service.receive(sent.headers, sent.body);
      assert.equal(reply.status, 500);
      assert.deepEqual(await store.contracts.get(stored.outContractCode), stored);
      assert.equal(await store.notifications.get(sent.id), undefined, 'not recorded, so the resend is applied once understood');
    });
  });
}
