import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate, beijingDayEnd } from '../../src/domain/beijing-date.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { earliestPolledRepaymentDate, GIVE_UP_AFTER_MS } from '../../src/services/poll-schedule.js';
import { ReservationPoller } from '../../src/services/reservation-poller.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import type { FaultRule } from '../../src/simulator/fault-rules.js';
import type { ReservationRecord } from '../../src/store/store.js';
import { eventually } from '../helpers/eventually.js';
import { awaitContract, scheduleServiceInput } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const BATCH_CREATE = '/v3/credit-repayment/partner/schedule-records/batch-create';
const SCHEDULE_RECORDS = '/v3/credit-repayment/partner/schedule-records';
/** Counts the creates that reach the simulator, changing nothing. */
const countCreates: FaultRule = { match: `POST ${BATCH_CREATE}`, fault: 'delay', delay_ms: 1, times: 'always' };
const HOUR = 3_600_000;

/**
 * The reservation poller settles what a crash or a lost answer left in doubt, with nobody calling
 * refreshReservation: each test drives its own poller (and service) with a clock set where the
 * test needs it, against the simulator over HTTP; the stack's own poller is stopped.
 */
describe('the reservation poller', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let n = 0;

  before(async () => {
    stack = await startSandboxStack({ requestTimeoutMs: 1_000, pollIntervalMs: 60_000 });
    await stack.app.reservationPoller.stop();
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());

  /** A poller and the service it uses, both `aheadMs` in the future. */
  function pollerAt(aheadMs: number) {
    const now = () => new Date(Date.now() + aheadMs);
    const log = createLogger('silent');
    const reservations = new ReservationService({
      store: stack.store,
      wechatpay: stack.wechatpay.client,
      templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN'),
      requestTimeoutMs: 1_000,
      log,
      now,
    });
    return new ReservationPoller({ store: stack.store, reservations, intervalMs: 60_000, leaseMs: 60_000, log, now });
  }

  /** An intent a crash left SUBMITTING before its create was sent, due to the poller now. */
  async function crashedIntent(repaymentDate?: string): Promise<ReservationRecord> {
    const input = { ...scheduleServiceInput(contract.contract_id, `RPOLL${Date.now()}${++n}`), ...(repaymentDate ? { repaymentDate } : {}) };
    assert.ok(await stack.store.reservations.insertIntent({ ...input, appid: contract.appid, openid: contract.openid }, new Date().toISOString()));
    return (await stack.store.reservations.get(input.outRecordId))!;
  }

  const stored = async (outRecordId: string) => (await stack.store.reservations.get(outRecordId))!;
  const remote = (outRecordId: string) => stack.wechatpay.client.scheduleRecords.get(outRecordId, contract.contract_id);
  const notAtWechatpay = (outRecordId: string) => assert.rejects(remote(outRecordId), (error: { status?: number }) => error.status === 404);

  it('sends again, once, a reservation a crash left SUBMITTING that WeChat Pay never got; it ends SCHEDULED and is not polled again', async () => {
    const intent = await crashedIntent();
    stack.simulator.faults.set([countCreates]);
    try {
      await pollerAt(HOUR).pollOnce();
      const settled = await stored(intent.outRecordId);
      assert.equal(settled.state, 'SCHEDULED');
      assert.equal(settled.nextPollAt, null);
      assert.ok(settled.resubmittedAt);
      assert.equal((await remote(intent.outRecordId)).repayment_amount, '10000');
      await pollerAt(2 * HOUR).pollOnce();
      assert.equal(stack.simulator.faults.list()[0]!.hits, 1, 'one create');
    } finally {
      stack.simulator.faults.clear();
    }
  });

  it('settles by a query a reservation whose create WeChat Pay took but whose answer was lost', async () => {
    const input = scheduleServiceInput(contract.contract_id, `RPOLL${Date.now()}${++n}`);
    stack.simulator.faults.set([
      { match: `POST ${BATCH_CREATE}`, fault: 'accept_then_drop' },
      { match: `GET ${SCHEDULE_RECORDS}/${input.outRecordId}`, fault: 'status', status: 503, times: 'always' },
      countCreates,
    ]);
    let unknown: ReservationRecord;
    try {
      unknown = await stack.app.services.reservations.schedule(input, { role: 'staff', subject: 'test' });
      assert.equal(unknown.state, 'UNKNOWN');
      assert.ok(unknown.nextPollAt, 'left for the poller');
      await pollerAt(HOUR).pollOnce(); // WeChat Pay still does not answer the query
      const waiting = await stored(input.outRecordId);
      assert.deepEqual([waiting.state, waiting.pollAttempts], ['UNKNOWN', 1]);
      assert.match(waiting.lastError ?? '', /503|SERVICE_UNAVAILABLE/);
      assert.ok(Date.parse(waiting.nextPollAt!) > Date.now() + HOUR, 'booked after this look');
      assert.equal(stack.simulator.faults.list()[2]!.hits, 0, 'nothing sent again');
    } finally {
      stack.simulator.faults.clear();
    }
    await pollerAt(2 * HOUR).pollOnce();
    const settled = await stored(input.outRecordId);
    assert.deepEqual([settled.state, settled.nextPollAt, settled.resubmittedAt, settled.lastError], ['SCHEDULED', null, null, null]);
  });

  it('only asks about one whose create may still be in flight, and books the next look', async () => {
    const intent = await crashedIntent();
    await pollerAt(0).pollOnce();
    const waiting = await stored(intent.outRecordId);
    assert.deepEqual([waiting.state, waiting.pollAttempts, waiting.resubmittedAt], ['SUBMITTING', 1, null]);
    assert.match(waiting.lastError ?? '', /being sent/);
    assert.ok(waiting.nextPollAt && Date.parse(waiting.nextPollAt) > Date.now());
    await notAtWechatpay(intent.outRecordId);
  });

  it('does not send one whose repayment date WeChat Pay no longer takes; it says why and goes on asking, every 15 minutes', async () => {
    // Dated tomorrow, so that on its date (Beijing: past D+1) it is not yet past the give-up age.
    const intent = await crashedIntent(addDays(beijingDate(new Date()), 1));
    const onTheDay = beijingDayEnd(intent.repaymentDate).getTime() - HOUR - Date.now();
    await pollerAt(onTheDay).pollOnce();
    const waiting = await stored(intent.outRecordId);
    assert.deepEqual([waiting.state, waiting.resubmittedAt], ['UNKNOWN', null]);
    assert.match(waiting.lastError ?? '', /repayment date .* not sent again/);
    const inMinutes = (Date.parse(waiting.nextPollAt!) - (Date.now() + onTheDay)) / 60_000;
    assert.ok(inMinutes > 14 && inMinutes <= 15, `next look in ${inMinutes} minutes: only a query can settle it`);
    await notAtWechatpay(intent.outRecordId);
  });

  it('stops three days after its repayment date, and is not taken up again', async () => {
    const intent = await crashedIntent();
    const stopAt = beijingDayEnd(intent.repaymentDate).getTime() + GIVE_UP_AFTER_MS + 60_000 - Date.now();
    await pollerAt(stopAt).pollOnce();
    const stopped = await stored(intent.outRecordId);
    assert.deepEqual([stopped.state, stopped.nextPollAt], ['UNKNOWN', null]);
    assert.match(stopped.lastError ?? '', /^polling stopped after 1 attempts: .*not sent again/);
    const then = new Date(Date.now() + stopAt);
    await stack.store.reservations.resumePolling(then.toISOString(), earliestPolledRepaymentDate(then));
    assert.equal((await stored(intent.outRecordId)).nextPollAt, null, 'not resumed');
    await notAtWechatpay(intent.outRecordId);
  });

  it('does not overwrite the next look booked by a round that took the reservation over', async () => {
    const intent = await crashedIntent();
    // The query hangs past the lease; meanwhile another round claims the reservation.
    stack.simulator.faults.set([{ match: `GET ${SCHEDULE_RECORDS}/${intent.outRecordId}`, fault: 'delay', delay_ms: 300 }]);
    try {
      const slow = pollerAt(0).pollOnce();
      const current = await eventually(async () => {
        const row = await stored(intent.outRecordId);
        return row.nextPollAt !== intent.nextPollAt ? row : undefined;
      }, 'the round to claim it');
      const takeover = '2999-01-01T00:00:00.000Z';
      assert.ok(await stack.store.reservations.reschedulePoll(intent.outRecordId, { nextPollAt: takeover, pollAttempts: 7, lastError: 'taken over' }, current.nextPollAt));
      await slow;
      const after = await stored(intent.outRecordId);
      assert.deepEqual([after.nextPollAt, after.pollAttempts, after.lastError], [takeover, 7, 'taken over']);
    } finally {
      stack.simulator.faults.clear();
    }
  });
});
