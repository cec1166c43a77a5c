import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { PresignRepaymentContractDocument, ScheduleRepaymentDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

interface UpstreamError {
  status: number | null;
  code: string;
  requestId: string | null;
  outcomeUnknown: boolean;
}

/**
 * A client must tell "WeChat Pay said no" (safe to change and retry) from "no usable answer" (the
 * write may have been applied; the same ids are still taken): both are WECHATPAY_ERROR, told apart
 * by `wechatpay.outcomeUnknown` and the message.
 */
describe('WeChat Pay errors as a client sees them', () => {
  let stack: SandboxStack;
  let n = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}${++n}`;

  before(async () => {
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
  });
  after(() => stack.close());

  it('a refusal says so, with outcomeUnknown false', async () => {
    const contract = await stack.sandboxContract({ plan_id: '100001' });
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'signed contract');
    // A sub-merchant the sandbox service provider does not own: only WeChat Pay can refuse it.
    const input = {
      contractId: contract.contract_id,
      outRecordId: id('R'),
      subMchid: '1900000999',
      repaymentAmount: '10000',
      minRepaymentAmount: '1000',
      repaymentDate: addDays(beijingDate(new Date()), 3),
    };
    const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
    const error = result.errors?.[0];
    assert.equal(error?.extensions?.code, 'WECHATPAY_ERROR', JSON.stringify(result.errors));
    assert.equal((error?.extensions?.wechatpay as UpstreamError).outcomeUnknown, false);
    assert.match(error!.message, /^WeChat Pay refused the request: /);
  });

  it('a 500 from WeChat Pay says the request may have been applied, with outcomeUnknown true', async () => {
    stack.simulator.faults.set([{ match: 'POST /v3/credit-repayment/partner/contracts/app-presign', fault: 'status', status: 500 }]);
    try {
      const outContractCode = id('C');
      const result = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
        input: { flow: 'APP', planId: '100001', outContractCode, displayName: '张三丰', repaymentAmountLimit: '300000', repaymentDay: 15 },
      } as never);
      const error = result.errors?.[0];
      assert.equal(error?.extensions?.code, 'WECHATPAY_ERROR', JSON.stringify(result.errors));
      const upstream = error?.extensions?.wechatpay as UpstreamError;
      assert.equal(upstream.status, 500);
      assert.equal(upstream.outcomeUnknown, true);
      assert.match(error!.message, /may have been applied/);
      // Which is why the code stays taken: a presign may exist at WeChat Pay under it.
      assert.equal((await stack.store.contracts.get(outContractCode))?.state, 'PENDING');
    } finally {
      stack.simulator.faults.clear();
    }
  });
});
