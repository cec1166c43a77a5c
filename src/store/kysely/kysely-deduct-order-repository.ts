import { sql, type Kysely } from 'kysely';
import {
  FINAL_DEDUCT_ORDER_STATES,
  OPEN_DEDUCT_ORDER_STATES,
  isFinalDeductOrderState,
  type DeductOrderState,
} from '../../domain/states.js';
import {
  LiveOrderExistsError,
  type ContractRecord,
  type DeductOrderFilter,
  type DeductOrderIdentity,
  type DeductOrderPatch,
  type DeductOrderRecord,
  type DeductOrderRepository,
  type DeductOrderWithRelations,
  type NewDeductOrder,
  type PageRequest,
  type ReservationRecord,
  type StalePosition,
  type Store,
} from '../store.js';
import type { Database } from './database.js';
import { ORDER_RELATION_PREFIXES, type HotQueries } from './hot-queries.js';
import { rowsWhereIn, runTemplate, type QueryRunner, type QueryTemplate } from './query-template.js';
import { violatesUniqueIndex, type UniqueIndex } from './unique-violation.js';
import { oldestFirst } from './oldest-first.js';

/** Migration 0003's index: at most one order per reservation that is not PAY_FAIL. */
const LIVE_ORDER_INDEX: UniqueIndex = { name: 'deduct_orders_live_out_record_id_idx', table: 'deduct_orders', columns: ['out_record_id'] };

const PATCH_FIELDS = [
  'paySuccessAmount',
  'transactionId',
  'nextPollAt',
  'pollAttempts',
  'lastError',
  'resubmissionRefusedAt',
] as const satisfies readonly (keyof DeductOrderPatch)[];

/** Columns a state change may be conditioned on (`expect`): what we sent WeChat Pay. */
const IDENTITY_FIELDS = ['contractId', 'outRecordId', 'deductAmount'] as const;

/** Only the allowed fields that are present: callers may pass wider objects, or `undefined`s. */
function pickPatch<K extends (typeof PATCH_FIELDS)[number]>(patch: DeductOrderPatch, allowed: readonly K[]): Pick<DeductOrderPatch, K> {
  const picked: Partial<Record<K, unknown>> = {};
  for (const field of allowed) if (patch[field] !== undefined) picked[field] = patch[field];
  return picked as Pick<DeductOrderPatch, K>;
}

/** A row of `ordersWithRelations`; a left join that found nothing has a null key column. */
function withRelations(row: Record<string, unknown>, template: QueryTemplate): DeductOrderWithRelations {
  const [order, contract, reservation] = template.recordParts(row, ORDER_RELATION_PREFIXES);
  return {
    order: order as unknown as DeductOrderRecord,
    contract: contract!.outContractCode == null ? undefined : (contract as unknown as ContractRecord),
    reservation: reservation!.outRecordId == null ? undefined : (reservation as unknown as ReservationRecord),
  };
}

