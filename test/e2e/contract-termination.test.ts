/**
 * terminateRepaymentContract when WeChat Pay's answer does not settle it by itself: an unknown
 * outcome, a contract the user terminated already (its callback lost), two requests at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TerminateRepaymentContractDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const TERMINATE = 'POST /v3/credit-repayment/partner/contracts/terminate';

describe('terminateRepaymentContract, settled by asking WeChat Pay', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack();
  });
  after(() => stack.close());

  async function effectiveContract(): Promise<SandboxContract> {
    const contract = await stack.sandboxContract();
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'the signed contract');
    return contract;
  }
  const terminate = (contract: SandboxContract) =>
    graphqlRequest(stack.graphqlUrl, TerminateRepaymentContractDocument, { outContractCode: contract.out_contract_code, remark: '还款完成' });

  for (const fault of [{ fault: 'status', status: 503 }, { fault: 'reset' }] as const) {
    it(`a terminate WeChat Pay never processed (${fault.fault}) is an error with the outcome unknown, never a success`, async () => {
      const contract = await effectiveContract();
      stack.simulator.faults.set([{ match: TERMINATE, ...fault }]);
      const result = await terminate(contract);
      stack.simulator.faults.clear();
      assert.equal(result.data, null, JSON.stringify(result.data));
      assert.equal(result.errors?.[0]?.extensions?.code, 'WECHATPAY_ERROR');
      assert.equal((result.errors?.[0]?.extensions?.wechatpay as { outcomeUnknown?: boolean } | undefined)?.outcomeUnknown, true);
      assert.equal((await stack.store.contracts.get(contract.out_contract_code))?.state, 'EFFECTIVE');
      // Sent again, it goes through.
      assert.equal((await terminate(contract)).data?.terminateRepaymentContract.state, 'TERMINATED');
    });
  }

  it('a contract the user terminated already, its callback lost: the refusal is checked, and the contract answered TERMINATED', async () => {
    const contract = await effectiveContract();
    stack.simulator.faults.set([{ callback: 'CREDIT_REPAYMENT.TERMINATE_CONTRACT', fault: 'drop', times: 'always' }]);
    const byUser = await fetch(`${stack.simulator.url}/sandbox/contracts/${contract.out_contract_code}/terminate`, { method: 'POST' });
    assert.ok(byUser.ok, String(byUser.status));
    const result = await terminate(contract);
    stack.simulator.faults.clear();
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data?.terminateRepaymentContract.state, 'TERMINATED');
    assert.equal(result.data?.terminateRepaymentContract.terminationMode, 'BY_USER');
    assert.equal((await stack.store.contracts.get(contract.out_contract_code))?.state, 'TERMINATED');
  });

  it('two requests at once: both answer TERMINATED, though WeChat Pay refuses the second', async () => {
    const contract = await effectiveContract();
    stack.simulator.faults.set([{ match: TERMINATE, fault: 'delay', delay_ms: 300, times: 'always' }]);
    const results = await Promise.all([terminate(contract), terminate(contract)]);
    stack.simulator.faults.clear();
    for (const result of results) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data?.terminateRepaymentContract.state, 'TERMINATED');
    }
  });
});
