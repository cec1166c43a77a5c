import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { DIALECTS, createTestDatabase, migrateTestDatabaseDownTo, newDeductOrder, newReservation, withRawSql } from './test-setup.js';

for (const dialect of DIALECTS) {
  describe(`migration 0006: orders' owner restored from their reservation (${dialect})`, () => {
    it('fills a null openid, appid and sub_appid from the reservation, and leaves set ones alone', async () => {
      const database = await createTestDatabase(dialect);
      try {
        let store = await createStore(database.url);
        const reservation = newReservation({ openid: 'o_owner', appid: 'wx_app', subAppid: 'wx_sub' });
        await store.reservations.insertIntent(reservation);
        const erased = newDeductOrder({ outRecordId: reservation.outRecordId, contractId: reservation.contractId, openid: 'o_owner', appid: 'wx_app', subAppid: 'wx_sub' });
        const kept = newDeductOrder({ outRecordId: reservation.outRecordId, contractId: reservation.contractId, openid: 'o_owner', appid: 'wx_own_app', subAppid: null });
        await store.deductOrders.insertIntent(erased, new Date().toISOString());
        await store.deductOrders.transition(erased.outTradeNo, ['SUBMITTING'], 'PAY_FAIL');
        await store.deductOrders.insertIntent(kept, new Date().toISOString());
        await store.close();
        // What the old code left behind: an answer without them erased them. Then the migration
        // runs again, as do the later ones (Kysely runs them in order), their own `down` run first.
        await migrateTestDatabaseDownTo(database, '0005_reservation_resubmitted_at');
        await withRawSql(database, (run) => run(`update deduct_orders set openid = null, appid = null, sub_appid = null where out_trade_no = '${erased.outTradeNo}'`));
        store = await createStore(database.url);
        const restored = await store.deductOrders.get(erased.outTradeNo);
        const untouched = await store.deductOrders.get(kept.outTradeNo);
        await store.close();
        assert.deepEqual([restored?.openid, restored?.appid, restored?.subAppid], ['o_owner', 'wx_app', 'wx_sub']);
        assert.deepEqual([untouched?.openid, untouched?.appid, untouched?.subAppid], ['o_owner', 'wx_own_app', 'wx_sub'], 'only nulls are filled (sub_appid was null)');
      } finally {
        await database.drop();
      }
    });
  });
}
