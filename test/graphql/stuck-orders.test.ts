import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { InitiateRepaymentDocument, ScheduleRepaymentDocument, StuckDeductOrdersDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, userToken } from '../helpers/test-auth.js';

describe('stuckDeductOrders', () => {
  let stack: SandboxStack;
  const outTradeNo = `STUCK${Date.now()}`;
  let openid: string;

  before(async () => {
    // Orders never settle by themselves here: PENDING stays PENDING however often it is polled.
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    const contract = await stack.sandboxContract();
    openid = contract.openid;
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'signed contract');
    const outRecordId = `R${outTradeNo}`;
    await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { contractId: contract.contract_id, outRecordId, subMchid: '1900000109', repaymentAmount: '5000', minRepaymentAmount: '500', repaymentDate: addDays(beijingDate(new Date()), 1) },
    });
    const order = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '5000', description: 'repay' },
    });
    assert.equal(order.data?.initiateRepayment.orderState, 'PENDING');
  });
  after(() => stack.close());

  it('lists orders that are not final and unchanged for longer than asked, with their age', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stuck = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 1 });
    const entry = stuck.data?.stuckDeductOrders.find((item) => item.order.outTradeNo === outTradeNo);
    assert.ok(entry, JSON.stringify(stuck));
    assert.equal(entry.order.orderState, 'PENDING');
    assert.ok(entry.stuckForSeconds >= 1);
    const recent = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 3600 });
    assert.deepEqual(recent.data?.stuckDeductOrders, []);
  });

  it('is for staff only', async () => {
    const result = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 0 }, await bearer(userToken(openid)));
    assert.equal(result.errors?.[0].extensions?.code, 'FORBIDDEN');
  });
});
