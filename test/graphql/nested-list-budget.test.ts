import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GraphQLResolveInfo } from 'graphql';
import { chargeNestedRows, MAX_NESTED_LIST_ROWS } from '../../src/graphql/nested-list-budget.js';
import type { Store } from '../../src/store/store.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

const CONTRACT_ID = '20261202000000000000042';
const ORDERS = 25;

/** One contract with 25 reservations and an order on each, written straight into the store. */
async function seed(store: Store): Promise<void> {
  const common = { appid: 'wxd678efh567hg6787', openid: 'openid-nested', subAppid: null };
  await store.contracts.applySnapshot({
    outContractCode: 'NEST1',
    contractId: CONTRACT_ID,
    planId: '100001',
    appid: common.appid,
    openid: common.openid,
    displayName: '*三',
    state: 'EFFECTIVE',
    repaymentAmountLimit: 500_000,
    repaymentDay: null,
    signedAt: new Date().toISOString(),
    terminatedAt: null,
    terminationMode: null,
    terminationRemark: null,
  });
  const later = new Date(Date.now() + 86_400_000).toISOString();
  for (let i = 0; i < ORDERS; i++) {
    const outRecordId = `NESTR${i}`;
    await store.reservations.insertIntent({ ...common, outRecordId, contractId: CONTRACT_ID, subMchid: '1900000109', repaymentAmount: 10_000, minRepaymentAmount: 1_000, repaymentDate: '2026-12-05' });
    await store.reservations.transition(outRecordId, ['SUBMITTING'], 'SCHEDULED');
    const outTradeNo = `NESTT${i}x`;
    await store.deductOrders.insertIntent({ ...common, outTradeNo, contractId: CONTRACT_ID, outRecordId, deductAmount: 10_000, description: 'seed', attach: null, notifyUrl: 'http://127.0.0.1/notify' }, later);
    await store.deductOrders.transition(outTradeNo, ['SUBMITTING'], 'PAY_SUCCESS', { nextPollAt: null });
  }
}

/** `levels` nested lists of a contract's orders, each through the order's contract: 25^levels leaves. */
function cycle(levels: number): string {
  let selection = 'outTradeNo';
  for (let level = 1; level < levels; level++) selection = `outTradeNo contract { deductOrders { ${selection} } }`;
  return `query ($c: String!) { repaymentContract(contractId: $c) { deductOrders { ${selection} } } }`;
}

describe('nested lists have a row budget per execution', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack();
    // Seeded rows are not at the simulator.
    await Promise.all([stack.app.poller.stop(), stack.app.reservationPoller.stop()]);
    await seed(stack.store);
  });
  after(() => stack.close());

  it('answers nested lists within the budget in full', async () => {
    const { data, errors } = await graphqlRequest<any, { c: string }>(stack.graphqlUrl, cycle(2), { c: CONTRACT_ID });
    assert.equal(errors, undefined, JSON.stringify(errors));
    const outer = data.repaymentContract.deductOrders;
    assert.equal(outer.length, ORDERS);
    assert.equal(outer.flatMap((order: any) => order.contract.deductOrders).length, ORDERS * ORDERS);
  });

  it('refuses with RESULT_TOO_LARGE once they return more rows than the budget, which the complexity limit let through', async () => {
    assert.ok(ORDERS + ORDERS ** 2 + ORDERS ** 3 > MAX_NESTED_LIST_ROWS);
    const { data, errors } = await graphqlRequest<any, { c: string }>(stack.graphqlUrl, cycle(3), { c: CONTRACT_ID });
    assert.equal(errors?.[0]?.extensions?.code, 'RESULT_TOO_LARGE', JSON.stringify(errors));
    const leaves = (JSON.stringify(data ?? null).match(/"outTradeNo"/g) ?? []).length;
    assert.ok(leaves <= MAX_NESTED_LIST_ROWS, `${leaves} orders returned`);
  });

  it('charges each execution apart: a subscription executes once per event with the same context', () => {
    const context = {};
    const info = (rootValue: unknown) => ({ rootValue }) as GraphQLResolveInfo;
    const rows = Array.from({ length: MAX_NESTED_LIST_ROWS / 2 }, (_, i) => i);
    for (let event = 0; event < 5; event++) {
      const root = { event };
      chargeNestedRows(context, info(root), rows);
      chargeNestedRows(context, info(root), rows);
      assert.throws(() => chargeNestedRows(context, info(root), [1]), /RESULT_TOO_LARGE|more than/);
    }
    chargeNestedRows({}, info(undefined), rows); // another request: a budget of its own
  });
});
