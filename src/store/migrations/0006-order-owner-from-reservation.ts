import { sql, type Kysely } from 'kysely';

/**
 * Before 2170b31, WeChat Pay's answers overwrote an order's appid, sub_appid and openid, with null
 * when an answer left them out, and a borrower could no longer see an order whose openid was
 * erased. They are ours, from the reservation the order was made for: restored from it where null.
 * Plain SQL that SQLite and PostgreSQL both run; a no-op on a database that never had such rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['openid', 'appid', 'sub_appid']) {
    await sql`
      update deduct_orders
      set ${sql.ref(column)} = (select r.${sql.ref(column)} from reservations r where r.out_record_id = deduct_orders.out_record_id)
      where ${sql.ref(column)} is null
    `.execute(db);
  }
}

/** Nothing to undo: the restored values are the reservation's own. */
export async function down(): Promise<void> {}