export class KyselyDeductOrderRepository implements DeductOrderRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Store['dialect'],
    private readonly raw: QueryRunner,
    private readonly queries: HotQueries,
  ) {}

  /** Through the loaders' prebuilt statement, like the other single-row reads. */
  async get(outTradeNo: string): Promise<DeductOrderRecord | undefined> {
    return (await this.getMany([outTradeNo]))[0];
  }

  async getMany(outTradeNos: readonly string[]): Promise<DeductOrderRecord[]> {
    return this.listWhereIn('outTradeNo', outTradeNos);
  }

  async getManyWithRelations(outTradeNos: readonly string[]): Promise<DeductOrderWithRelations[]> {
    return rowsWhereIn(this.raw, outTradeNos, (count) => this.queries.ordersWithRelations(count), withRelations);
  }

  async listByContractIds(contractIds: readonly string[]): Promise<DeductOrderRecord[]> {
    return this.listWhereIn('contractId', contractIds);
  }

  async listByOutRecordIds(outRecordIds: readonly string[]): Promise<DeductOrderRecord[]> {
    return this.listWhereIn('outRecordId', outRecordIds);
  }

  async insertIntent(order: NewDeductOrder, nextPollAt: string): Promise<DeductOrderRecord | null> {
    const { rows } = await runTemplate<Record<string, unknown>>(this.raw, this.queries.insertOrderIntent, [
      order.outTradeNo,
      order.contractId,
      order.outRecordId,
      order.deductAmount,
      order.description,
      order.attach ?? null,
      order.notifyUrl,
      order.appid ?? null,
      order.subAppid ?? null,
      order.openid ?? null,
      nextPollAt,
      new Date().toISOString(),
      order.requestedBy ?? null,
    ]).catch((error: unknown) => {
      // Only the out_trade_no clash is absorbed by the insert (ON CONFLICT); this one is the reservation's.
      if (violatesUniqueIndex(error, LIVE_ORDER_INDEX)) throw new LiveOrderExistsError(order.outRecordId, { cause: error });
      throw error;
    });
    return rows.length > 0 ? this.queries.insertOrderIntent.record<DeductOrderRecord>(rows[0]!) : null;
  }

  /** A move into a final state also clears `nextPollAt`: the poller has nothing left to ask. */
  async transition(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    to: DeductOrderState,
    patch: DeductOrderPatch = {},
    expect: DeductOrderIdentity = {},
  ): Promise<DeductOrderRecord | null> {
    if (from.length === 0) return null;
    // Only the listed fields: a wider object (an owner field cast in) never reaches the SET.
    const fields: Record<string, unknown> = pickPatch(patch, PATCH_FIELDS);
    if (isFinalDeductOrderState(to)) fields.nextPollAt = null;
    // Precompiled per set of patch columns, number of `from` states and expected columns (a handful in practice).
    const assigned = Object.keys(fields);
    const expected = IDENTITY_FIELDS.filter((name) => expect[name] !== undefined);
    const args: unknown[] = assigned.map((name) => fields[name]);
    args.push(to, new Date().toISOString(), outTradeNo, ...from, ...expected.map((name) => expect[name]));
    const template = this.queries.orderTransition(assigned, from.length, expected);
    const { rows } = await runTemplate<Record<string, unknown>>(this.raw, template, args);
    return rows.length === 0 ? null : template.record<DeductOrderRecord>(rows[0]!);
  }

  async fillPaymentDetails(
    outTradeNo: string,
    details: Pick<DeductOrderRecord, 'paySuccessAmount' | 'transactionId'>,
  ): Promise<DeductOrderRecord | null> {
    const { paySuccessAmount, transactionId } = details;
    if (paySuccessAmount === null && transactionId === null) return null;
    const row = await this.db
      .updateTable('deductOrders')
      .set((eb) => ({
        paySuccessAmount: eb.fn.coalesce('paySuccessAmount', eb.val(paySuccessAmount)),
        transactionId: eb.fn.coalesce('transactionId', eb.val(transactionId)),
        version: eb('version', '+', 1),
        updatedAt: new Date().toISOString(),
      }))
      .where('outTradeNo', '=', outTradeNo)
      .where('state', '=', 'PAY_SUCCESS')
      .where((eb) =>
        eb.or([
          ...(paySuccessAmount === null ? [] : [eb('paySuccessAmount', 'is', null)]),
          ...(transactionId === null ? [] : [eb('transactionId', 'is', null)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** Leaves `version` and `updatedAt` alone, as `reschedulePoll` does. */
  async resumePolling(at: string, repaymentDateFrom: string): Promise<number> {
    const result = await this.db
      .updateTable('deductOrders')
      .set({ nextPollAt: at })
      .where('state', 'in', ['PENDING', 'NOT_PAY'])
      // Not `next_poll_at IS NULL`: SQLite would read that from the next_poll_at index, where every
      // final order is null too. Written so, the (state, updated_at) index drives: the open few.
      .where((eb) => eb(eb.fn.coalesce('nextPollAt', sql.lit('')), '=', ''))
      // Correlated on the reservation's key, not a scan of repayment dates.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('reservations')
            .select('reservations.outRecordId')
            .whereRef('reservations.outRecordId', '=', 'deductOrders.outRecordId')
            .where('reservations.repaymentDate', '>=', repaymentDateFrom),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Leaves `version` and `updatedAt` alone: subscribers see no change in the order itself. */
  async reschedulePoll(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    patch: Pick<DeductOrderPatch, 'nextPollAt' | 'pollAttempts' | 'lastError' | 'resubmissionRefusedAt'>,
    ifNextPollAt?: string | null,
  ): Promise<boolean> {
    if (from.length === 0) return false;
    const fields = pickPatch(patch, ['nextPollAt', 'pollAttempts', 'lastError', 'resubmissionRefusedAt']);
    const result = await this.db
      .updateTable('deductOrders')
      // An empty patch still checks the precondition; SET needs at least one column.
      .set((eb) => (Object.keys(fields).length > 0 ? fields : { pollAttempts: eb.ref('pollAttempts') }))
      .where('outTradeNo', '=', outTradeNo)
      .where('state', 'in', from)
      .$if(ifNextPollAt !== undefined, (qb) => qb.where('nextPollAt', ifNextPollAt === null ? 'is' : '=', ifNextPollAt!))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * One UPDATE over a sub-select of due rows. On PostgreSQL the sub-select locks what it picks and
   * skips rows another claimer holds; SQLite has a single writer, so the statement is serial there.
   * The sub-select takes the oldest due first; the batch is returned in creation order.
   */
  async claimDueForPoll(now: string, leaseUntil: string, limit: number): Promise<DeductOrderRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .updateTable('deductOrders')
      .set({ nextPollAt: leaseUntil })
      .where('outTradeNo', 'in', (eb) =>
        eb
          .selectFrom('deductOrders')
          .select('outTradeNo')
          .where('nextPollAt', '<=', now)
          .where('state', 'not in', FINAL_DEDUCT_ORDER_STATES)
          .orderBy('nextPollAt')
          .orderBy('outTradeNo')
          .limit(limit)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      .returningAll()
      .execute();
    return oldestFirst(rows, (row) => row.outTradeNo);
  }

  async deleteIntent(
    outTradeNo: string,
    from: readonly DeductOrderState[],
    untouched?: Pick<DeductOrderRecord, 'version' | 'pollAttempts' | 'nextPollAt'>,
  ): Promise<boolean> {
    if (from.length === 0) return false;
    const result = await this.db
      .deleteFrom('deductOrders')
      .where('outTradeNo', '=', outTradeNo)
      .where('state', 'in', from)
      .$if(untouched !== undefined, (qb) =>
        qb
          .where('version', '=', untouched!.version)
          .where('pollAttempts', '=', untouched!.pollAttempts)
          .where('nextPollAt', untouched!.nextPollAt === null ? 'is' : '=', untouched!.nextPollAt),
      )
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Keyset page in one statement, as contracts' `list`. The plan lives on the contract, so that
   * filter is an inner join on the unique contract_id (at most one contract per order: no
   * duplicates); orders of a presign or of an unknown contract have no plan and drop out.
   */
  async list(filter: DeductOrderFilter, page: PageRequest): Promise<DeductOrderRecord[]> {
    const { states, openid, contractId, planId, createdFrom, createdTo } = filter;
    const { after, limit } = page;
    if (limit <= 0 || states?.length === 0) return [];
    return this.db
      .selectFrom('deductOrders')
      .selectAll('deductOrders')
      .$if(planId !== undefined, (qb) =>
        qb.innerJoin('contracts', 'contracts.contractId', 'deductOrders.contractId').where('contracts.planId', '=', planId!),
      )
      .$if(states !== undefined, (qb) => qb.where('deductOrders.state', 'in', states!))
      .$if(openid !== undefined, (qb) => qb.where('deductOrders.openid', '=', openid!))
      .$if(contractId !== undefined, (qb) => qb.where('deductOrders.contractId', '=', contractId!))
      .$if(createdFrom !== undefined, (qb) => qb.where('deductOrders.createdAt', '>=', createdFrom!))
      .$if(createdTo !== undefined, (qb) => qb.where('deductOrders.createdAt', '<', createdTo!))
      .$if(after !== undefined, (qb) =>
        qb.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('deductOrders.createdAt', 'deductOrders.outTradeNo'), '<', tuple(after!.createdAt, after!.key)),
        ),
      )
      .orderBy('deductOrders.createdAt', 'desc')
      .orderBy('deductOrders.outTradeNo', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Spelled as `state IN (open states)` rather than `NOT IN (final)`: the same rows (the check
   * constraint allows no other state), but each open state is a range on (state, updated_at).
   */
  async listStale(updatedBefore: string, limit: number, after?: StalePosition): Promise<DeductOrderRecord[]> {
    if (limit <= 0) return [];
    return this.db
      .selectFrom('deductOrders')
      .selectAll()
      .where('state', 'in', OPEN_DEDUCT_ORDER_STATES)
      .where('updatedAt', '<', updatedBefore)
      .$if(after !== undefined, (qb) => qb.where(({ eb, refTuple, tuple }) => eb(refTuple('updatedAt', 'outTradeNo'), '>', tuple(after!.updatedAt, after!.key))))
      .orderBy('updatedAt')
      .orderBy('outTradeNo')
      .limit(limit)
      .execute();
  }

  private async listWhereIn(
    column: 'outTradeNo' | 'contractId' | 'outRecordId',
    ids: readonly string[],
  ): Promise<DeductOrderRecord[]> {
    return rowsWhereIn<DeductOrderRecord>(this.raw, ids, (count) => this.queries.ordersWhereIn(column, count));
  }
}
