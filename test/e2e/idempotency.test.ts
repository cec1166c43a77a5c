import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InitiateRepaymentDocument, ScheduleRepaymentDocument } from '../generated/graphql.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import {
  assertAgrees,
  assertPath,
  awaitContract,
  awaitFinalEvent,
  events,
  initiate,
  initiateInput,
  schedule,
  scheduleInput,
  uniqueId,
  watchOrder,
} from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * initiateRepayment and scheduleRepayment are idempotent on their ids, also when the same request
 * arrives twice at once (a double tap, a retrying client): one record, and both callers get it.
 * WeChat Pay's answers are held back a little so the two calls really overlap.
 */
describe('idempotent mutations under concurrency', () => {
  let stack: SandboxStack;
  let contractId: string;

  before(async () => {
    stack = await startSandboxStack({ requestTimeoutMs: 2_000, simulator: { settleDelayMs: 300 } });
    contractId = (await stack.sandboxContract()).contract_id;
    await awaitContract(stack, contractId);
  });
  after(() => stack.close());

  it('two identical scheduleRepayment calls at once make one reservation; another amount is a CONFLICT', async () => {
    const outRecordId = uniqueId('R');
    stack.simulator.faults.set([{ match: 'POST /v3/credit-repayment/partner/schedule-records/batch-create', fault: 'delay', delay_ms: 300 }]);
    const [one, two] = await Promise.all([schedule(stack, contractId, outRecordId), schedule(stack, contractId, outRecordId)]);
    stack.simulator.faults.clear();
    for (const result of [one, two]) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data!.scheduleRepayment.outRecordId, outRecordId);
      assert.ok(['SUBMITTING', 'SCHEDULED'].includes(result.data!.scheduleRepayment.state), result.data!.scheduleRepayment.state);
    }
    assert.ok([one, two].some((result) => result.data!.scheduleRepayment.state === 'SCHEDULED'));
    assert.equal((await stack.store.reservations.get(outRecordId))?.state, 'SCHEDULED');
    assert.equal((await stack.wechatpay.client.scheduleRecords.get(outRecordId, contractId)).out_record_id, outRecordId);

    const different = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { ...scheduleInput(contractId, outRecordId), repaymentAmount: '10001' },
    });
    assert.equal(different.errors?.[0].extensions?.code, 'CONFLICT');
    assert.equal(different.errors?.[0].extensions?.field, 'outRecordId');
  });

  it('two identical initiateRepayment calls at once make one order; another amount is a CONFLICT', async () => {
    const outRecordId = uniqueId('R');
    const outTradeNo = uniqueId('T');
    assert.equal((await schedule(stack, contractId, outRecordId)).data?.scheduleRepayment.state, 'SCHEDULED');
    const subscriber = await watchOrder(stack, outTradeNo);
    try {
      stack.simulator.faults.set([{ match: 'POST /v3/credit-repayment/partner/deduct-orders', fault: 'delay', delay_ms: 200 }]);
      const [one, two] = await Promise.all([
        initiate(stack, contractId, outRecordId, outTradeNo),
        initiate(stack, contractId, outRecordId, outTradeNo),
      ]);
      const hits = stack.simulator.faults.list()[0].hits;
      stack.simulator.faults.clear();
      assert.equal(hits, 1, 'WeChat Pay was asked once');
      for (const result of [one, two]) {
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        assert.equal(result.data!.initiateRepayment.outTradeNo, outTradeNo);
        assert.equal(result.data!.initiateRepayment.createdAt, one.data!.initiateRepayment.createdAt);
      }
      const different = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { ...initiateInput(contractId, outRecordId, outTradeNo), deductAmount: '8001' },
      });
      assert.equal(different.errors?.[0].extensions?.code, 'CONFLICT');
      assert.equal(different.errors?.[0].extensions?.field, 'outTradeNo');

      await awaitFinalEvent(subscriber, outTradeNo);
      const local = (await stack.store.deductOrders.get(outTradeNo))!;
      assertPath(events(subscriber), local.version, [['SUBMITTING', 'PENDING', 'PAY_SUCCESS']], outTradeNo);
      await assertAgrees(stack.wechatpay.client, local);
      assert.equal((await stack.store.deductOrders.listByOutRecordIds([outRecordId])).length, 1);
    } finally {
      await subscriber.close();
    }
  });
});
