/**
 * The first create of a reservation against a second instance's takeover and resubmission of the
 * same out_record_id (its clock ahead by more than the in-flight margin, or the insert slow). A
 * scripted WeChat Pay client (no HTTP) decides when each call answers and what.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import type { Store } from '../../src/store/store.js';
import { errorFromResponse, type WechatpayClient } from '../../src/wechatpay/index.js';
import { scheduleServiceInput } from '../helpers/repayment-driver.js';
import { DIALECTS, storePerSuite, contractSnapshot, newReservation, uniqueId } from '../store/test-setup.js';
import { gate, type Gate } from '../helpers/gate.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };
const TIMEOUT_MS = 200;
const SKEW_MS = TIMEOUT_MS + 6_000;

const notFound = () => errorFromResponse(404, JSON.stringify({ code: 'RESOURCE_NOT_EXISTS', message: 'no such record' }));
const duplicate = () => errorFromResponse(400, JSON.stringify({ code: 'INVALID_REQUEST', message: 'out_record_id already used' }));

for (const dialect of DIALECTS) {
  describe(`reservation resubmission guards (${dialect})`, () => {
    let store: Store;

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
    });

    function service(wechatpay: WechatpayClient, skewMs = 0) {
      return new ReservationService({
        store,
        wechatpay,
        templateKinds: parseTemplateKinds('plan-1=CONSUMER_LOAN'),
        requestTimeoutMs: TIMEOUT_MS,
        log: createLogger('silent'),
        now: () => new Date(Date.now() + skewMs),
      });
    }

    async function contractInput() {
      const contract = contractSnapshot();
      assert.ok(await store.contracts.applySnapshot(contract));
      return scheduleServiceInput(contract.contractId, uniqueId('R'));
    }

    /** batchCreate calls wait for the test; `query` decides each query's answer. */
    function scriptedWechatpay(query: () => Promise<never>) {
      const creates: Gate<unknown>[] = [];
      const seen = [gate<void>(), gate<void>()];
      const wechatpay = {
        scheduleRecords: {
          batchCreate: () => {
            const reply = gate<unknown>();
            creates.push(reply);
            seen[creates.length - 1]?.resolve();
            return reply.promise;
          },
          get: query,
        },
      } as unknown as WechatpayClient;
      return { wechatpay, creates, seen };
    }

    it('a first create refused while another instance sends it again keeps the reservation WeChat Pay holds', async () => {
      const input = await contractInput();
      const { wechatpay, creates, seen } = scriptedWechatpay(async () => {
        throw notFound();
      });
      const first = service(wechatpay).schedule(input, STAFF).then(
        (reservation) => ({ reservation }),
        (error: unknown) => ({ error }),
      );
      await seen[0]!.promise;
      // The same request on an instance whose clock is ahead: the row looks orphaned there.
      const replay = service(wechatpay, SKEW_MS).schedule(input, STAFF);
      await seen[1]!.promise;

      creates[0]!.reject(duplicate());
      const firstResult = await first;
      assert.ok('reservation' in firstResult, `first schedule: ${'error' in firstResult ? String(firstResult.error) : ''}`);
      assert.equal(firstResult.reservation.state, 'UNKNOWN');
      creates[1]!.resolve({});
      assert.equal((await replay).state, 'SCHEDULED');
      const stored = await store.reservations.get(input.outRecordId);
      assert.equal(stored?.state, 'SCHEDULED', 'the reservation WeChat Pay holds is still here');
    });

    it('a first create refused while another instance queries it is kept in doubt and not sent again', async () => {
      const input = await contractInput();
      const querying = gate<void>();
      const queryReply = gate<void>();
      const { wechatpay, creates, seen } = scriptedWechatpay(async () => {
        querying.resolve();
        await queryReply.promise;
        throw notFound();
      });
      const first = service(wechatpay).schedule(input, STAFF);
      await seen[0]!.promise;
      const replay = service(wechatpay, SKEW_MS).schedule(input, STAFF);
      await querying.promise; // taken over (UNKNOWN), WeChat Pay asked about it

      creates[0]!.reject(duplicate());
      assert.equal((await first).state, 'UNKNOWN');
      queryReply.resolve();
      const replayed = await replay;
      assert.equal(replayed.state, 'UNKNOWN');
      assert.ok(replayed.resubmissionRefusedAt, 'only queried from now on');
      assert.equal(creates.length, 1, 'not sent again');
    });

    it('a first create refused before anyone else looked still removes the intent', async () => {
      const input = await contractInput();
      const { wechatpay, creates, seen } = scriptedWechatpay(async () => {
        throw notFound();
      });
      const first = service(wechatpay).schedule(input, STAFF);
      await seen[0]!.promise;
      creates[0]!.reject(duplicate());
      await assert.rejects(first, /already used/);
      assert.equal(await store.reservations.get(input.outRecordId), undefined);
    });

    it('deleteIntent with neverResubmitted keeps a reservation once claimed for resubmission', async () => {
      const reservation = newReservation();
      assert.ok(await store.reservations.insertIntent(reservation));
      assert.ok(await store.reservations.transition(reservation.outRecordId, ['SUBMITTING'], 'UNKNOWN'));
      const claimed = await store.reservations.claimResubmission(reservation.outRecordId);
      assert.ok(claimed?.resubmittedAt);
      assert.equal(await store.reservations.deleteIntent(reservation.outRecordId, ['SUBMITTING'], { neverResubmitted: true }), false);
      assert.ok(await store.reservations.get(reservation.outRecordId));

      const fresh = newReservation();
      assert.ok(await store.reservations.insertIntent(fresh));
      assert.equal(await store.reservations.deleteIntent(fresh.outRecordId, ['SUBMITTING'], { neverResubmitted: true }), true);
    });
  });
}
