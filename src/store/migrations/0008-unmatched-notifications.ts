import { sql, type Kysely } from 'kysely';

/**
 * For the staff report of callbacks that matched none of our orders or contradicted one
 * (`notifications.listUnmatched`, newest first, ties by id): a partial index, so the report reads only those
 * few rows however many callbacks were received. The predicate is spelled out (a frozen snapshot).
 */
const UNMATCHED_INDEX = 'notifications_unmatched_received_at_idx';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex(UNMATCHED_INDEX)
    .on('notifications')
    .columns(['received_at', 'id'])
    .where(sql.ref('outcome'), '=', sql.lit('UNMATCHED'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex(UNMATCHED_INDEX).execute();
}
