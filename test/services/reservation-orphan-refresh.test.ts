import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import type { WechatpayClient } from '../../src/wechatpay/index.js';
import { awaitContract, scheduleServiceInput } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * A reservation left SUBMITTING by a crash between its intent and its POST, settled by staff with
 * refreshReservation (no scheduleRepayment replay): the simulator over HTTP, a SQLite file store.
 */
describe('refreshing a reservation orphaned by a crash', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let n = 0;

  before(async () => {
    stack = await startSandboxStack({ requestTimeoutMs: 1_000 });
    await stack.app.reservationPoller.stop(); // these tests are the only ones to settle their orphans
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());

  /** The service over the stack's HTTP client, counting batch-create POSTs; `aheadMs` moves its clock on. */
  function service(aheadMs: number) {
    const client = stack.wechatpay.client;
    const posts: string[] = [];
    const wechatpay: WechatpayClient = {
      ...client,
      scheduleRecords: {
        get: (outRecordId, contractId) => client.scheduleRecords.get(outRecordId, contractId),
        batchCreate: (body) => {
          posts.push(body.schedule_items[0]!.out_record_id);
          return client.scheduleRecords.batchCreate(body);
        },
      },
    };
    const reservations = new ReservationService({
      store: stack.store,
      wechatpay,
      templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN'),
      requestTimeoutMs: 1_000,
      log: createLogger('silent'),
      now: () => new Date(Date.now() + aheadMs),
    });
    return { reservations, posts };
  }

  /** The intent as scheduleRepayment stores it, then the crash: no POST. */
  async function orphan() {
    const input = scheduleServiceInput(contract.contract_id, `ORPHREF${Date.now()}${++n}`);
    assert.ok(await stack.store.reservations.insertIntent({ ...input, appid: contract.appid, openid: contract.openid }));
    await assert.rejects(stack.wechatpay.client.scheduleRecords.get(input.outRecordId, contract.contract_id), (error: { status?: number }) => error.status === 404);
    return input;
  }

  it('an hour after the crash, is sent again once and ends SCHEDULED', async () => {
    const input = await orphan();
    const { reservations, posts } = service(3_600_000);
    const refreshed = await reservations.refresh(input.outRecordId, contract.contract_id);
    assert.equal(refreshed.state, 'SCHEDULED');
    assert.deepEqual(posts, [input.outRecordId], 'exactly one POST');
    assert.ok(refreshed.resubmittedAt, 'claimed for resubmission (migration 0005): a later refusal never deletes it');
    const remote = await stack.wechatpay.client.scheduleRecords.get(input.outRecordId, contract.contract_id);
    assert.equal(remote.repayment_amount, '10000');

    // Settled: refreshing again only queries.
    assert.equal((await reservations.refresh(input.outRecordId, contract.contract_id)).state, 'SCHEDULED');
    assert.equal(posts.length, 1);
  });

  it('two refreshes of the same orphan at once send it once', async () => {
    const input = await orphan();
    const one = service(3_600_000);
    const two = service(3_600_000);
    const results = await Promise.all([
      one.reservations.refresh(input.outRecordId, contract.contract_id),
      two.reservations.refresh(input.outRecordId, contract.contract_id),
    ]);
    assert.equal(one.posts.length + two.posts.length, 1, 'exactly one POST');
    assert.ok(results.some((reservation) => reservation.state === 'SCHEDULED'));
    assert.equal((await stack.store.reservations.get(input.outRecordId))?.state, 'SCHEDULED');
  });

  it('while its first POST may still be in flight, sends nothing', async () => {
    const input = await orphan();
    // Just past the request timeout, but within the margin a create may still be running.
    const { reservations, posts } = service(1_500);
    const refreshed = await reservations.refresh(input.outRecordId, contract.contract_id);
    assert.equal(refreshed.state, 'SUBMITTING');
    assert.deepEqual(posts, [], 'no POST');
    assert.equal((await stack.store.reservations.get(input.outRecordId))?.state, 'SUBMITTING');
    await assert.rejects(stack.wechatpay.client.scheduleRecords.get(input.outRecordId, contract.contract_id), (error: { status?: number }) => error.status === 404);
  });
});
