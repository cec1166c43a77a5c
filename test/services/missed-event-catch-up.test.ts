import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { createTopicPubSub, type PubSub } from '../../src/pubsub/pubsub.js';
import type { Topics } from '../../src/pubsub/topics.js';
import { MissedEventCatchUp } from '../../src/services/missed-event-catch-up.js';
import type { ContractRecord, DeductOrderRecord, Store } from '../../src/store/store.js';
import { DIALECTS, contractSnapshot, newDeductOrder, storePerSuite, uniqueId } from '../store/test-setup.js';

const FUTURE = '2999-01-01T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`catching up on missed events, on the real store (${dialect})`, () => {
    let store: Store;
    let pubsub: PubSub<Topics>;
    let catchUp: MissedEventCatchUp;
    const contractId = uniqueId('C');
    let pending: DeductOrderRecord;
    let paid: DeductOrderRecord;
    let submitting: DeductOrderRecord;
    let contract: ContractRecord;
    let beforeChanges: Date;
    let afterChanges: Date;

    /** What a subscription to `topic:id` receives from now on. */
    const received = <T extends keyof Topics & string>(topic: T, id: string): Topics[T][] => {
      const items: Topics[T][] = [];
      pubsub.subscribe(topic, id).start([]).consume({ push: (item) => items.push(item) });
      return items;
    };

    storePerSuite(dialect, async (suite) => {
      store = suite.store;
      pubsub = createTopicPubSub<Topics>();
      catchUp = new MissedEventCatchUp(pubsub, store, createLogger('silent'));
      beforeChanges = new Date(Date.now() - 1_000);
      const order = async (state: 'PENDING' | 'PAY_SUCCESS' | 'SUBMITTING') => {
        const intent = (await store.deductOrders.insertIntent(newDeductOrder({ contractId }), FUTURE))!;
        if (state === 'SUBMITTING') return intent;
        const accepted = (await store.deductOrders.transition(intent.outTradeNo, ['SUBMITTING'], 'PENDING'))!;
        return state === 'PENDING' ? accepted : (await store.deductOrders.transition(intent.outTradeNo, ['PENDING'], 'PAY_SUCCESS'))!;
      };
      pending = await order('PENDING');
      paid = await order('PAY_SUCCESS');
      submitting = await order('SUBMITTING');
      contract = (await store.contracts.applySnapshot(contractSnapshot({ contractId })))!;
      afterChanges = new Date(Date.now() + 1_000);
    });

    it("gives each watched record its stored state, and a contract's watchers only the orders changed since then", async () => {
      const byOrder = received('DEDUCT_ORDER_UPDATED', paid.outTradeNo);
      const bySubmittingOrder = received('DEDUCT_ORDER_UPDATED', submitting.outTradeNo);
      const byContractOrders = received('CONTRACT_DEDUCT_ORDER_UPDATED', contractId);
      const byCode = received('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode);
      const byContractId = received('REPAYMENT_CONTRACT_UPDATED_BY_ID', contractId);
      const unwatched = received('DEDUCT_ORDER_UPDATED', uniqueId('T-none'));

      assert.deepEqual(await catchUp.run(afterChanges), { delivered: 3 });
      assert.deepEqual(byOrder, [paid]);
      assert.deepEqual(bySubmittingOrder, [], 'SUBMITTING is never published, nor caught up on');
      assert.equal(byContractOrders.length, 0, 'nothing of the contract changed since then');
      assert.deepEqual(byCode, [contract]);
      assert.deepEqual(byContractId, [contract]);
      assert.deepEqual(unwatched, [], 'an order that does not exist yet');

      await catchUp.run(beforeChanges);
      assert.deepEqual(
        byContractOrders.map((order) => order.outTradeNo).sort(),
        [pending.outTradeNo, paid.outTradeNo].sort(),
        'every order of the contract changed since then, none SUBMITTING',
      );
    });

    it('with `only`, re-reads and delivers that one subscription alone', async () => {
      const byPending = received('DEDUCT_ORDER_UPDATED', pending.outTradeNo);
      const byCode = received('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode);
      const statements = store.statementCount();
      assert.deepEqual(await catchUp.run(afterChanges, { topic: 'DEDUCT_ORDER_UPDATED', id: pending.outTradeNo }), { delivered: 1 });
      assert.deepEqual(byPending, [pending]);
      assert.deepEqual(byCode, [], 'the other subscriptions are not read again');
      assert.equal(store.statementCount() - statements, 1, 'one read');
    });
  });
}
