import type { Kysely } from 'kysely';

/**
 * When WeChat Pay definitively refused our resubmission of an order or reservation whose first
 * create had an unknown outcome. Such a refusal does not say the first create failed (it may have
 * been refused because WeChat Pay holds it already), so the row stays in doubt; this column says
 * it is only queried from then on, never sent again. Null otherwise.
 */
const TABLES = ['deduct_orders', 'reservations'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('resubmission_refused_at', 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).dropColumn('resubmission_refused_at').execute();
  }
}
