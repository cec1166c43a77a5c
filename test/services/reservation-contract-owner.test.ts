/**
 * A contract WeChat Pay reported EFFECTIVE without its user (the contract query may leave out
 * openid and appid, §3.3; only the signing callback is sure to carry them): a reservation needs
 * both, so scheduling on it is refused with a typed error, before anything is stored or sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { ReservationService } from '../../src/services/reservation-service.js';
import { ServiceError } from '../../src/services/service-error.js';
import type { Store } from '../../src/store/store.js';
import type { WechatpayClient } from '../../src/wechatpay/index.js';
import { scheduleServiceInput } from '../helpers/repayment-driver.js';
import { DIALECTS, contractSnapshot, storePerSuite, uniqueId } from '../store/test-setup.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };

for (const dialect of DIALECTS) {
  describe(`scheduling on a contract whose user WeChat Pay has not told us yet (${dialect})`, () => {
    let store: Store;
    storePerSuite(dialect, (suite) => {
      ({ store } = suite);
    });

    for (const missing of ['openid', 'appid'] as const) {
      it(`without its ${missing}: CONFLICT on contractId, nothing stored, nothing sent`, async () => {
        const contract = contractSnapshot({ [missing]: null });
        assert.ok(await store.contracts.applySnapshot(contract));
        let sent = 0;
        const wechatpay = {
          scheduleRecords: {
            batchCreate: async () => {
              sent++;
              throw new Error('must not be sent');
            },
            get: async () => {
              sent++;
              throw new Error('must not be asked');
            },
          },
        } as unknown as WechatpayClient;
        const service = new ReservationService({
          store,
          wechatpay,
          templateKinds: parseTemplateKinds('plan-1=CONSUMER_LOAN'),
          requestTimeoutMs: 1_000,
          log: createLogger('silent'),
        });
        const input = scheduleServiceInput(contract.contractId, uniqueId('R'));
        await assert.rejects(service.schedule(input, STAFF), (error: unknown) => {
          assert.ok(error instanceof ServiceError, String(error));
          assert.equal(error.code, 'CONFLICT');
          assert.equal(error.field, 'contractId');
          return true;
        });
        assert.equal(await store.reservations.get(input.outRecordId), undefined);
        assert.equal(sent, 0);
      });
    }
  });
}
