import { sql, type Kysely } from 'kysely';

/**
 * At most one live order per reservation, enforced by the database rather than by the service's
 * read-then-insert (two concurrent initiations would both pass that read). A failed order
 * (PAY_FAIL) no longer counts, so the reservation may take a new one. Partial unique indexes are
 * supported by SQLite and PostgreSQL alike; the predicate is spelled out (a frozen snapshot).
 *
 * Should a database already hold two live orders on one reservation, this migration fails: such a
 * pair is a possible double charge that needs reconciling by hand, not an index to skip.
 */
const LIVE_ORDER_INDEX = 'deduct_orders_live_out_record_id_idx';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex(LIVE_ORDER_INDEX)
    .on('deduct_orders')
    .column('out_record_id')
    .unique()
    .where(sql.ref('state'), '<>', sql.lit('PAY_FAIL'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex(LIVE_ORDER_INDEX).execute();
}
