import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  DEDUCT_ORDER_STATES,
  canMoveDeductOrder,
  deductOrderPredecessors,
  type DeductOrderState,
} from '../../src/domain/states.js';
import { createStore } from '../../src/store/create-store.js';
import { sqlitePathFromUrl } from '../../src/store/sqlite/sqlite-url.js';
import { LiveOrderExistsError, type ContractFilter, type DeductOrderFilter, type DeductOrderPatch, type DeductOrderRecord, type PageRequest, type Store } from '../../src/store/store.js';
import {
  ROWS,
  createdAt,
  expectedContracts,
  expectedOrders,
  expectedStale,
  seedListData,
  updatedAt,
  walkPages,
  type ListData,
} from './list-fixtures.js';
import { assertUsesIndex, queryPlan } from './query-plan.js';
import {
  DIALECTS, storePerSuite,
  contractSnapshot,
  createTestDatabase,
  newDeductOrder,
  newReservation,
  presignedContract,
  uniqueId,
  withPgClient,
  withRawSql,
  type TestDatabase,
} from './test-setup.js';

const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2999-01-01T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`store (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;

    storePerSuite(dialect, (suite) => {
      ({ store, database } = suite);
    });

    /** An order already moved (in order) to `state`. */
    async function orderIn(state: DeductOrderState, nextPollAt = FUTURE) {
      const order = newDeductOrder();
      assert.ok(await store.deductOrders.insertIntent(order, nextPollAt));
      if (state !== 'SUBMITTING') {
        assert.ok(await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], state));
      }
      return order;
    }

    describe('setup', () => {
      it('reports its dialect and answers ping', async () => {
        assert.equal(store.dialect, dialect);
        await store.ping();
      });

      it('applies migrations once: a second open runs no DDL and sees the same data', async () => {
        const order = newDeductOrder();
        await store.deductOrders.insertIntent(order, FUTURE);
        const statements: string[] = [];
        const again = await createStore(database.url, { onStatement: (s) => statements.push(s) });
        try {
          assert.equal(statements.filter((s) => /create table "(contracts|deduct_orders)"/i.test(s)).length, 0);
          assert.equal((await again.deductOrders.get(order.outTradeNo))?.outTradeNo, order.outTradeNo);
        } finally {
          await again.close();
        }
      });

      it('instances opening a new database at once all start (one migrates, the others wait)', async () => {
        const fresh = await createTestDatabase(dialect);
        try {
          const statements: string[] = [];
          const open = () => createStore(fresh.url, { onStatement: (s) => statements.push(s) });
          const stores = await Promise.all([open(), open(), open()]);
          await Promise.all(stores.map((s) => s.ping()));
          assert.equal(statements.filter((s) => /create table "contracts"/i.test(s)).length, 1, 'migrated exactly once');
          const order = newDeductOrder();
          assert.ok(await stores[0].deductOrders.insertIntent(order, FUTURE));
          assert.equal((await stores[2].deductOrders.get(order.outTradeNo))?.state, 'SUBMITTING');
          await Promise.all(stores.map((s) => s.close()));
        } finally {
          await fresh.drop();
        }
      });

      if (dialect === 'sqlite') {
        it('creates the parent directory and opens the file in WAL mode', () => {
          const path = sqlitePathFromUrl(database.url);
          assert.ok(existsSync(path));
          const raw = new Database(path, { readonly: true });
          try {
            assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
          } finally {
            raw.close();
          }
        });
      }

      if (dialect === 'postgres') {
        it('keeps its tables in the ?schema it was given', async () => {
          const tables = await withPgClient(async (client) =>
            (await client.query<{ table_name: string }>(
              'select table_name from information_schema.tables where table_schema = $1 order by 1',
              [database.schema],
            )).rows.map((r) => r.table_name),
          );
          for (const table of ['contracts', 'deduct_orders', 'kysely_migration', 'notifications', 'reservations']) {
            assert.ok(tables.includes(table), `${table} in ${tables.join(',')}`);
          }
        });

        it('refuses a bigint beyond Number.MAX_SAFE_INTEGER instead of rounding it', async () => {
          const order = newDeductOrder();
          await store.deductOrders.insertIntent(order, FUTURE);
          await withPgClient((client) =>
            client.query(`update ${database.schema}.deduct_orders set deduct_amount = 9007199254740993 where out_trade_no = $1`, [
              order.outTradeNo,
            ]),
          );
          await assert.rejects(store.deductOrders.get(order.outTradeNo), /MAX_SAFE_INTEGER/);
          await store.ping(); // the pool survived the refused row
        });
      }
    });

    describe('intents', () => {
      it('a deduct order intent is stored once; the duplicate leaves the row unchanged', async () => {
        const order = newDeductOrder({ deductAmount: 1_234 });
        const stored = await store.deductOrders.insertIntent(order, PAST);
        assert.deepEqual(stored, await store.deductOrders.get(order.outTradeNo), 'the returned intent is the stored row');
        assert.equal(await store.deductOrders.insertIntent({ ...order, deductAmount: 9_999 }, FUTURE), null);
        const row = await store.deductOrders.get(order.outTradeNo);
        assert.ok(row);
        assert.deepEqual(
          { state: row.state, version: row.version, deductAmount: row.deductAmount, nextPollAt: row.nextPollAt, pollAttempts: row.pollAttempts },
          { state: 'SUBMITTING', version: 1, deductAmount: 1_234, nextPollAt: PAST, pollAttempts: 0 },
        );
        assert.equal(row.transactionId, null);
        assert.equal(row.createdAt, row.updatedAt);
      });

      it('one live order per reservation: a second intent is refused until the first is PAY_FAIL', async () => {
        const first = newDeductOrder();
        assert.ok(await store.deductOrders.insertIntent(first, FUTURE));
        const second = newDeductOrder({ outRecordId: first.outRecordId });
        for (const state of ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY'] as const) {
          if (state !== 'SUBMITTING') assert.ok(await store.deductOrders.transition(first.outTradeNo, deductOrderPredecessors(state), state));
          await assert.rejects(store.deductOrders.insertIntent(second, FUTURE), (error: unknown) => {
            assert.ok(error instanceof LiveOrderExistsError, String(error));
            assert.equal(error.outRecordId, first.outRecordId);
            return true;
          }, `beside a ${state} order`);
        }
        // The same out_trade_no again is still just "taken", not a second live order.
        assert.equal(await store.deductOrders.insertIntent(first, FUTURE), null);
        assert.ok(await store.deductOrders.transition(first.outTradeNo, ['NOT_PAY'], 'PAY_FAIL'));
        assert.equal((await store.deductOrders.insertIntent(second, FUTURE))?.outRecordId, first.outRecordId);
        // A success keeps it taken for good.
        assert.ok(await store.deductOrders.transition(second.outTradeNo, ['SUBMITTING'], 'PAY_SUCCESS'));
        await assert.rejects(store.deductOrders.insertIntent(newDeductOrder({ outRecordId: first.outRecordId }), FUTURE), LiveOrderExistsError);
      });

      it('concurrent intents on one reservation: exactly one is stored, the others refused', async () => {
        const outRecordId = uniqueId('R');
        const orders = Array.from({ length: 8 }, () => newDeductOrder({ outRecordId }));
        const results = await Promise.allSettled(orders.map((order) => store.deductOrders.insertIntent(order, FUTURE)));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results));
        for (const result of results) {
          if (result.status === 'rejected') assert.ok(result.reason instanceof LiveOrderExistsError, String(result.reason));
        }
        assert.equal((await store.deductOrders.listByOutRecordIds([outRecordId])).length, 1);
      });

      it('a reservation intent is stored once', async () => {
        const reservation = newReservation();
        assert.equal(await store.reservations.insertIntent(reservation), true);
        assert.equal(await store.reservations.insertIntent({ ...reservation, repaymentAmount: 1 }), false);
        const row = await store.reservations.get(reservation.outRecordId);
        assert.deepEqual(row && { ...row, createdAt: undefined, updatedAt: undefined }, {
          ...reservation,
          state: 'SUBMITTING',
          resubmissionRefusedAt: null,
          resubmittedAt: null,
          pollAttempts: 0,
          nextPollAt: null,
          lastError: null,
          createdAt: undefined,
          updatedAt: undefined,
        });
      });

      it('deleteIntent removes only while the state is in `from`', async () => {
        const reservation = newReservation();
        await store.reservations.insertIntent(reservation);
        assert.equal(await store.reservations.deleteIntent(reservation.outRecordId, ['UNKNOWN']), false);
        assert.equal(await store.reservations.deleteIntent(reservation.outRecordId, []), false);
        assert.equal(await store.reservations.deleteIntent(reservation.outRecordId, ['SUBMITTING']), true);
        assert.equal(await store.reservations.get(reservation.outRecordId), undefined);

        const order = await orderIn('PENDING');
        assert.equal(await store.deductOrders.deleteIntent(order.outTradeNo, ['SUBMITTING', 'UNKNOWN']), false);
        assert.ok(await store.deductOrders.get(order.outTradeNo));
        const refused = await orderIn('UNKNOWN');
        assert.equal(await store.deductOrders.deleteIntent(refused.outTradeNo, ['SUBMITTING', 'UNKNOWN']), true);
        assert.equal(await store.deductOrders.get(refused.outTradeNo), undefined);
      });
    });

    describe('deduct order transitions', () => {
      it('moves only forward and never out of a final state (every pair of states)', async () => {
        for (const from of DEDUCT_ORDER_STATES) {
          for (const to of DEDUCT_ORDER_STATES) {
            const order = await orderIn(from);
            const row = await store.deductOrders.transition(order.outTradeNo, deductOrderPredecessors(to), to);
            const stored = await store.deductOrders.get(order.outTradeNo);
            if (canMoveDeductOrder(from, to)) {
              assert.equal(row?.state, to, `${from} -> ${to}`);
              assert.deepEqual(stored, row);
            } else {
              assert.equal(row, null, `${from} -> ${to} must be refused`);
              assert.equal(stored?.state, from);
            }
          }
        }
      });

      it('bumps version and updatedAt, applies the patch, clears nextPollAt when final', async () => {
        const order = await orderIn('SUBMITTING');
        const before = await store.deductOrders.get(order.outTradeNo);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const pending = await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING', {
          nextPollAt: PAST,
          pollAttempts: 2,
          lastError: 'timeout',
        });
        assert.ok(before && pending);
        assert.equal(pending.version, 2);
        assert.ok(pending.updatedAt > before.updatedAt);
        assert.equal(pending.createdAt, before.createdAt);
        assert.deepEqual([pending.nextPollAt, pending.pollAttempts, pending.lastError], [PAST, 2, 'timeout']);

        const paid = await store.deductOrders.transition(order.outTradeNo, deductOrderPredecessors('PAY_SUCCESS'), 'PAY_SUCCESS', {
          paySuccessAmount: 10_000,
          transactionId: '4200000000',
          nextPollAt: FUTURE,
        });
        assert.ok(paid);
        assert.equal(paid.version, 3);
        assert.equal(paid.paySuccessAmount, 10_000);
        assert.equal(paid.transactionId, '4200000000');
        assert.equal(paid.nextPollAt, null);
        assert.equal(paid.lastError, 'timeout', 'fields absent from the patch are kept');
      });

      it('never changes the owner (appid, subAppid, openid), even when a patch carries it', async () => {
        const order = await orderIn('SUBMITTING');
        const stored = (await store.deductOrders.get(order.outTradeNo))!;
        // The type refuses owner fields; a wider object passed anyway must not reach the row.
        const owner = { appid: 'wx-other', subAppid: 'wx-sub', openid: 'o-other' } as unknown as DeductOrderPatch;
        const pending = await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING', { ...owner, transactionId: 'tx-1' });
        assert.deepEqual([pending?.state, pending?.version, pending?.transactionId], ['PENDING', 2, 'tx-1']);
        assert.deepEqual([pending?.appid, pending?.subAppid, pending?.openid], [stored.appid, stored.subAppid, stored.openid]);
        const paid = await store.deductOrders.transition(order.outTradeNo, ['PENDING'], 'PAY_SUCCESS', { appid: null, openid: null } as unknown as DeductOrderPatch);
        assert.deepEqual([paid?.state, paid?.appid, paid?.subAppid, paid?.openid], ['PAY_SUCCESS', stored.appid, stored.subAppid, stored.openid]);
        assert.deepEqual(await store.deductOrders.get(order.outTradeNo), paid);
      });

      it('a read from outside a transaction never sees what the transaction has not committed', async () => {
        const order = await orderIn('PENDING');
        let outside: Promise<DeductOrderRecord | undefined> | undefined;
        await assert.rejects(
          store.transaction(async (tx) => {
            assert.ok(await tx.deductOrders.transition(order.outTradeNo, ['PENDING'], 'PAY_SUCCESS'));
            outside = store.deductOrders.get(order.outTradeNo);
            // The event loop turns with the transaction open, then its work fails: nothing is kept.
            await new Promise((resolve) => setTimeout(resolve, 20));
            throw new Error('rolled back');
          }),
          /rolled back/,
        );
        assert.equal((await outside)?.state, 'PENDING');
      });

      it('returns null for an unknown order or an empty `from`', async () => {
        assert.equal(await store.deductOrders.transition(uniqueId('missing'), ['SUBMITTING'], 'PENDING'), null);
        const order = await orderIn('SUBMITTING');
        assert.equal(await store.deductOrders.transition(order.outTradeNo, [], 'PENDING'), null);
      });

      it('of many concurrent transitions of one order exactly one wins', async () => {
        const order = await orderIn('PENDING');
        const attempts = Array.from({ length: 24 }, (_, i) => {
          const to: DeductOrderState = i % 2 === 0 ? 'PAY_SUCCESS' : 'PAY_FAIL';
          return store.deductOrders.transition(order.outTradeNo, deductOrderPredecessors(to), to, { transactionId: `tx-${i}` });
        });
        const winners = (await Promise.all(attempts)).filter((row) => row !== null);
        assert.equal(winners.length, 1);
        const stored = await store.deductOrders.get(order.outTradeNo);
        assert.equal(stored?.version, 3);
        assert.equal(stored?.transactionId, winners[0]?.transactionId);
        assert.equal(stored?.state, winners[0]?.state);
      });

      if (dialect === 'postgres') {
        it('two store instances (two pools) racing on one order: exactly one wins', async () => {
          const other = await createStore(database.url);
          try {
            for (let round = 0; round < 5; round += 1) {
              const order = await orderIn('NOT_PAY');
              const attempts = Array.from({ length: 10 }, (_, i) =>
                (i % 2 === 0 ? store : other).deductOrders.transition(
                  order.outTradeNo,
                  deductOrderPredecessors('PAY_SUCCESS'),
                  'PAY_SUCCESS',
                  { transactionId: `tx-${i}` },
                ),
              );
              assert.equal((await Promise.all(attempts)).filter((row) => row !== null).length, 1);
            }
          } finally {
            await other.close();
          }
        });
      }

      it('reschedulePoll changes bookkeeping only, while the state is in `from`', async () => {
        const order = await orderIn('UNKNOWN');
        const before = await store.deductOrders.get(order.outTradeNo);
        assert.equal(await store.deductOrders.reschedulePoll(order.outTradeNo, ['PENDING'], { pollAttempts: 9 }), false);
        assert.equal(
          await store.deductOrders.reschedulePoll(order.outTradeNo, ['UNKNOWN'], { nextPollAt: PAST, pollAttempts: 1, lastError: 'HTTP 503' }),
          true,
        );
        assert.equal(await store.deductOrders.reschedulePoll(order.outTradeNo, ['UNKNOWN'], {}), true);
        const after = await store.deductOrders.get(order.outTradeNo);
        assert.ok(before && after);
        assert.deepEqual(after, { ...before, nextPollAt: PAST, pollAttempts: 1, lastError: 'HTTP 503' });
      });

      it('resumePolling makes due again the stopped PENDING and NOT_PAY orders whose repayment date is not before the one given', async () => {
        /** An order in `state`, on a reservation dated `repaymentDate`, with polling stopped (or not). */
        const stopped = async (state: DeductOrderState, repaymentDate: string, stop = true) => {
          const reservation = newReservation({ repaymentDate });
          assert.ok(await store.reservations.insertIntent(reservation));
          const order = newDeductOrder({ outRecordId: reservation.outRecordId, contractId: reservation.contractId });
          assert.ok(await store.deductOrders.insertIntent(order, FUTURE));
          assert.ok(await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], state));
          if (stop) assert.ok(await store.deductOrders.reschedulePoll(order.outTradeNo, [state], { nextPollAt: null }));
          return order.outTradeNo;
        };
        const due = [await stopped('PENDING', '2031-02-10'), await stopped('NOT_PAY', '2031-02-11')];
        const untouched = [
          await stopped('NOT_PAY', '2031-02-09'),
          await stopped('UNKNOWN', '2031-02-10'),
          await stopped('PAY_FAIL', '2031-02-10'),
          await stopped('PENDING', '2031-02-10', false),
        ];
        const at = '2031-02-12T00:00:00.000Z';
        assert.equal(await store.deductOrders.resumePolling(at, '2031-02-10'), 2);
        for (const outTradeNo of due) assert.equal((await store.deductOrders.get(outTradeNo))?.nextPollAt, at);
        const left = await Promise.all(untouched.map((outTradeNo) => store.deductOrders.get(outTradeNo)));
        assert.deepEqual(left.map((order) => order?.nextPollAt), [null, null, null, FUTURE]);

        // Driven by the open orders' (state, updated_at) index, never by next_poll_at's, where every
        // final order is null too.
        const statements: { sql: string; parameters: readonly unknown[] }[] = [];
        const counted = await createStore(database.url, { onStatement: (sql, parameters) => statements.push({ sql, parameters }) });
        try {
          await counted.deductOrders.resumePolling(at, '2031-02-10');
          const plan = await queryPlan(database, statements.at(-1)!.sql, statements.at(-1)!.parameters);
          assertUsesIndex(database, plan, false, 'resumePolling');
          if (dialect === 'sqlite') assert.match(plan.join('\n'), /deduct_orders_state_updated_at_idx/);
        } finally {
          await counted.close();
        }
      });

      it('reschedulePoll with `ifNextPollAt` is a claim: of two callers holding the same value, one wins', async () => {
        const order = await orderIn('UNKNOWN', PAST);
        const claims = await Promise.all(
          ['2999-01-01T00:00:01.000Z', '2999-01-01T00:00:02.000Z'].map((nextPollAt) =>
            store.deductOrders.reschedulePoll(order.outTradeNo, ['UNKNOWN'], { nextPollAt }, PAST),
          ),
        );
        assert.deepEqual(claims.filter(Boolean).length, 1, JSON.stringify(claims));
        assert.equal(await store.deductOrders.reschedulePoll(order.outTradeNo, ['UNKNOWN'], { pollAttempts: 3 }, PAST), false);
        const finalOrder = await orderIn('PAY_SUCCESS');
        assert.equal(await store.deductOrders.reschedulePoll(finalOrder.outTradeNo, ['PAY_SUCCESS'], { pollAttempts: 3 }, null), true);
      });

      it('a refused resubmission is recorded by a transition or by reschedulePoll, without a new version for the latter', async () => {
        const at = '2030-01-01T00:00:00.000Z';
        const submitting = await orderIn('SUBMITTING');
        const moved = await store.deductOrders.transition(submitting.outTradeNo, ['SUBMITTING'], 'UNKNOWN', { resubmissionRefusedAt: at });
        assert.equal(moved?.resubmissionRefusedAt, at);
        const unknown = await orderIn('UNKNOWN');
        assert.equal((await store.deductOrders.get(unknown.outTradeNo))?.resubmissionRefusedAt, null);
        assert.ok(await store.deductOrders.reschedulePoll(unknown.outTradeNo, ['UNKNOWN'], { resubmissionRefusedAt: at }));
        const after = await store.deductOrders.get(unknown.outTradeNo);
        assert.deepEqual([after?.resubmissionRefusedAt, after?.version], [at, 2]);
      });
    });

    describe('reservation transitions', () => {
      it('applies while the state is in `from`, otherwise returns null', async () => {
        const reservation = newReservation();
        await store.reservations.insertIntent(reservation);
        assert.equal(await store.reservations.transition(reservation.outRecordId, ['UNKNOWN'], 'SCHEDULED'), null);
        const scheduled = await store.reservations.transition(reservation.outRecordId, ['SUBMITTING', 'UNKNOWN'], 'SCHEDULED');
        assert.equal(scheduled?.state, 'SCHEDULED');
        assert.equal(await store.reservations.transition(reservation.outRecordId, ['SUBMITTING', 'UNKNOWN'], 'SCHEDULED'), null);
        assert.equal((await store.reservations.get(reservation.outRecordId))?.state, 'SCHEDULED');
      });

      it('a resubmission is claimed once, and never again after it was refused', async () => {
        const reservation = newReservation();
        await store.reservations.insertIntent(reservation);
        const id = reservation.outRecordId;
        assert.equal(await store.reservations.claimResubmission(id), null, 'only from UNKNOWN');
        assert.ok(await store.reservations.transition(id, ['SUBMITTING'], 'UNKNOWN'));
        const claims = await Promise.all([store.reservations.claimResubmission(id), store.reservations.claimResubmission(id)]);
        assert.deepEqual(claims.map((claim) => claim?.state ?? null).sort(), ['SUBMITTING', null].sort());
        const refused = await store.reservations.refuseResubmission(id, '2030-01-01T00:00:00.000Z');
        assert.deepEqual([refused?.state, refused?.resubmissionRefusedAt], ['UNKNOWN', '2030-01-01T00:00:00.000Z']);
        assert.equal(await store.reservations.refuseResubmission(id, '2030-01-02T00:00:00.000Z'), null, 'only from SUBMITTING');
        assert.equal(await store.reservations.claimResubmission(id), null, 'refused: only queried from now on');
        assert.equal((await store.reservations.transition(id, ['UNKNOWN'], 'SCHEDULED'))?.state, 'SCHEDULED');
      });
    });

    describe('reservation polling', () => {
      // Its own time window: other tests' reservations are due from the real now on.
      const NOW = '2300-01-01T00:00:00.000Z';
      const LEASE = '2300-01-01T00:01:00.000Z';

      /** Leases away every reservation other tests left due before `now`. */
      async function drainDueBefore(now: string) {
        while ((await store.reservations.claimDueForPoll(now, FUTURE, 1_000)).length > 0);
      }

      /** A reservation in `state`, first due at `nextPollAt`. */
      async function reservationIn(state: 'SUBMITTING' | 'UNKNOWN' | 'SCHEDULED', nextPollAt: string, overrides: Parameters<typeof newReservation>[0] = {}) {
        const reservation = newReservation(overrides);
        assert.ok(await store.reservations.insertIntent(reservation, nextPollAt));
        if (state !== 'SUBMITTING') assert.ok(await store.reservations.transition(reservation.outRecordId, ['SUBMITTING'], state));
        return (await store.reservations.get(reservation.outRecordId))!;
      }

      it('a new intent is due when given (unpolled otherwise), not yet looked at; SCHEDULED ends its polling, UNKNOWN does not', async () => {
        const given = await reservationIn('SUBMITTING', NOW);
        assert.deepEqual([given.nextPollAt, given.pollAttempts, given.lastError], [NOW, 0, null]);
        const byDefault = newReservation();
        assert.ok(await store.reservations.insertIntent(byDefault));
        assert.equal((await store.reservations.get(byDefault.outRecordId))?.nextPollAt, null);

        assert.equal((await store.reservations.transition(given.outRecordId, ['SUBMITTING'], 'UNKNOWN'))?.nextPollAt, NOW);
        assert.ok(await store.reservations.reschedulePoll(given.outRecordId, { nextPollAt: NOW, pollAttempts: 1, lastError: 'HTTP 503' }, NOW));
        const settled = await store.reservations.transition(given.outRecordId, ['UNKNOWN'], 'SCHEDULED');
        assert.deepEqual([settled?.nextPollAt, settled?.lastError, settled?.pollAttempts], [null, null, 1], 'settled: no next look, no reason left');
      });

      it('claims the due reservations in doubt, each once among concurrent claimers, oldest due first', async () => {
        await drainDueBefore('2299-12-31T00:00:00.000Z');
        const due: string[] = [];
        for (let i = 0; i < 30; i += 1) {
          const reservation = await reservationIn(i % 2 === 0 ? 'SUBMITTING' : 'UNKNOWN', `2299-12-31T23:59:${String(59 - i).padStart(2, '0')}.000Z`);
          due.push(reservation.outRecordId);
        }
        const scheduled = await reservationIn('SCHEDULED', '2299-12-31T12:00:00.000Z');
        const later = await reservationIn('UNKNOWN', '2300-01-01T00:00:00.001Z');

        const oldest = await store.reservations.claimDueForPoll(NOW, LEASE, 2);
        assert.deepEqual(oldest.map((row) => row.outRecordId).sort(), [due[29]!, due[28]!].sort(), 'the oldest due first');

        const other = dialect === 'postgres' ? await createStore(database.url) : store;
        try {
          const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).reservations.claimDueForPoll(NOW, LEASE, 5)));
          const claimed = [...oldest, ...claims.flat()].map((row) => row.outRecordId);
          assert.equal(new Set(claimed).size, claimed.length, 'a reservation was claimed twice');
          assert.deepEqual([...claimed].sort(), [...due].sort());
          assert.ok(claims.flat().every((row) => row.nextPollAt === LEASE && row.updatedAt !== LEASE));
          assert.ok(!claimed.includes(scheduled.outRecordId) && !claimed.includes(later.outRecordId));
          assert.deepEqual(await store.reservations.claimDueForPoll(NOW, LEASE, 100), [], 'leased ones are not due');
          assert.deepEqual(await store.reservations.claimDueForPoll(NOW, LEASE, 0), []);
        } finally {
          if (other !== store) await other.close();
        }
      });

      it('reschedulePoll books the next look only while the lease is held and the reservation is in doubt, leaving updatedAt', async () => {
        const reservation = await reservationIn('UNKNOWN', NOW);
        const next = { nextPollAt: '2300-01-02T00:00:00.000Z', pollAttempts: 4, lastError: 'HTTP 503' };
        assert.equal(await store.reservations.reschedulePoll(reservation.outRecordId, next, LEASE), false, 'not the lease it holds');
        assert.equal(await store.reservations.reschedulePoll(reservation.outRecordId, next, NOW), true);
        assert.deepEqual(await store.reservations.get(reservation.outRecordId), { ...reservation, ...next });
        const stopped = { nextPollAt: null, pollAttempts: 5, lastError: 'polling stopped' };
        assert.equal(await store.reservations.reschedulePoll(reservation.outRecordId, stopped, next.nextPollAt), true);
        assert.equal(await store.reservations.reschedulePoll(reservation.outRecordId, { ...stopped, pollAttempts: 6 }, null), true, 'null is a value to hold too');

        const settled = await reservationIn('SCHEDULED', NOW);
        assert.equal(await store.reservations.reschedulePoll(settled.outRecordId, next, null), false, 'settled: nothing to book');
        assert.equal((await store.reservations.get(settled.outRecordId))?.pollAttempts, 0);
      });

      it('resumePolling makes due the unpolled reservations in doubt whose repayment date is not before the one given, through the open ones\' index', async () => {
        const unpolled = async (state: 'SUBMITTING' | 'UNKNOWN' | 'SCHEDULED', repaymentDate: string, stop = true) => {
          const reservation = await reservationIn(state, NOW, { repaymentDate });
          if (stop && state !== 'SCHEDULED') {
            assert.ok(await store.reservations.reschedulePoll(reservation.outRecordId, { nextPollAt: null, pollAttempts: 0, lastError: null }, NOW));
          }
          return reservation.outRecordId;
        };
        const due = [await unpolled('SUBMITTING', '2031-03-10'), await unpolled('UNKNOWN', '2031-03-11')];
        const untouched = [await unpolled('UNKNOWN', '2031-03-09'), await unpolled('SCHEDULED', '2031-03-10'), await unpolled('UNKNOWN', '2031-03-10', false)];
        const at = '2031-03-12T00:00:00.000Z';
        assert.equal(await store.reservations.resumePolling(at, '2031-03-10'), 2);
        for (const outRecordId of due) assert.equal((await store.reservations.get(outRecordId))?.nextPollAt, at);
        const left = await Promise.all(untouched.map((outRecordId) => store.reservations.get(outRecordId)));
        assert.deepEqual(left.map((reservation) => reservation?.nextPollAt), [null, null, NOW]);

        // Settled by an older instance, which leaves its next look: resuming ends that polling.
        const oldSettled = await reservationIn('UNKNOWN', NOW);
        await withRawSql(database, (run) => run(`update reservations set state = 'SCHEDULED' where out_record_id = ${dialect === 'postgres' ? '$1' : '?'}`, [oldSettled.outRecordId]));
        await store.reservations.resumePolling(at, '2031-03-10');
        assert.equal((await store.reservations.get(oldSettled.outRecordId))?.nextPollAt, null);

        const statements: { sql: string; parameters: readonly unknown[] }[] = [];
        const counted = await createStore(database.url, { onStatement: (sql, parameters) => statements.push({ sql, parameters }) });
        try {
          await counted.reservations.resumePolling(at, '2031-03-10');
          const resume = await queryPlan(database, statements.at(-1)!.sql, statements.at(-1)!.parameters);
          assertUsesIndex(database, resume, false, 'resumePolling');
          if (dialect === 'sqlite') assert.match(resume.join('\n'), /reservations_state_updated_at_idx/);
          await counted.reservations.claimDueForPoll(PAST, PAST, 10);
          const claim = await queryPlan(database, statements.at(-1)!.sql, statements.at(-1)!.parameters);
          assertUsesIndex(database, claim, false, 'claimDueForPoll');
          // SQLite, without statistics, reads the same few through the (state, updated_at) index.
          if (dialect === 'postgres') assert.match(claim.join('\n'), /reservations_next_poll_at_idx/, 'the claim reads the due index');
        } finally {
          await counted.close();
        }
      });
    });

    describe('claimDueForPoll', () => {
      // Its own time window, so rows of other tests (due in 2000) do not interfere.
      const NOW = '2100-01-01T00:00:00.000Z';
      const LEASE = '2100-01-01T00:01:00.000Z';

      /** Leases away every row other tests left due before `now`, so each test sees only its own. */
      async function drainDueBefore(now: string) {
        while ((await store.deductOrders.claimDueForPoll(now, FUTURE, 1_000)).length > 0);
      }

      it('never hands one row to two concurrent claimers, and skips final and future rows', async () => {
        await drainDueBefore('2099-12-31T00:00:00.000Z');
        const due: string[] = [];
        for (let i = 0; i < 40; i += 1) {
          const order = await orderIn(DEDUCT_ORDER_STATES[i % 4]!, `2099-12-31T23:59:${String(i).padStart(2, '0')}.000Z`);
          due.push(order.outTradeNo);
        }
        const finalOrder = await orderIn('UNKNOWN', '2099-06-01T00:00:00.000Z');
        await store.deductOrders.transition(finalOrder.outTradeNo, ['UNKNOWN'], 'PAY_FAIL', { nextPollAt: '2099-06-01T00:00:00.000Z' });
        const later = await orderIn('PENDING', '2100-01-01T00:00:00.001Z');

        const other = dialect === 'postgres' ? await createStore(database.url) : store;
        try {
          const claims = await Promise.all(
            Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).deductOrders.claimDueForPoll(NOW, LEASE, 7)),
          );
          const claimed = claims.flat().map((row) => row.outTradeNo);
          assert.equal(new Set(claimed).size, claimed.length, 'a row was claimed twice');
          assert.deepEqual([...claimed].sort(), [...due].sort());
          assert.ok(claims.flat().every((row) => row.nextPollAt === LEASE));
          assert.ok(!claimed.includes(finalOrder.outTradeNo) && !claimed.includes(later.outTradeNo));

          assert.deepEqual(await store.deductOrders.claimDueForPoll(NOW, LEASE, 100), [], 'leased rows are not due');
          const afterLease = await store.deductOrders.claimDueForPoll(LEASE, '2100-01-01T00:02:00.000Z', 100);
          assert.deepEqual(afterLease.map((r) => r.outTradeNo).sort(), [...due, later.outTradeNo].sort());
        } finally {
          if (other !== store) await other.close();
        }
      });

      it('takes the oldest due first and honours the limit', async () => {
        const now = '2200-01-01T00:00:00.000Z';
        await drainDueBefore('2199-12-01T00:00:00.000Z');
        const newest = await orderIn('PENDING', '2199-12-03T00:00:00.000Z');
        const oldest = await orderIn('PENDING', '2199-12-01T00:00:00.000Z');
        const middle = await orderIn('UNKNOWN', '2199-12-02T00:00:00.000Z');
        const first = await store.deductOrders.claimDueForPoll(now, '2200-01-01T00:05:00.000Z', 2);
        assert.deepEqual(first.map((r) => r.outTradeNo).sort(), [oldest.outTradeNo, middle.outTradeNo].sort());
        const rest = await store.deductOrders.claimDueForPoll(now, '2200-01-01T00:05:00.000Z', 2);
        assert.deepEqual(rest.map((r) => r.outTradeNo), [newest.outTradeNo]);
        assert.equal(rest[0]?.version, 2, 'claiming is not a state change');
        assert.deepEqual(await store.deductOrders.claimDueForPoll(now, FUTURE, 0), []);
      });
    });

    describe('contracts', () => {
      it('applySnapshot inserts, then updates only when a field differs', async () => {
        const snapshot = contractSnapshot();
        const inserted = await store.contracts.applySnapshot(snapshot);
        assert.ok(inserted);
        assert.deepEqual({ ...inserted, version: 0, createdAt: '', updatedAt: '' }, { ...snapshot, version: 0, createdAt: '', updatedAt: '' });
        assert.equal(inserted.version, 1);

        assert.equal(await store.contracts.applySnapshot({ ...snapshot }), null, 'the same snapshot changes nothing');
        assert.equal((await store.contracts.get(snapshot.outContractCode))?.version, 1);

        const changed = await store.contracts.applySnapshot({ ...snapshot, repaymentAmountLimit: 600_000 });
        assert.equal(changed?.version, 2);
        assert.equal(changed?.repaymentAmountLimit, 600_000);
        assert.equal(changed?.createdAt, inserted.createdAt);

      });

      it('a field the snapshot leaves out (null) keeps its stored value; the fields it has still apply', async () => {
        const snapshot = contractSnapshot({ terminationRemark: 'kept' });
        const stored = await store.contracts.applySnapshot(snapshot);
        const withoutOptional = {
          ...snapshot,
          appid: null,
          openid: null,
          repaymentDay: null,
          signedAt: null,
          terminatedAt: null,
          terminationMode: null,
          terminationRemark: null,
        };
        assert.equal(await store.contracts.applySnapshot(withoutOptional), null, 'nothing reported differs: no new version');
        assert.deepEqual(await store.contracts.get(snapshot.outContractCode), stored);

        const terminated = await store.contracts.applySnapshot({ ...withoutOptional, state: 'TERMINATED', terminationMode: 'MERCHANT' });
        assert.deepEqual(
          { ...terminated, updatedAt: '' },
          { ...stored, state: 'TERMINATED', terminationMode: 'MERCHANT', version: 2, updatedAt: '' },
        );
      });

      it('a TERMINATED contract never goes back to EFFECTIVE, a signed one never to PENDING', async () => {
        const snapshot = contractSnapshot({ state: 'PENDING', signedAt: null });
        assert.equal((await store.contracts.applySnapshot(snapshot))?.state, 'PENDING');
        const effective = await store.contracts.applySnapshot({ ...snapshot, state: 'EFFECTIVE', signedAt: PAST });
        assert.equal(effective?.state, 'EFFECTIVE');
        assert.equal(await store.contracts.applySnapshot(snapshot), null, 'no downgrade to PENDING');

        const terminated = await store.contracts.applySnapshot({
          ...snapshot,
          state: 'TERMINATED',
          signedAt: PAST,
          terminatedAt: '2030-02-01T00:00:00.000Z',
          terminationMode: 'USER',
          terminationRemark: 'closed by user',
        });
        assert.equal(terminated?.state, 'TERMINATED');
        assert.equal(terminated?.version, 3);
        assert.equal(await store.contracts.applySnapshot({ ...snapshot, state: 'EFFECTIVE', signedAt: PAST }), null);
        const stored = await store.contracts.get(snapshot.outContractCode);
        assert.deepEqual([stored?.state, stored?.terminationMode, stored?.version], ['TERMINATED', 'USER', 3]);
      });

      it('insertPresigned stores a PENDING row without contract id, once per code, ever', async () => {
        const presign = presignedContract();
        assert.equal(await store.contracts.insertPresigned(presign), true);
        const row = await store.contracts.get(presign.outContractCode);
        assert.ok(row);
        assert.deepEqual(
          { ...row, createdAt: '', updatedAt: '' },
          {
            ...presign,
            contractId: null,
            openid: null,
            state: 'PENDING',
            signedAt: null,
            terminatedAt: null,
            terminationMode: null,
            terminationRemark: null,
            version: 1,
            createdAt: '',
            updatedAt: '',
          },
        );
        assert.equal(row.createdAt, row.updatedAt);
        assert.equal(await store.contracts.insertPresigned({ ...presign, repaymentAmountLimit: 1 }), false);
        assert.deepEqual(await store.contracts.get(presign.outContractCode), row, 'the duplicate changed nothing');

        const signed = contractSnapshot();
        await store.contracts.applySnapshot(signed);
        assert.equal(await store.contracts.insertPresigned(presignedContract({ outContractCode: signed.outContractCode })), false);
        const kept = await store.contracts.get(signed.outContractCode);
        assert.deepEqual([kept?.state, kept?.contractId, kept?.version], ['EFFECTIVE', signed.contractId, 1]);
      });

      it('deletePresigned removes only a PENDING row without contract id', async () => {
        const presign = presignedContract();
        await store.contracts.insertPresigned(presign);
        assert.equal(await store.contracts.deletePresigned(presign.outContractCode), true);
        assert.equal(await store.contracts.get(presign.outContractCode), undefined);
        assert.equal(await store.contracts.deletePresigned(presign.outContractCode), false, 'already gone');

        const reported = [
          contractSnapshot({ state: 'PENDING', signedAt: null }),
          contractSnapshot({ state: 'EFFECTIVE' }),
          contractSnapshot({ state: 'TERMINATED', terminatedAt: PAST }),
        ];
        for (const snapshot of reported) {
          await store.contracts.applySnapshot(snapshot);
          assert.equal(await store.contracts.deletePresigned(snapshot.outContractCode), false, snapshot.state);
          assert.ok(await store.contracts.get(snapshot.outContractCode));
        }
      });

      it('SIGN_CONTRACT turns the presigned row into the EFFECTIVE contract', async () => {
        const presign = presignedContract();
        await store.contracts.insertPresigned(presign);
        const pending = await store.contracts.get(presign.outContractCode);
        assert.ok(pending);
        const snapshot = contractSnapshot({
          ...presign,
          contractId: uniqueId('C'),
          openid: 'o_signer',
          state: 'EFFECTIVE',
          signedAt: '2030-01-02T03:04:05.000Z',
        });
        const signed = await store.contracts.applySnapshot(snapshot);
        assert.ok(signed);
        assert.deepEqual(
          { ...signed, updatedAt: '' },
          { ...snapshot, version: 2, createdAt: pending.createdAt, updatedAt: '' },
          'same row, now with the contract id and the signer',
        );
        assert.deepEqual(await store.contracts.getByContractId(snapshot.contractId), signed);
        assert.equal(await store.contracts.applySnapshot({ ...snapshot }), null, 'a repeated callback changes nothing');
        assert.equal(await store.contracts.deletePresigned(presign.outContractCode), false);
        assert.equal(await store.contracts.insertPresigned(presign), false);
      });

      it('finds contracts by contract id, many in one statement', async () => {
        const a = contractSnapshot();
        const b = contractSnapshot();
        await store.contracts.applySnapshot(a);
        await store.contracts.applySnapshot(b);
        assert.equal((await store.contracts.getByContractId(a.contractId))?.outContractCode, a.outContractCode);
        assert.equal(await store.contracts.getByContractId('nope'), undefined);

        const before = store.statementCount();
        const rows = await store.contracts.getManyByContractId([a.contractId, b.contractId, a.contractId, 'missing']);
        assert.equal(store.statementCount() - before, 1);
        assert.deepEqual(rows.map((r) => r.outContractCode).sort(), [a.outContractCode, b.outContractCode].sort());
        assert.deepEqual(await store.contracts.getManyByContractId([]), []);
        assert.equal(store.statementCount() - before, 1, 'an empty batch runs no query');
      });
    });

    describe('lists', () => {
      // Their own database: an unfiltered page must see exactly the seeded rows.
      let listDatabase: TestDatabase;
      let listStore: Store;
      let data: ListData;
      const statements: { sql: string; parameters: readonly unknown[] }[] = [];

      before(async () => {
        listDatabase = await createTestDatabase(dialect);
        listStore = await createStore(listDatabase.url, {
          onStatement: (sql, parameters) => statements.push({ sql, parameters }),
        });
        data = await seedListData(listStore, listDatabase);
      });

      after(async () => {
        await listStore?.close();
        await listDatabase?.drop();
      });

      const keys = (rows: { outContractCode?: string; outTradeNo?: string }[]) => rows.map((r) => r.outTradeNo ?? r.outContractCode);

      it('walks all rows in pages of 7, newest first, ties split across pages, each row once', async () => {
        const walked = await walkPages(listStore, (page) => listStore.contracts.list({}, page), (c) => c.outContractCode, 7);
        assert.equal(walked.rows.length, ROWS);
        assert.equal(new Set(keys(walked.rows)).size, ROWS);
        assert.deepEqual(keys(walked.rows), keys(expectedContracts(data, {})));
        assert.deepEqual([walked.pages, walked.statements], [4, 4]);
        const splitTies = [7, 14, 21].filter((i) => walked.rows[i - 1]!.createdAt === walked.rows[i]!.createdAt);
        assert.ok(splitTies.length >= 1, 'some page boundary falls inside a tie');

        const orders = await walkPages(listStore, (page) => listStore.deductOrders.list({}, page), (o) => o.outTradeNo, 7);
        assert.deepEqual(orders.rows, expectedOrders(data, {}));
        assert.equal(orders.rows.length, ROWS);
      });

      it('`after` excludes its own position and everything before it, even for a key that is no row', async () => {
        const all = expectedContracts(data, {});
        const cursor = { createdAt: all[10]!.createdAt, key: `${all[10]!.outContractCode}~` };
        const rest = all.filter((c) => c.createdAt < cursor.createdAt || (c.createdAt === cursor.createdAt && c.outContractCode < cursor.key));
        assert.deepEqual(await listStore.contracts.list({}, { limit: 5, after: cursor }), rest.slice(0, 5));
        const atRow = { createdAt: all[10]!.createdAt, key: all[10]!.outContractCode };
        assert.deepEqual(await listStore.contracts.list({}, { limit: 100, after: atRow }), all.slice(11));
      });

      const contractFilters: [string, ContractFilter][] = [
        ['no filter', {}],
        ['one state', { states: ['PENDING'] }],
        ['two states', { states: ['EFFECTIVE', 'TERMINATED'] }],
        ['openid', { openid: 'o-1' }],
        ['plan', { planId: 'plan-0' }],
        ['created from (inclusive)', { createdFrom: createdAt(2) }],
        ['created to (exclusive)', { createdTo: createdAt(5) }],
        ['created between', { createdFrom: createdAt(2), createdTo: createdAt(5) }],
        ['all combined', { states: ['EFFECTIVE'], openid: 'o-2', planId: 'plan-1', createdFrom: createdAt(1), createdTo: createdAt(7) }],
      ];
      for (const [name, filter] of contractFilters) {
        it(`contracts.list: ${name}, whole and in pages of 3`, async () => {
          const expected = expectedContracts(data, filter);
          assert.ok(expected.length > 0 && expected.length < ROWS || name === 'no filter', `a filter that selects (${expected.length})`);
          assert.deepEqual(await listStore.contracts.list(filter, { limit: 100 }), expected);
          const walked = await walkPages(listStore, (page) => listStore.contracts.list(filter, page), (c) => c.outContractCode, 3);
          assert.deepEqual(keys(walked.rows), keys(expected));
          assert.equal(walked.statements, walked.pages);
        });
      }

      const orderFilters: [string, DeductOrderFilter][] = [
        ['no filter', {}],
        ['states', { states: ['PENDING', 'NOT_PAY'] }],
        ['openid', { openid: 'o-3' }],
        ['contract', { contractId: 'C-01' }],
        ['plan through the contract', { planId: 'plan-1' }],
        ['other plan', { planId: 'plan-0' }],
        ['created from (inclusive)', { createdFrom: createdAt(4) }],
        ['created to (exclusive)', { createdTo: createdAt(3) }],
        ['created between', { createdFrom: createdAt(1), createdTo: createdAt(6) }],
        ['all combined', { states: ['SUBMITTING', 'UNKNOWN', 'PAY_SUCCESS'], openid: 'o-0', planId: 'plan-0', createdFrom: createdAt(1), createdTo: createdAt(8) }],
      ];
      for (const [name, filter] of orderFilters) {
        it(`deductOrders.list: ${name}, whole and in pages of 3`, async () => {
          const expected = expectedOrders(data, filter);
          assert.ok(expected.length > 0 && expected.length < ROWS || name === 'no filter', `a filter that selects (${expected.length})`);
          assert.deepEqual(await listStore.deductOrders.list(filter, { limit: 100 }), expected);
          const walked = await walkPages(listStore, (page) => listStore.deductOrders.list(filter, page), (o) => o.outTradeNo, 3);
          assert.deepEqual(keys(walked.rows), keys(expected));
          assert.equal(walked.statements, walked.pages);
        });
      }

      it('the plan filter drops orders of unknown contracts; the two plans partition the rest', async () => {
        const plan0 = await listStore.deductOrders.list({ planId: 'plan-0' }, { limit: 100 });
        const plan1 = await listStore.deductOrders.list({ planId: 'plan-1' }, { limit: 100 });
        const unknown = data.orders.filter((o) => o.contractId === 'C-unknown');
        assert.ok(unknown.length > 0);
        assert.equal(plan0.length + plan1.length, ROWS - unknown.length);
        assert.ok(![...plan0, ...plan1].some((o) => o.contractId === 'C-unknown'));
        assert.deepEqual(await listStore.deductOrders.list({ planId: 'no-such-plan' }, { limit: 100 }), []);
      });

      it('no states or no rows asked for: empty, without a query', async () => {
        const before = listStore.statementCount();
        assert.deepEqual(await listStore.contracts.list({ states: [] }, { limit: 10 }), []);
        assert.deepEqual(await listStore.deductOrders.list({ states: [] }, { limit: 10 }), []);
        assert.deepEqual(await listStore.contracts.list({}, { limit: 0 }), []);
        assert.deepEqual(await listStore.deductOrders.listStale(updatedAt(9), 0), []);
        assert.equal(listStore.statementCount(), before);
      });

      it('listStale: open orders last changed before the cutoff, oldest first, up to the limit', async () => {
        const cutoff = updatedAt(5);
        const expected = expectedStale(data, cutoff);
        assert.ok(expected.length > 3);
        assert.ok(data.orders.some((o) => o.updatedAt < cutoff && (o.state === 'PAY_SUCCESS' || o.state === 'PAY_FAIL')));
        assert.deepEqual(await listStore.deductOrders.listStale(cutoff, 100), expected);
        assert.deepEqual(await listStore.deductOrders.listStale(cutoff, 3), expected.slice(0, 3));
        assert.deepEqual(await listStore.deductOrders.listStale(updatedAt(0), 100), [], 'the cutoff is exclusive');
      });

      it('listStale pages on after the last row, rows of the same updatedAt neither skipped nor repeated', async () => {
        const cutoff = updatedAt(5);
        const expected = expectedStale(data, cutoff);
        assert.ok(expected.some((o, i) => i > 0 && o.updatedAt === expected[i - 1]!.updatedAt), 'the fixture has ties');
        const walked: DeductOrderRecord[] = [];
        for (;;) {
          const last = walked.at(-1);
          const page = await listStore.deductOrders.listStale(cutoff, 2, last && { updatedAt: last.updatedAt, key: last.outTradeNo });
          walked.push(...page);
          if (page.length < 2) break;
        }
        assert.deepEqual(walked, expected);
      });

      it('the list queries read through an index, not the whole table', async () => {
        const after: PageRequest['after'] = { createdAt: createdAt(4), key: 'T-12' };
        const cases: [string, () => Promise<unknown>, boolean][] = [
          ['contracts', () => listStore.contracts.list({}, { limit: 7 }), true],
          ['contracts after', () => listStore.contracts.list({}, { limit: 7, after }), true],
          ['contracts by openid', () => listStore.contracts.list({ openid: 'o-1' }, { limit: 7, after }), true],
          ['contracts by plan', () => listStore.contracts.list({ planId: 'plan-1' }, { limit: 7, after }), true],
          ['orders', () => listStore.deductOrders.list({}, { limit: 7, after }), true],
          ['orders by openid', () => listStore.deductOrders.list({ openid: 'o-1' }, { limit: 7, after }), true],
          ['orders by contract', () => listStore.deductOrders.list({ contractId: 'C-01' }, { limit: 7, after }), true],
          // The join may start from either table; each side is an index lookup.
          ['orders by plan', () => listStore.deductOrders.list({ planId: 'plan-1' }, { limit: 7, after }), false],
          ['stale orders', () => listStore.deductOrders.listStale(updatedAt(5), 7), false],
          ['stale orders after', () => listStore.deductOrders.listStale(updatedAt(5), 7, { updatedAt: updatedAt(2), key: 'T-12' }), false],
        ];
        for (const [name, run, ordered] of cases) {
          const from = statements.length;
          await run();
          assert.equal(statements.length - from, 1, name);
          const plan = await queryPlan(listDatabase, statements[from]!.sql, statements[from]!.parameters);
          assertUsesIndex(listDatabase, plan, ordered, name);
        }
      });
    });

    describe('batched reads', () => {
      it('getMany and listBy* each run one statement', async () => {
        const contractId = uniqueId('C');
        const r1 = newReservation({ contractId });
        const r2 = newReservation({ contractId });
        const r3 = newReservation();
        for (const r of [r1, r2, r3]) await store.reservations.insertIntent(r);
        const o1 = newDeductOrder({ contractId, outRecordId: r1.outRecordId });
        const o2 = newDeductOrder({ contractId, outRecordId: r1.outRecordId });
        const o3 = newDeductOrder({ contractId: r3.contractId, outRecordId: r3.outRecordId });
        await store.deductOrders.insertIntent(o1, FUTURE);
        await store.deductOrders.transition(o1.outTradeNo, ['SUBMITTING'], 'PAY_FAIL'); // frees r1 for o2
        for (const o of [o2, o3]) await store.deductOrders.insertIntent(o, FUTURE);

        const ids = (rows: { outRecordId?: string; outTradeNo?: string }[]) =>
          rows.map((r) => r.outTradeNo ?? r.outRecordId).sort();
        const cases: [() => Promise<{ outRecordId?: string; outTradeNo?: string }[]>, string[]][] = [
          [() => store.reservations.getMany([r1.outRecordId, r3.outRecordId, 'x']), [r1.outRecordId, r3.outRecordId]],
          [() => store.reservations.listByContractIds([contractId, 'x']), [r1.outRecordId, r2.outRecordId]],
          [() => store.deductOrders.getMany([o1.outTradeNo, o3.outTradeNo]), [o1.outTradeNo, o3.outTradeNo]],
          [() => store.deductOrders.listByContractIds([contractId, r3.contractId]), [o1.outTradeNo, o2.outTradeNo, o3.outTradeNo]],
          [() => store.deductOrders.listByOutRecordIds([r1.outRecordId, r2.outRecordId]), [o1.outTradeNo, o2.outTradeNo]],
        ];
        for (const [read, expected] of cases) {
          const before = store.statementCount();
          assert.deepEqual(ids(await read()), [...expected].sort());
          assert.equal(store.statementCount() - before, 1);
        }
      });

      it('getManyWithRelations reads orders with their contract and reservation in one statement', async () => {
        const contract = await store.contracts.applySnapshot(contractSnapshot());
        const reservation = newReservation({ contractId: contract!.contractId! });
        await store.reservations.insertIntent(reservation);
        const complete = newDeductOrder({ contractId: contract!.contractId!, outRecordId: reservation.outRecordId });
        const orphan = newDeductOrder(); // neither its contract nor its reservation is stored
        for (const o of [complete, orphan]) await store.deductOrders.insertIntent(o, FUTURE);

        const before = store.statementCount();
        const rows = await store.deductOrders.getManyWithRelations([orphan.outTradeNo, complete.outTradeNo, 'missing', complete.outTradeNo]);
        assert.equal(store.statementCount() - before, 1);
        const byTradeNo = new Map(rows.map((row) => [row.order.outTradeNo, row]));
        assert.deepEqual([...byTradeNo.keys()].sort(), [complete.outTradeNo, orphan.outTradeNo].sort());
        // Exactly the records the single-table reads give, every field included.
        assert.deepEqual(byTradeNo.get(complete.outTradeNo), {
          order: await store.deductOrders.get(complete.outTradeNo),
          contract: await store.contracts.getByContractId(contract!.contractId!),
          reservation: await store.reservations.get(reservation.outRecordId),
        });
        assert.deepEqual(byTradeNo.get(orphan.outTradeNo), { order: await store.deductOrders.get(orphan.outTradeNo), contract: undefined, reservation: undefined });
      });

      it('amounts round-trip as exact numbers', async () => {
        const big = 900719925474099;
        const order = newDeductOrder({ deductAmount: big });
        await store.deductOrders.insertIntent(order, FUTURE);
        await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PAY_SUCCESS', { paySuccessAmount: Number.MAX_SAFE_INTEGER });
        const row = await store.deductOrders.get(order.outTradeNo);
        assert.equal(row?.deductAmount, big);
        assert.equal(row?.paySuccessAmount, Number.MAX_SAFE_INTEGER);
        assert.equal(typeof row?.version, 'number');

        const reservation = newReservation({ repaymentAmount: big, minRepaymentAmount: big - 1 });
        await store.reservations.insertIntent(reservation);
        const stored = await store.reservations.get(reservation.outRecordId);
        assert.deepEqual([stored?.repaymentAmount, stored?.minRepaymentAmount], [big, big - 1]);

        const contract = await store.contracts.applySnapshot(contractSnapshot({ repaymentAmountLimit: big }));
        assert.equal(contract?.repaymentAmountLimit, big);
      });
    });

    describe('notifications', () => {
      it('recordOnce records an id once and keeps the first', async () => {
        const notification = {
          id: uniqueId('N'),
          eventType: 'DEDUCT_ORDER.SUCCESS',
          createTime: '2030-01-15T10:00:00+08:00',
          receivedAt: new Date().toISOString(),
          subject: uniqueId('T'),
          outcome: 'APPLIED' as const,
          envelope: '{"resource":{"ciphertext":"..."}}',
        };
        assert.equal(await store.notifications.recordOnce(notification), true);
        assert.equal(await store.notifications.recordOnce({ ...notification, outcome: 'NO_CHANGE' }), false);
        assert.deepEqual(await store.notifications.get(notification.id), {
          ...notification,
          reconciledAt: null,
          reconciledBy: null,
          reconciliationNote: null,
        });
        assert.equal(await store.notifications.get('missing'), undefined);
      });
    });

    describe('transactions', () => {
      it('rolls back every write when the work throws', async () => {
        const order = newDeductOrder();
        const reservation = newReservation();
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.reservations.insertIntent(reservation);
            await tx.deductOrders.insertIntent(order, FUTURE);
            assert.ok(await tx.deductOrders.get(order.outTradeNo), 'the transaction sees its own write');
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await store.deductOrders.get(order.outTradeNo), undefined);
        assert.equal(await store.reservations.get(reservation.outRecordId), undefined);
      });

      it('commits and returns the work result; a nested call joins the outer transaction', async () => {
        const order = newDeductOrder();
        const result = await store.transaction(async (tx) => {
          await tx.deductOrders.insertIntent(order, FUTURE);
          return tx.transaction(async (inner) => inner.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], 'PENDING'));
        });
        assert.equal(result?.state, 'PENDING');
        assert.equal((await store.deductOrders.get(order.outTradeNo))?.state, 'PENDING');

        const rolledBack = newDeductOrder();
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.transaction(async (inner) => inner.deductOrders.insertIntent(rolledBack, FUTURE));
            throw new Error('outer fails');
          }),
        );
        assert.equal(await store.deductOrders.get(rolledBack.outTradeNo), undefined);
      });
    });

    describe('statementCount', () => {
      it('counts every executed statement and reports its SQL', async () => {
        const seen: string[] = [];
        const counted = await createStore(database.url, { onStatement: (s) => seen.push(s) });
        try {
          const before = counted.statementCount();
          assert.equal(before, seen.length);
          await counted.ping();
          await counted.deductOrders.get('missing');
          await counted.deductOrders.transition('missing', ['SUBMITTING'], 'PENDING');
          assert.equal(counted.statementCount(), before + 3);
          assert.equal(seen.length, before + 3);
          assert.equal(seen[before], 'select 1');
          assert.match(seen[before + 1]!, /from "deduct_orders"/);
        } finally {
          await counted.close();
        }
      });
    });
  });
}
