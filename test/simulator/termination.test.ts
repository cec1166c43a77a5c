import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callApi, callSandbox, startTestSimulator } from './support/api-client.js';
import { startCallbackReceiver } from './support/callback-receiver.js';
import { createContract, SCHEDULE_PATH, scheduleBody } from './support/flows.js';
import { openCallback } from './support/open-callback.js';

describe('termination by the user (sandbox)', () => {
  it('sends TERMINATE_CONTRACT (BY_USER, remark) to the template termination URL, not to the sign URL', async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSimulator({ terminationNotifyUrl: `${receiver.url}/template/terminated` });
    try {
      const contract = await createContract(t.sim, { contract_notify_url: `${receiver.url}/sign` });
      await receiver.waitFor(1);
      const response = await callSandbox(t.sim, 'POST', `/sandbox/contracts/${contract.out_contract_code}/terminate`, {
        contract_termination_remark: '用户在微信中解约',
      });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.json.contract_terminated_mode, 'TERMINATION_MODE_BY_USER');

      const [, callback] = await receiver.waitFor(2);
      assert.equal(callback.path, '/template/terminated');
      const opened = openCallback(t.sim.credentials, callback);
      assert.ok(opened.verified);
      assert.equal(opened.envelope.event_type, 'CREDIT_REPAYMENT.TERMINATE_CONTRACT');
      assert.equal(opened.resource.contract_id, contract.contract_id);
      assert.equal(opened.resource.contract_state, 'CONTRACT_STATE_TERMINATED');
      assert.equal(opened.resource.contract_terminated_mode, 'TERMINATION_MODE_BY_USER');
      assert.equal(opened.resource.contract_termination_remark, '用户在微信中解约');

      const queried = await callApi(t.sim, 'GET', `/v3/credit-repayment/partner/contracts/${contract.out_contract_code}`);
      assert.equal(queried.json.contract_state, 'CONTRACT_STATE_TERMINATED');
      assert.equal(queried.json.contract_terminated_mode, 'TERMINATION_MODE_BY_USER');
      // a terminated agreement takes no new reservation
      const refused = await callApi(t.sim, 'POST', SCHEDULE_PATH, scheduleBody(t.sim, contract));
      assert.equal(refused.status, 400);
      assert.equal(refused.json.code, 'INVALID_REQUEST');
      assert.equal((await callSandbox(t.sim, 'POST', '/sandbox/contracts/NoSuchCode/terminate')).status, 404);
    } finally {
      await t.close();
      await receiver.close();
    }
  });

  it('sends nothing when no template termination URL is configured', async () => {
    const receiver = await startCallbackReceiver();
    const t = await startTestSimulator();
    try {
      const contract = await createContract(t.sim);
      assert.equal((await callSandbox(t.sim, 'POST', `/sandbox/contracts/${contract.out_contract_code}/terminate`)).status, 200);
      const merchant = await createContract(t.sim);
      const byMerchant = await callApi(t.sim, 'POST', '/v3/credit-repayment/partner/contracts/terminate', {
        out_contract_code: merchant.out_contract_code,
        contract_termination_remark: 'r',
      });
      assert.equal(byMerchant.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(receiver.received.length, 0);
    } finally {
      await t.close();
      await receiver.close();
    }
  });
});
