import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/store.js';
import { DeductOrderDocument, DeductOrdersDocument, RepaymentContractDocument, RepaymentContractsDocument, ReservationDocument } from '../generated/graphql.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

const CONTRACTS = 60;

/** Rows written straight into the store: this suite is about reading the graph, not creating it. */
async function seed(store: Store): Promise<void> {
  for (let i = 0; i < CONTRACTS; i++) {
    const contractId = `2026112800000000000${String(i).padStart(4, '0')}`;
    await store.contracts.applySnapshot({
      outContractCode: `SEED${i}`,
      contractId,
      planId: i % 2 === 0 ? '100001' : '100002',
      appid: 'wxd678efh567hg6787',
      openid: `openid-${i % 5}`,
      displayName: '*三',
      state: 'EFFECTIVE',
      repaymentAmountLimit: 500_000,
      repaymentDay: null,
      signedAt: new Date().toISOString(),
      terminatedAt: null,
      terminationMode: null,
      terminationRemark: null,
    });
    for (let r = 0; r < 2; r++) {
      const outRecordId = `SEEDR${i}x${r}`;
      await store.reservations.insertIntent({
        outRecordId,
        contractId,
        appid: 'wxd678efh567hg6787',
        openid: `openid-${i % 5}`,
        subMchid: '1900000109',
        subAppid: null,
        repaymentAmount: 10_000,
        minRepaymentAmount: 1_000,
        repaymentDate: '2026-12-01',
      });
      await store.reservations.transition(outRecordId, ['SUBMITTING'], 'SCHEDULED');
      const outTradeNo = `SEEDT${i}x${r}`;
      await store.deductOrders.insertIntent(
        {
          outTradeNo,
          contractId,
          outRecordId,
          deductAmount: 10_000,
          description: 'seed',
          attach: null,
          notifyUrl: 'http://127.0.0.1/notify',
          appid: 'wxd678efh567hg6787',
          subAppid: null,
          openid: `openid-${i % 5}`,
        },
        new Date(Date.now() + 86_400_000).toISOString(),
      );
      await store.deductOrders.transition(outTradeNo, ['SUBMITTING'], r === 0 ? 'PAY_SUCCESS' : 'PENDING', {
        nextPollAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    }
  }
}

describe('browsing the graph', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack();
    // Seeded rows are not at the simulator, and a poll round's statements would be counted here.
    await Promise.all([stack.app.poller.stop(), stack.app.reservationPoller.stop()]);
    await seed(stack.store);
  });
  after(() => stack.close());

  async function statementsFor(first: number): Promise<{ statements: number; contracts: number }> {
    const before = stack.store.statementCount();
    const result = await graphqlRequest(stack.graphqlUrl, RepaymentContractsDocument, { first });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const edges = result.data!.repaymentContracts.edges;
    for (const { node } of edges) {
      assert.equal(node.reservations.length, 2);
      assert.equal(node.deductOrders.length, 2);
      for (const order of node.deductOrders) assert.ok(order.reservation?.outRecordId);
      for (const reservation of node.reservations) assert.equal(reservation.deductOrders.length, 1);
    }
    return { statements: stack.store.statementCount() - before, contracts: edges.length };
  }

  it('costs a constant number of store queries for a page of contracts with their reservations and orders', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    assert.equal(small.contracts, 5);
    assert.equal(large.contracts, 50);
    assert.equal(large.statements, small.statements, `5 contracts: ${small.statements} queries, 50: ${large.statements}`);
    assert.ok(large.statements <= 6, `expected a handful of batched queries, got ${large.statements}`);
  });

  it('reads an order with its contract and reservation in one statement, and the same as field by field', async () => {
    const counted = async (query: string | typeof DeductOrderDocument) => {
      const before = stack.store.statementCount();
      const result = await graphqlRequest(stack.graphqlUrl, query, { outTradeNo: 'SEEDT7x1' });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return { statements: stack.store.statementCount() - before, order: (result.data as any).deductOrder };
    };
    const joined = await counted(DeductOrderDocument);
    assert.equal(joined.statements, 1);
    assert.equal(joined.order.contract.contractId, '20261128000000000000007');
    assert.equal(joined.order.reservation.outRecordId, 'SEEDR7x1');

    // The same records asked one by one, with the same fragments.
    const alone = await counted('query ($outTradeNo: String!) { deductOrder(outTradeNo: $outTradeNo) { outTradeNo orderState } }');
    assert.equal(alone.statements, 1);
    assert.deepEqual(alone.order, { outTradeNo: 'SEEDT7x1', orderState: joined.order.orderState });
    const contract = await graphqlRequest(stack.graphqlUrl, RepaymentContractDocument, { contractId: '20261128000000000000007' });
    const { reservations: _r, deductOrders: _o, ...contractFields } = contract.data!.repaymentContract!;
    assert.deepEqual(joined.order.contract, contractFields);
    const reservation = await graphqlRequest(stack.graphqlUrl, ReservationDocument, { outRecordId: 'SEEDR7x1', contractId: '20261128000000000000007' });
    const { deductOrders: _d, ...reservationFields } = reservation.data!.reservation!;
    assert.deepEqual(joined.order.reservation, reservationFields);

    // Through a fragment too.
    const viaFragment = await counted(
      'query ($outTradeNo: String!) { deductOrder(outTradeNo: $outTradeNo) { ...F } } fragment F on DeductOrder { outTradeNo ... on DeductOrder { reservation { outRecordId } } }',
    );
    assert.equal(viaFragment.statements, 1);
    assert.equal(viaFragment.order.reservation.outRecordId, 'SEEDR7x1');
  });

  it('pages through every contract exactly once, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof graphqlRequest<any, any>>> = await graphqlRequest(stack.graphqlUrl, RepaymentContractsDocument, { first: 25, after });
      const connection = page.data!.repaymentContracts;
      seen.push(...connection.edges.map((edge: { node: { outContractCode: string } }) => edge.node.outContractCode));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    assert.equal(seen.length, CONTRACTS);
    assert.equal(new Set(seen).size, CONTRACTS);
  });

  it('filters contracts by plan and openid, and orders by state and contract', async () => {
    const byPlan = await graphqlRequest(stack.graphqlUrl, RepaymentContractsDocument, { filter: { planId: '100002', openid: 'openid-1' }, first: 100 });
    const plans = byPlan.data!.repaymentContracts.edges.map((edge) => [edge.node.planId, edge.node.openid]);
    assert.ok(plans.length > 0);
    assert.ok(plans.every(([plan, openid]) => plan === '100002' && openid === 'openid-1'));

    const pending = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { filter: { states: ['PENDING'] }, first: 100 });
    assert.equal(pending.data!.deductOrders.edges.length, CONTRACTS);
    assert.ok(pending.data!.deductOrders.edges.every((edge) => edge.node.orderState === 'PENDING'));

    const ofPlan = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { filter: { planId: '100001', states: ['PAY_SUCCESS'] }, first: 100 });
    assert.equal(ofPlan.data!.deductOrders.edges.length, CONTRACTS / 2);
    assert.ok(ofPlan.data!.deductOrders.edges.every((edge) => edge.node.contract?.planId === '100001'));
  });

  it('caps the page size and refuses a forged cursor', async () => {
    const huge = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { first: 1000 });
    assert.equal(huge.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(huge.errors?.[0].extensions?.field, 'first');
    const forged = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { first: 5, after: 'not-a-cursor' });
    assert.equal(forged.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(forged.errors?.[0].extensions?.field, 'after');
  });
});
