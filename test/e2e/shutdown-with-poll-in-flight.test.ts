/**
 * Closing the app while a poll round waits on WeChat Pay: a query may take its timeout three times
 * over (with retries), longer than a shutdown may last. The server must stop taking requests and
 * finish the ones in flight meanwhile, not only after the poller's round.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../helpers/eventually.js';
import { awaitContract, initiate, schedule, uniqueId } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

describe('closing the app while a poll round waits on WeChat Pay', () => {
  let stack: SandboxStack;
  before(async () => {
    // Orders never settle by themselves; a query that hangs takes 3 × 1.5 s plus retry waits.
    stack = await startSandboxStack({ simulator: { settleDelayMs: null }, pollIntervalMs: 50, requestTimeoutMs: 1_500 });
  });
  after(() => stack.close());

  it('stops serving HTTP at once, while the round goes on to its end', async () => {
    const contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
    const outRecordId = uniqueId('R');
    assert.equal((await schedule(stack, contract.contract_id, outRecordId)).errors, undefined);
    const outTradeNo = uniqueId('T');
    assert.equal((await initiate(stack, contract.contract_id, outRecordId, outTradeNo)).data?.initiateRepayment.orderState, 'PENDING');

    stack.simulator.faults.set([{ match: 'GET /v3/credit-repayment/partner/deduct-orders/*', fault: 'timeout', times: 'always' }]);
    await eventually(async () => (stack.simulator.faults.list()[0]!.hits > 0 ? true : undefined), 'a poll query to hang');

    let closed = false;
    const closing = stack.app.close().then(() => (closed = true));
    const refusedAt = await eventually(
      async () =>
        fetch(stack.graphqlUrl, { method: 'POST' }).then(
          () => undefined,
          () => Date.now(),
        ),
      'the server to stop accepting',
      3_000,
    );
    assert.equal(closed, false, 'the poll round still runs when the server has stopped accepting');
    await closing;
    assert.ok(Date.now() - refusedAt > 200, 'the round went on after the server stopped accepting');
    stack.simulator.faults.clear();
  });
});
