import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { createLogger } from '../../src/logger.js';
import { createTopicPubSub } from '../../src/pubsub/pubsub.js';
import type { Topics } from '../../src/pubsub/topics.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { RepaymentEvents } from '../../src/services/repayment-events.js';
import { ServiceError } from '../../src/services/service-error.js';
import type { Store } from '../../src/store/store.js';
import { assertUnknownRemotely, awaitContract, scheduleServiceInput } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../store/test-setup.js';

const STAFF: Viewer = { role: 'staff', subject: 'test' };

/**
 * initiateRepayment when its intent insert finds the out_trade_no taken by a request racing it,
 * and the twin, refused by WeChat Pay, has removed its intent again by the time this one looks.
 * Staged on the real store, whose insert is made to report "taken" while nothing is stored.
 */
describe('initiateRepayment racing a twin request', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let n = 0;

  before(async () => {
    stack = await startSandboxStack();
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());

  /** A scheduled reservation of the contract and an order input for it. */
  async function orderInput() {
    const outRecordId = `RACE${Date.now()}${++n}`;
    await stack.app.services.reservations.schedule(scheduleServiceInput(contract.contract_id, outRecordId), STAFF);
    return { contractId: contract.contract_id, outTradeNo: `RACET${Date.now()}${n}`, outRecordId, deductAmount: 5_000, description: '信贷还款', attach: null };
  }

  /** The service over the real store, whose insert always finds the id taken. */
  function racingService(): DeductOrderService {
    const store = stack.store;
    const deductOrders = Object.create(store.deductOrders, { insertIntent: { value: async () => null } });
    return new DeductOrderService({
      store: Object.create(store, { deductOrders: { value: deductOrders } }) as Store,
      wechatpay: stack.wechatpay.client,
      events: new RepaymentEvents(createTopicPubSub<Topics>()),
      notifyUrl: () => stack.app.notificationUrl,
      requestTimeoutMs: 10_000,
      log: createLogger('silent'),
    });
  }

  it('answers CONFLICT, to be sent again, when the twin was refused and its intent is gone', async () => {
    const input = await orderInput();
    const service = racingService();
    await assert.rejects(service.initiate(input, STAFF), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.code, 'CONFLICT');
      assert.equal(error.field, 'outTradeNo');
      return true;
    });
    assert.equal(await stack.store.deductOrders.get(input.outTradeNo), undefined);
  });
});

/**
 * Two initiations on one reservation with different out_trade_nos, at the same time: both pass
 * the "one live order per reservation" read before either has inserted, so only the database's
 * unique index can stop the second. On every store dialect, with WeChat Pay counting the creates.
 */
for (const dialect of DIALECTS) {
  describe(`initiateRepayment: concurrent orders on one reservation (${dialect})`, () => {
    let database: TestDatabase;
    let stack: SandboxStack;
    let contract: SandboxContract;

    before(async () => {
      database = await createTestDatabase(dialect);
      stack = await startSandboxStack({ databaseUrl: database.url });
      contract = await stack.sandboxContract();
      await awaitContract(stack, contract.contract_id);
    });
    after(async () => {
      await stack?.close();
      await database?.drop();
    });

    it('stores one order and sends one create; the other request gets CONFLICT', async () => {
      const outRecordId = `LIVE${Date.now()}`;
      await stack.app.services.reservations.schedule(scheduleServiceInput(contract.contract_id, outRecordId), STAFF);
      // Counts the creates WeChat Pay receives (a 1 ms delay changes nothing else).
      stack.simulator.faults.set([{ match: 'POST /v3/credit-repayment/partner/deduct-orders', fault: 'delay', delay_ms: 1, times: 'always' }]);
      const outTradeNos = [`LIVEA${Date.now()}`, `LIVEB${Date.now()}`];
      const results = await Promise.allSettled(
        outTradeNos.map((outTradeNo) =>
          stack.app.services.orders.initiate(
            { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: 5_000, description: '信贷还款', attach: null },
            STAFF,
          ),
        ),
      );
      const hits = stack.simulator.faults.list()[0]!.hits;
      stack.simulator.faults.clear();

      const stored = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(stored.length, 1, JSON.stringify(results));
      assert.equal(refused.length, 1);
      assert.ok(refused[0]!.reason instanceof ServiceError, String(refused[0]!.reason));
      assert.equal(refused[0]!.reason.code, 'CONFLICT');
      assert.equal(refused[0]!.reason.field, 'outRecordId');
      assert.equal(hits, 1, 'one create reached WeChat Pay');

      const orders = await stack.store.deductOrders.listByOutRecordIds([outRecordId]);
      assert.deepEqual(orders.map((order) => order.outTradeNo), [stored[0]!.value.outTradeNo]);
      await assertUnknownRemotely(stack.wechatpay.client, outTradeNos.find((no) => no !== stored[0]!.value.outTradeNo)!);
    });
  });
}
