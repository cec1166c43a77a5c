import { sql, type Kysely } from 'kysely';

/**
 * Staff mark an UNMATCHED callback reconciled (when, by whom, and what they did about it), so the
 * report shows what is still to do. The ones still open have their own partial index, so the
 * report reads only those however many were reconciled; 0008's index serves the reconciled list.
 * SQLite adds one column per statement. The predicate is spelled out (a frozen snapshot).
 */
const OPEN_INDEX = 'notifications_unreconciled_received_at_idx';
const COLUMNS = ['reconciled_at', 'reconciled_by', 'reconciliation_note'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await db.schema.alterTable('notifications').addColumn(column, 'text').execute();
  }
  await sql`create index ${sql.id(OPEN_INDEX)} on notifications (received_at, id) where outcome = 'UNMATCHED' and reconciled_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex(OPEN_INDEX).execute();
  for (const column of [...COLUMNS].reverse()) {
    await db.schema.alterTable('notifications').dropColumn(column).execute();
  }
}
