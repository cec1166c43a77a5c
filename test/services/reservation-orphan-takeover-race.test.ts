/**
 * Two instances settle the same reservation orphaned by a crash: one read it (SUBMITTING, old)
 * just before the other took it over, found nothing at WeChat Pay and sent it again. The first
 * must not take over the row it read, now in flight again, and send a second create. A scripted
 * WeChat Pay client (no HTTP) holds the resubmission open while the first one goes on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import type { ReservationRepository, Store } from '../../src/store/store.js';
import { errorFromResponse, WechatpayConnectionError, type WechatpayClient } from '../../src/wechatpay/index.js';
import { gate } from '../helpers/gate.js';
import { scheduleServiceInput } from '../helpers/repayment-driver.js';
import { DIALECTS, storePerSuite, contractSnapshot, uniqueId } from '../store/test-setup.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };
const TIMEOUT_MS = 200;
const AN_HOUR = 3_600_000;

const notFound = () => errorFromResponse(404, JSON.stringify({ code: 'RESOURCE_NOT_EXISTS', message: 'no such record' }));

for (const dialect of DIALECTS) {
  describe(`taking over an orphaned reservation on a stale read (${dialect})`, () => {
    let store: Store;

    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
    });

    /** An instance whose clock is `aheadMs` ahead (an hour by default: to it, any intent looks orphaned). */
    function service(storeOf: Store, wechatpay: WechatpayClient, aheadMs = AN_HOUR) {
      return new ReservationService({
        store: storeOf,
        wechatpay,
        templateKinds: parseTemplateKinds('plan-1=CONSUMER_LOAN'),
        requestTimeoutMs: TIMEOUT_MS,
        log: createLogger('silent'),
        now: () => new Date(Date.now() + aheadMs),
      });
    }

    it('a first create that ends in doubt does not put back in doubt a row another instance took over and sends again', async () => {
      const contract = contractSnapshot();
      assert.ok(await store.contracts.applySnapshot(contract));
      const input = scheduleServiceInput(contract.contractId, uniqueId('R'));
      const creates: Array<ReturnType<typeof gate<unknown>>> = [];
      const sent = [gate<void>(), gate<void>()];
      const wechatpay = {
        scheduleRecords: {
          // The first two creates are held open; any later one is taken at once.
          batchCreate: () => {
            const reply = gate<unknown>();
            creates.push(reply);
            sent[creates.length - 1]?.resolve();
            if (creates.length > 2) reply.resolve({});
            return reply.promise;
          },
          get: async () => {
            throw notFound();
          },
        },
      } as unknown as WechatpayClient;
      // This instance's clock is right; the other's is an hour ahead, so to it the intent looks orphaned.
      const here = service(store, wechatpay, 0);
      const first = here.schedule(input, STAFF);
      await sent[0]!.promise;
      const replay = service(store, wechatpay).schedule(input, STAFF); // takes it over, finds nothing, sends it again
      await sent[1]!.promise;

      creates[0]!.reject(new WechatpayConnectionError({ code: 'CONNECTION_ERROR', message: 'socket hang up' }));
      const firstResult = await first;
      assert.equal(creates.length, 2, 'no third create while the resubmission is in flight');
      assert.equal(firstResult.state, 'SUBMITTING', "the other instance's send, left to it");
      creates[1]!.resolve({});
      assert.equal((await replay).state, 'SCHEDULED');
      assert.equal(creates.length, 2);
    });

    it('a first create that ends in doubt settles a row another instance took over and left UNKNOWN', async () => {
      const contract = contractSnapshot();
      assert.ok(await store.contracts.applySnapshot(contract));
      const input = scheduleServiceInput(contract.contractId, uniqueId('R'));
      const create = gate<unknown>();
      const sent = gate<void>();
      let creates = 0;
      let queries = 0;
      const wechatpay = {
        scheduleRecords: {
          batchCreate: () => {
            creates++;
            sent.resolve();
            return create.promise;
          },
          // The other instance's query fails (no answer); the later one finds the record.
          get: async () => {
            if (++queries === 1) throw new WechatpayConnectionError({ code: 'CONNECTION_ERROR', message: 'socket hang up' });
            return {};
          },
        },
      } as unknown as WechatpayClient;
      const here = service(store, wechatpay, 0);
      const first = here.schedule(input, STAFF);
      await sent.promise;
      // Its clock an hour ahead, the other instance takes the intent over; its query goes unanswered.
      assert.equal((await service(store, wechatpay).schedule(input, STAFF)).state, 'UNKNOWN');

      create.reject(new WechatpayConnectionError({ code: 'CONNECTION_ERROR', message: 'socket hang up' }));
      assert.equal((await first).state, 'SCHEDULED', 'queried and settled, as any row left in doubt');
      assert.equal(creates, 1);
    });

    for (const other of ['refreshReservation', 'a repeated scheduleRepayment'] as const) {
      it(`refreshReservation leaves it to ${other} that took it over after the read`, async () => {
        const contract = contractSnapshot();
        assert.ok(await store.contracts.applySnapshot(contract));
        const input = scheduleServiceInput(contract.contractId, uniqueId('R'));
        assert.ok(await store.reservations.insertIntent({ ...input, appid: contract.appid!, openid: contract.openid! }));

        const creates = [gate<unknown>()]; // only the first is held open; a second one would answer at once
        const firstCreate = gate<void>();
        let createCount = 0;
        const wechatpay = {
          scheduleRecords: {
            batchCreate: () => {
              const reply = creates[createCount++];
              firstCreate.resolve();
              return reply ? reply.promise : Promise.resolve({});
            },
            get: async () => {
              throw notFound();
            },
          },
        } as unknown as WechatpayClient;

        // The first instance's read returns the row, then waits until the other one has sent it again.
        const read = gate<void>();
        const goOn = gate<void>();
        const reservations: ReservationRepository = Object.create(store.reservations, {
          get: {
            value: async (outRecordId: string) => {
              const row = await store.reservations.get(outRecordId);
              read.resolve();
              await goOn.promise;
              return row;
            },
          },
        });
        const stale = service({ reservations } as unknown as Store, wechatpay).refresh(input.outRecordId, contract.contractId);
        await read.promise;

        const fresh = service(store, wechatpay);
        const settling =
          other === 'refreshReservation' ? fresh.refresh(input.outRecordId, contract.contractId) : fresh.schedule(input, STAFF);
        await firstCreate.promise; // taken over, queried, claimed and sent again: in flight

        goOn.resolve();
        const staleResult = await stale;
        assert.equal(createCount, 1, 'no second create while the resubmission is in flight');
        assert.equal(staleResult.state, 'SUBMITTING');

        creates[0]!.resolve({});
        assert.equal((await settling).state, 'SCHEDULED');
        assert.equal(createCount, 1);
      });
    }
  });
}
