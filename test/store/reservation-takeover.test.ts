import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import type { ReservationRecord, Store } from '../../src/store/store.js';
import { assertUsesIndex, queryPlan } from './query-plan.js';
import { DIALECTS, storePerSuite, newReservation, withRawSql, type TestDatabase } from './test-setup.js';

for (const dialect of DIALECTS) {
  describe(`reservations.toUnknownIfUnchanged (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;

    storePerSuite(dialect, (suite) => {
      ({ store, database } = suite);
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

    it('listStale: SUBMITTING and UNKNOWN reservations last changed before the cutoff, oldest first, through an index', async () => {
      const p = (i: number) => (dialect === 'sqlite' ? '?' : `$${i}`);
      const at = (minute: number) => `2001-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
      const rows: Array<[string, number]> = [];
      for (const [state, minute] of [['SUBMITTING', 3], ['UNKNOWN', 1], ['SCHEDULED', 0], ['UNKNOWN', 9], ['SUBMITTING', 2]] as const) {
        const read = await intent();
        if (state === 'UNKNOWN') assert.ok(await store.reservations.transition(read.outRecordId, ['SUBMITTING'], 'UNKNOWN'));
        if (state === 'SCHEDULED') assert.ok(await store.reservations.transition(read.outRecordId, ['SUBMITTING'], 'SCHEDULED'));
        await withRawSql(database, (run) => run(`update reservations set updated_at = ${p(1)} where out_record_id = ${p(2)}`, [at(minute), read.outRecordId]));
        rows.push([read.outRecordId, minute]);
      }
      const ids = (list: { outRecordId: string }[]) => list.map((r) => r.outRecordId).filter((id) => rows.some(([row]) => row === id));
      const [submitting3, unknown1, , , submitting2] = rows.map(([id]) => id);
      assert.deepEqual(ids(await store.reservations.listStale(at(5), 100)), [unknown1, submitting2, submitting3]);
      assert.deepEqual(ids(await store.reservations.listStale(at(2), 100)), [unknown1], 'the cutoff is exclusive');
      assert.equal((await store.reservations.listStale(at(5), 1)).length, 1);
      assert.deepEqual(await store.reservations.listStale(at(5), 0), []);
      // Pages after the last row: rows of the same updatedAt neither skipped nor repeated.
      const tied = await intent();
      await withRawSql(database, (run) => run(`update reservations set updated_at = ${p(1)} where out_record_id = ${p(2)}`, [at(2), tied.outRecordId]));
      const walked: string[] = [];
      for (let last: ReservationRecord | undefined; ; ) {
        const page = await store.reservations.listStale(at(5), 1, last && { updatedAt: last.updatedAt, key: last.outRecordId });
        if (page.length === 0) break;
        walked.push(page[0]!.outRecordId);
        last = page[0];
      }
      const secondAt2 = [submitting2, tied.outRecordId].sort();
      assert.deepEqual(walked.filter((id) => [...rows.map(([row]) => row), tied.outRecordId].includes(id)), [unknown1, ...secondAt2, submitting3]);

      const statements: { sql: string; parameters: readonly unknown[] }[] = [];
      const counted = await createStore(database.url, { onStatement: (sql, parameters) => statements.push({ sql, parameters }) });
      try {
        await counted.reservations.listStale(at(5), 7);
        const plan = await queryPlan(database, statements.at(-1)!.sql, statements.at(-1)!.parameters);
        assertUsesIndex(database, plan, false, 'stale reservations');
      } finally {
        await counted.close();
      }
    });
  });
}
