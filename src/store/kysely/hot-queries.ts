import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { QueryTemplate, TemplateCache } from './query-template.js';
import { CONTRACT_COLUMNS, DEDUCT_ORDER_COLUMNS, RESERVATION_COLUMNS } from './record-columns.js';

/** Column prefixes of the joined tables in `ordersWithRelations` (see `QueryTemplate.recordParts`). */
export const ORDER_RELATION_PREFIXES = ['contract$', 'reservation$'] as const;

/**
 * The statements of the hot paths (callback apply, GraphQL loaders), built once per store from
 * the root Kysely (with its CamelCasePlugin, so the SQL is what the builder would make each time)
 * and shared by the store's transactions. Same code on SQLite and PostgreSQL: each store compiles
 * its own dialect's SQL.
 */
export class HotQueries {
  readonly #db: Kysely<Database>;
  readonly #byKey = new TemplateCache(256);
  #recordNotification: QueryTemplate | undefined;
  #insertOrderIntent: QueryTemplate | undefined;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * The intent insert of `insertIntent` (a new SUBMITTING order, returned; nothing if the
   * out_trade_no exists). Arguments: outTradeNo, contractId, outRecordId, deductAmount, description, attach,
   * notifyUrl, appid, subAppid, openid, nextPollAt, the time for createdAt and updatedAt, requestedBy.
   */
  get insertOrderIntent(): QueryTemplate {
    return (this.#insertOrderIntent ??= new QueryTemplate((p) =>
      this.#db
        .insertInto('deductOrders')
        .values({
          outTradeNo: p(0),
          contractId: p(1),
          outRecordId: p(2),
          deductAmount: p(3),
          description: p(4),
          attach: p(5),
          notifyUrl: p(6),
          appid: p(7),
          subAppid: p(8),
          openid: p(9),
          state: 'SUBMITTING',
          paySuccessAmount: null,
          transactionId: null,
          version: 1,
          pollAttempts: 0,
          nextPollAt: p(10),
          lastError: null,
          resubmissionRefusedAt: null,
          requestedBy: p(12),
          createdAt: p(11),
          updatedAt: p(11),
        })
        .onConflict((oc) => oc.column('outTradeNo').doNothing())
        .returning(DEDUCT_ORDER_COLUMNS),
    ));
  }

  /** The envelope insert of `recordOnce`: (id, eventType, createTime, receivedAt, subject, outcome, envelope). */
  get recordNotification(): QueryTemplate {
    return (this.#recordNotification ??= new QueryTemplate((p) =>
      this.#db
        .insertInto('notifications')
        .values({
          id: p(0),
          eventType: p(1),
          createTime: p(2),
          receivedAt: p(3),
          subject: p(4),
          outcome: p(5),
          envelope: p(6),
        })
        // No RETURNING: the affected-row count tells a first from a repeat, without the
        // temporary table SQLite fills for RETURNING.
        .onConflict((oc) => oc.column('id').doNothing()),
    ));
  }

  /** Orders whose `column` is one of `count` values, in creation order. */
  ordersWhereIn(column: 'outTradeNo' | 'contractId' | 'outRecordId', count: number): QueryTemplate {
    return this.#byKey.get(`orders:${column}:${count}`, (p) =>
      this.#db
        .selectFrom('deductOrders')
        .select(DEDUCT_ORDER_COLUMNS)
        .where(column, 'in', placeholders(p, 0, count))
        .orderBy('createdAt')
        .orderBy('outTradeNo'),
    );
  }

  reservationsWhereIn(column: 'outRecordId' | 'contractId', count: number): QueryTemplate {
    return this.#byKey.get(`reservations:${column}:${count}`, (p) =>
      this.#db
        .selectFrom('reservations')
        .select(RESERVATION_COLUMNS)
        .where(column, 'in', placeholders(p, 0, count))
        .orderBy('createdAt')
        .orderBy('outRecordId'),
    );
  }

  /**
   * Orders whose outTradeNo is one of `count` values, each left-joined with its contract and its
   * reservation. The joined columns are aliased with `ORDER_RELATION_PREFIXES`.
   */
  ordersWithRelations(count: number): QueryTemplate {
    const [contract, reservation] = ORDER_RELATION_PREFIXES;
    return this.#byKey.get(`orders+relations:${count}`, (p) =>
      this.#db
        .selectFrom('deductOrders')
        .leftJoin('contracts', 'contracts.contractId', 'deductOrders.contractId')
        .leftJoin('reservations', 'reservations.outRecordId', 'deductOrders.outRecordId')
        .select(DEDUCT_ORDER_COLUMNS.map((column) => `deductOrders.${column}` as const))
        // Built once and read as raw rows, so the aliases need no static types.
        .select(CONTRACT_COLUMNS.map((column) => `contracts.${column} as ${contract}${column}` as any))
        .select(RESERVATION_COLUMNS.map((column) => `reservations.${column} as ${reservation}${column}` as any))
        .where('deductOrders.outTradeNo', 'in', placeholders(p, 0, count)),
    );
  }

  contractsByContractIds(count: number): QueryTemplate {
    return this.#byKey.get(`contracts:contractId:${count}`, (p) =>
      this.#db.selectFrom('contracts').select(CONTRACT_COLUMNS).where('contractId', 'in', placeholders(p, 0, count)),
    );
  }

  /**
   * The conditional order transition with the patch columns `fields` (in this order). Arguments:
   * the field values, then the new state, updatedAt, outTradeNo, the `fromCount` allowed states,
   * and the values the `expected` columns must already hold.
   */
  orderTransition(fields: readonly string[], fromCount: number, expected: readonly string[] = []): QueryTemplate {
    return this.#byKey.get(`transition:${fields.join(',')}:${fromCount}:${expected.join(',')}`, (p) => {
      const n = fields.length;
      const values = Object.fromEntries(fields.map((field, i) => [field, p(i)]));
      let update = this.#db
        .updateTable('deductOrders')
        .set((eb) => ({ ...values, state: p(n), version: eb('version', '+', 1), updatedAt: p(n + 1) }))
        .where('outTradeNo', '=', p(n + 2))
        .where('state', 'in', placeholders(p, n + 3, fromCount));
      expected.forEach((column, i) => {
        update = update.where(column as 'contractId', '=', p(n + 3 + fromCount + i));
      });
      return update.returning(DEDUCT_ORDER_COLUMNS);
    });
  }
}

function placeholders(p: (index: number) => any, first: number, count: number): any[] {
  return Array.from({ length: count }, (_, i) => p(first + i));
}
