import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLoaders } from '../../src/graphql/loaders.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, contractSnapshot, newDeductOrder, newReservation, storePerSuite, uniqueId } from '../store/test-setup.js';

const FUTURE = '2999-01-01T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`loaders share one read per turn across requests (${dialect})`, () => {
    let store: Store;
    const orders: string[] = [];
    let contractId: string;

    storePerSuite(dialect, async (suite) => {
      store = suite.store;
      contractId = uniqueId('C');
      await store.contracts.applySnapshot(contractSnapshot({ contractId, outContractCode: uniqueId('K') }));
      for (let i = 0; i < 2; i++) {
        const reservation = newReservation({ contractId });
        await store.reservations.insertIntent(reservation);
        const order = newDeductOrder({ contractId, outRecordId: reservation.outRecordId });
        await store.deductOrders.insertIntent(order, FUTURE);
        await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING');
        orders.push(order.outTradeNo);
      }
    });

    it('reads what several requests ask in one event-loop turn with one statement', async () => {
      const first = createLoaders(store);
      const second = createLoaders(store);
      const before = store.statementCount();
      const [a, b, missing, again] = await Promise.all([
        first.deductOrderWithRelationsByOutTradeNo.load(orders[0]),
        second.deductOrderWithRelationsByOutTradeNo.load(orders[1]),
        second.deductOrderWithRelationsByOutTradeNo.load('NO-SUCH-ORDER'),
        first.deductOrderWithRelationsByOutTradeNo.load(orders[1]),
      ]);
      assert.equal(store.statementCount() - before, 1);
      assert.equal(a?.order.outTradeNo, orders[0]);
      assert.equal(b?.order.outTradeNo, orders[1]);
      assert.equal(a?.contract?.contractId, contractId);
      assert.equal(b?.reservation?.outRecordId, b?.order.outRecordId);
      assert.equal(missing, undefined);
      assert.equal(again?.order.outTradeNo, orders[1]);

      // The joined read primed each request's own loaders: its contract costs nothing more.
      const contract = await first.contractByContractId.load(contractId);
      assert.equal(contract?.contractId, contractId);
      assert.equal(store.statementCount() - before, 1);
    });

    it('reads the store as it is when each batch runs, while a request keeps the state it saw', async () => {
      const earlier = createLoaders(store);
      assert.equal((await earlier.deductOrderByOutTradeNo.load(orders[0]))?.state, 'PENDING');
      await store.deductOrders.transition(orders[0], ['PENDING'], 'PAY_SUCCESS', { paySuccessAmount: 10_000 });

      const later = createLoaders(store);
      assert.equal((await later.deductOrderByOutTradeNo.load(orders[0]))?.state, 'PAY_SUCCESS');
      // One request sees one state of a record, as before the reads were shared.
      assert.equal((await earlier.deductOrderByOutTradeNo.load(orders[0]))?.state, 'PENDING');
    });

    it('shares list reads too, each request getting every row of its key', async () => {
      const first = createLoaders(store);
      const second = createLoaders(store);
      const before = store.statementCount();
      const [mine, theirs, none] = await Promise.all([
        first.deductOrdersByContractId.load(contractId),
        second.deductOrdersByContractId.load(contractId),
        second.deductOrdersByContractId.load('NO-SUCH-CONTRACT'),
      ]);
      assert.equal(store.statementCount() - before, 1);
      assert.deepEqual(mine.map((order) => order.outTradeNo).sort(), [...orders].sort());
      assert.deepEqual(theirs, mine);
      assert.deepEqual(none, []);
    });
  });
}
