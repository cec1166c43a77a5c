import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { DIALECTS, createTestDatabase, newReservation, type TestDatabase } from './test-setup.js';

for (const dialect of DIALECTS) {
  describe(`reservations.toUnknownIfUnchanged (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await createTestDatabase(dialect);
      store = await createStore(database.url);
    });
    after(async () => {
      await store?.close();
      await database?.drop();
    });

    async function intent() {
      const reservation = newReservation();
      assert.ok(await store.reservations.insertIntent(reservation));
      return (await store.reservations.get(reservation.outRecordId))!;
    }

    it('moves SUBMITTING to UNKNOWN while the row is as read', async () => {
      const read = await intent();
      const taken = await store.reservations.toUnknownIfUnchanged(read.outRecordId, read.updatedAt);
      assert.equal(taken?.state, 'UNKNOWN');
      assert.equal(taken?.resubmittedAt, null);
      assert.equal(await store.reservations.toUnknownIfUnchanged(read.outRecordId, read.updatedAt), null, 'once');
    });

    it('leaves a row taken over and claimed for resubmission since it was read', async () => {
      const read = await intent();
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.ok(await store.reservations.toUnknownIfUnchanged(read.outRecordId, read.updatedAt));
      assert.ok(await store.reservations.claimResubmission(read.outRecordId));
      assert.equal(await store.reservations.toUnknownIfUnchanged(read.outRecordId, read.updatedAt), null);
      const stored = await store.reservations.get(read.outRecordId);
      assert.equal(stored?.state, 'SUBMITTING');
      assert.ok(stored?.resubmittedAt);
    });

    it('leaves a reservation that is not SUBMITTING', async () => {
      const read = await intent();
      const scheduled = await store.reservations.transition(read.outRecordId, ['SUBMITTING'], 'SCHEDULED');
      assert.ok(scheduled);
      assert.equal(await store.reservations.toUnknownIfUnchanged(read.outRecordId, scheduled.updatedAt), null);
      assert.equal((await store.reservations.get(read.outRecordId))?.state, 'SCHEDULED');
    });
  });
}
