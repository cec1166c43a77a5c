import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Viewer } from '../../src/auth/viewer.js';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { createLogger } from '../../src/logger.js';
import { createTopicPubSub } from '../../src/pubsub/pubsub.js';
import type { Topics } from '../../src/pubsub/topics.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { RepaymentEvents } from '../../src/services/repayment-events.js';
import { ServiceError } from '../../src/services/service-error.js';
import type { Store } from '../../src/store/store.js';
import { awaitContract } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

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
    await stack.app.services.reservations.schedule(
      {
        contractId: contract.contract_id,
        outRecordId,
        subMchid: '1900000109',
        subAppid: null,
        repaymentAmount: 10_000,
        minRepaymentAmount: 1_000,
        repaymentDate: addDays(beijingDate(new Date()), 2),
      },
      STAFF,
    );
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
