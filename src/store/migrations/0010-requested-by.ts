import type { Kysely } from 'kysely';

/**
 * Who asked for each reservation and repayment order: the subject of the token behind the
 * mutation (a staff member, or the borrower's own token), for the audit a payments service owes.
 * Null for rows from before this migration, and for an order whose request carried no identity.
 */
const TABLES = ['reservations', 'deduct_orders'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).addColumn('requested_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('requested_by').execute();
}
