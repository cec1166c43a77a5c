import type { Kysely } from 'kysely';
import type { ReservationState } from '../../domain/states.js';
import type { NewReservation, ReservationPollPatch, ReservationRecord, ReservationRepository, StalePosition, Store } from '../store.js';
import type { Database } from './database.js';
import type { HotQueries } from './hot-queries.js';
import { rowsWhereIn, type QueryRunner } from './query-template.js';
import { oldestFirst } from './oldest-first.js';

/** A reservation whose create's outcome we do not know yet: the poller looks at these. */
const IN_DOUBT: readonly ReservationState[] = ['SUBMITTING', 'UNKNOWN'];

export class KyselyReservationRepository implements ReservationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Store['dialect'],
    private readonly raw: QueryRunner,
    private readonly queries: HotQueries,
  ) {}

  /** Every initiateRepayment reads it: through the prebuilt statement of the loader. */
  async get(outRecordId: string): Promise<ReservationRecord | undefined> {
    return (await this.getMany([outRecordId]))[0];
  }

  async getMany(outRecordIds: readonly string[]): Promise<ReservationRecord[]> {
    return this.listWhereIn('outRecordId', outRecordIds);
  }

  async listByContractIds(contractIds: readonly string[]): Promise<ReservationRecord[]> {
    return this.listWhereIn('contractId', contractIds);
  }

  async insertIntent(reservation: NewReservation, nextPollAt?: string): Promise<boolean> {
    const now = new Date().toISOString();
    const inserted = await this.db
      .insertInto('reservations')
      .values({
        outRecordId: reservation.outRecordId,
        contractId: reservation.contractId,
        appid: reservation.appid,
        openid: reservation.openid,
        subMchid: reservation.subMchid,
        subAppid: reservation.subAppid ?? null,
        repaymentAmount: reservation.repaymentAmount,
        minRepaymentAmount: reservation.minRepaymentAmount ?? null,
        repaymentDate: reservation.repaymentDate,
        state: 'SUBMITTING',
        resubmissionRefusedAt: null,
        resubmittedAt: null,
        requestedBy: reservation.requestedBy ?? null,
        pollAttempts: 0,
        nextPollAt: nextPollAt ?? null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      })
      // Only the key conflict is expected; any other constraint violation should still throw.
      .onConflict((oc) => oc.column('outRecordId').doNothing())
      .returning('outRecordId')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async transition(
    outRecordId: string,
    from: readonly ReservationState[],
    to: ReservationState,
  ): Promise<ReservationRecord | null> {
    if (from.length === 0) return null;
    const row = await this.db
      .updateTable('reservations')
      // Settled: no next look, and no reason it is still in doubt.
      .set({ state: to, updatedAt: new Date().toISOString(), ...(IN_DOUBT.includes(to) ? {} : { nextPollAt: null, lastError: null }) })
      .where('outRecordId', '=', outRecordId)
      .where('state', 'in', from)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async claimDueForPoll(now: string, leaseUntil: string, limit: number): Promise<ReservationRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .updateTable('reservations')
      .set({ nextPollAt: leaseUntil })
      .where('outRecordId', 'in', (eb) =>
        eb
          .selectFrom('reservations')
          .select('outRecordId')
          .where('nextPollAt', '<=', now)
          .where('state', 'in', IN_DOUBT)
          .orderBy('nextPollAt')
          .orderBy('outRecordId')
          .limit(limit)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      .returningAll()
      .execute();
    return oldestFirst(rows, (row) => row.outRecordId);
  }

  /** Leaves `updatedAt` alone: the stuck report goes on showing when the reservation last changed. */
  async reschedulePoll(outRecordId: string, patch: ReservationPollPatch, ifNextPollAt: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('reservations')
      .set({ nextPollAt: patch.nextPollAt, pollAttempts: patch.pollAttempts, lastError: patch.lastError })
      .where('outRecordId', '=', outRecordId)
      .where('state', 'in', IN_DOUBT)
      .where('nextPollAt', ifNextPollAt === null ? 'is' : '=', ifNextPollAt)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async resumePolling(at: string, repaymentDateFrom: string): Promise<number> {
    // An older instance moves a reservation to SCHEDULED without ending its polling: such rows
    // would stay in the due index for good, read first (the oldest due) by every claim.
    await this.db.updateTable('reservations').set({ nextPollAt: null }).where('nextPollAt', 'is not', null).where('state', 'not in', IN_DOUBT).execute();
    const result = await this.db
      .updateTable('reservations')
      .set({ nextPollAt: at })
      .where('state', 'in', IN_DOUBT)
      .where('nextPollAt', 'is', null)
      .where('repaymentDate', '>=', repaymentDateFrom)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async claimResubmission(outRecordId: string): Promise<ReservationRecord | null> {
    const now = new Date().toISOString();
    const row = await this.db
      .updateTable('reservations')
      .set({ state: 'SUBMITTING', resubmittedAt: now, updatedAt: now })
      .where('outRecordId', '=', outRecordId)
      .where('state', '=', 'UNKNOWN')
      .where('resubmissionRefusedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async toUnknownIfUnchanged(outRecordId: string, updatedAt: string): Promise<ReservationRecord | null> {
    const row = await this.db
      .updateTable('reservations')
      .set({ state: 'UNKNOWN', updatedAt: new Date().toISOString() })
      .where('outRecordId', '=', outRecordId)
      .where('state', '=', 'SUBMITTING')
      .where('updatedAt', '=', updatedAt)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async refuseResubmission(outRecordId: string, at: string): Promise<ReservationRecord | null> {
    const row = await this.db
      .updateTable('reservations')
      .set({ state: 'UNKNOWN', resubmissionRefusedAt: at, updatedAt: new Date().toISOString() })
      .where('outRecordId', '=', outRecordId)
      .where('state', '=', 'SUBMITTING')
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async deleteIntent(outRecordId: string, from: readonly ReservationState[], options: { neverResubmitted?: boolean } = {}): Promise<boolean> {
    if (from.length === 0) return false;
    const result = await this.db
      .deleteFrom('reservations')
      .where('outRecordId', '=', outRecordId)
      .where('state', 'in', from)
      .$if(options.neverResubmitted === true, (qb) => qb.where('resubmittedAt', 'is', null))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private async listWhereIn(column: 'outRecordId' | 'contractId', ids: readonly string[]): Promise<ReservationRecord[]> {
    return rowsWhereIn<ReservationRecord>(this.raw, ids, (count) => this.queries.reservationsWhereIn(column, count));
  }

  async listStale(updatedBefore: string, limit: number, after?: StalePosition): Promise<ReservationRecord[]> {
    if (limit <= 0) return [];
    return this.db
      .selectFrom('reservations')
      .selectAll()
      .where('state', 'in', IN_DOUBT)
      .where('updatedAt', '<', updatedBefore)
      .$if(after !== undefined, (qb) => qb.where(({ eb, refTuple, tuple }) => eb(refTuple('updatedAt', 'outRecordId'), '>', tuple(after!.updatedAt, after!.key))))
      .orderBy('updatedAt')
      .orderBy('outRecordId')
      .limit(limit)
      .execute();
  }
}

