import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import { awaitContract, scheduleServiceInput } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };

/**
 * A reservation left SUBMITTING by a crash (its answer never stored) is settled when the same
 * scheduleRepayment comes again: by a query if WeChat Pay has it, by resubmitting if not.
 */
describe('a reservation orphaned by a crash', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let later: ReservationService;
  let n = 0;

  before(async () => {
    stack = await startSandboxStack();
    await stack.app.reservationPoller.stop(); // these tests are the only ones to settle their orphans
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
    // The same service an hour after the crash.
    later = new ReservationService({
      store: stack.store,
      wechatpay: stack.wechatpay.client,
      templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN'),
      requestTimeoutMs: 1_000,
      log: createLogger('silent'),
      now: () => new Date(Date.now() + 3_600_000),
    });
  });
  after(() => stack.close());

  async function orphan(reachedWechatpay: boolean) {
    const input = scheduleServiceInput(contract.contract_id, `ORPHAN${Date.now()}${++n}`);
    assert.ok(await stack.store.reservations.insertIntent({ ...input, appid: contract.appid, openid: contract.openid }));
    if (reachedWechatpay) {
      await stack.wechatpay.client.scheduleRecords.batchCreate({
        contract_id: contract.contract_id,
        appid: contract.appid,
        openid: contract.openid,
        schedule_items: [{ out_record_id: input.outRecordId, sub_mchid: '1900000109', repayment_amount: '10000', min_repayment_amount: '1000', repayment_date: input.repaymentDate }],
      });
    }
    return input;
  }

  it('is found by a query when the first call had reached WeChat Pay', async () => {
    const input = await orphan(true);
    const settled = await later.schedule(input, STAFF);
    assert.equal(settled.state, 'SCHEDULED');
  });

  it('is sent again when WeChat Pay never heard of it', async () => {
    const input = await orphan(false);
    const settled = await later.schedule(input, STAFF);
    assert.equal(settled.state, 'SCHEDULED');
    const remote = await stack.wechatpay.client.scheduleRecords.get(input.outRecordId, contract.contract_id);
    assert.equal(remote.repayment_amount, '10000');
  });

  it('is left alone while its call may still be running', async () => {
    const input = await orphan(false);
    const now = await stack.app.services.reservations.schedule(input, STAFF);
    assert.equal(now.state, 'SUBMITTING');
  });
});
