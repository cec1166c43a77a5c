/** The staff report of callbacks stored UNMATCHED: newest first, paged back, read through its partial index. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import type { NotificationOutcome, Store } from '../../src/store/store.js';
import { assertUsesIndex, queryPlan } from './query-plan.js';
import { DIALECTS, storePerSuite, uniqueId, type TestDatabase } from './test-setup.js';

for (const dialect of DIALECTS) {
  describe(`notifications.listUnmatched (${dialect})`, () => {
    let store: Store;
    let database: TestDatabase;
    storePerSuite(dialect, (suite) => {
      ({ store, database } = suite);
    });

    it('lists only UNMATCHED ones, newest first, without envelopes; `before` pages back', async () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString();
      const record = async (minute: number, outcome: NotificationOutcome) => {
        const id = uniqueId('EV');
        assert.ok(await store.notifications.recordOnce({
          id, eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY', createTime: '2026-12-02T18:00:00+08:00', receivedAt: at(minute),
          subject: uniqueId('T'), outcome, envelope: '{"resource":"…"}',
        }));
        return id;
      };
      const old = await record(1, 'UNMATCHED');
      await record(2, 'APPLIED');
      const newer = await record(3, 'UNMATCHED');
      await record(4, 'NO_CHANGE');
      const newest = await record(5, 'UNMATCHED');

      const listed = await store.notifications.listUnmatched(10);
      assert.deepEqual(listed.map((n) => n.id), [newest, newer, old]);
      assert.ok(listed.every((n) => n.outcome === 'UNMATCHED' && !('envelope' in n)));
      assert.deepEqual((await store.notifications.listUnmatched(1)).map((n) => n.id), [newest]);
      assert.deepEqual((await store.notifications.listUnmatched(10, listed[0])).map((n) => n.id), [newer, old], '`before` is exclusive');
      assert.deepEqual(await store.notifications.listUnmatched(0), []);

      // Three received in the same millisecond: paged one at a time, each is listed once.
      const tied = [await record(9, 'UNMATCHED'), await record(9, 'UNMATCHED'), await record(9, 'UNMATCHED')];
      const paged: string[] = [];
      let before: { receivedAt: string; id: string } | undefined;
      for (let page = 0; page < 3; page++) {
        const [next] = await store.notifications.listUnmatched(1, before);
        paged.push(next!.id);
        before = next;
      }
      assert.deepEqual([...paged].sort(), [...tied].sort());

      const statements: { sql: string; parameters: readonly unknown[] }[] = [];
      const counted = await createStore(database.url, { onStatement: (sql, parameters) => statements.push({ sql, parameters }) });
      try {
        for (const reconciled of [false, true]) {
          await counted.notifications.listUnmatched(7, listed[0], reconciled);
          const plan = await queryPlan(database, statements.at(-1)!.sql, statements.at(-1)!.parameters);
          assertUsesIndex(database, plan, true, `unmatched notifications, reconciled: ${reconciled}`);
          // The open ones read only their own partial index, not every UNMATCHED one ever reconciled.
          if (dialect === 'sqlite' && !reconciled) assert.match(plan.join('\n'), /notifications_unreconciled_received_at_idx/);
        }
      } finally {
        await counted.close();
      }
    });

    it('markReconciled marks an UNMATCHED one once; it then leaves the open list for the reconciled one', async () => {
      const record = async (outcome: NotificationOutcome) => {
        const id = uniqueId('EV');
        assert.ok(await store.notifications.recordOnce({
          id, eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY', createTime: '2026-12-02T18:00:00+08:00',
          receivedAt: new Date(Date.UTC(2026, 11, 3)).toISOString(), subject: uniqueId('T'), outcome, envelope: '{}',
        }));
        return id;
      };
      const unmatched = await record('UNMATCHED');
      const applied = await record('APPLIED');
      const openIds = async (reconciled: boolean) => (await store.notifications.listUnmatched(100, undefined, reconciled)).map((n) => n.id);
      assert.ok((await openIds(false)).includes(unmatched));
      assert.equal((await store.notifications.get(unmatched))?.reconciledAt, null);

      const mark = { reconciledAt: '2026-12-03T01:02:03.000Z', reconciledBy: 'staff-1', reconciliationNote: 'refunded by hand, ticket 42' };
      const marked = await store.notifications.markReconciled(unmatched, mark);
      assert.deepEqual({ ...marked, receivedAt: undefined }, {
        id: unmatched, eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY', createTime: '2026-12-02T18:00:00+08:00', receivedAt: undefined,
        subject: marked!.subject, outcome: 'UNMATCHED', ...mark,
      });
      assert.ok(!(await openIds(false)).includes(unmatched));
      assert.ok((await openIds(true)).includes(unmatched));
      assert.equal(await store.notifications.markReconciled(unmatched, { ...mark, reconciledBy: 'staff-2' }), null, 'once');
      assert.equal((await store.notifications.get(unmatched))?.reconciledBy, 'staff-1', 'the first mark stands');
      assert.equal(await store.notifications.markReconciled(applied, mark), null, 'only UNMATCHED ones');
      assert.equal(await store.notifications.markReconciled(uniqueId('EV'), mark), null);
    });
  });
}
