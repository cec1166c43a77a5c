import { sql, type Kysely } from 'kysely';

/**
 * Reservations get a poller, as orders have: when it should next ask WeChat Pay about one left
 * SUBMITTING or UNKNOWN, how often it has, and why the last look did not settle it. Only
 * reservations in doubt have a `next_poll_at`, so its index is partial: PostgreSQL's claim reads
 * the few of them however many are SCHEDULED (SQLite, without statistics, reads the reservations
 * in doubt through 0007's index instead). Rows from before this migration (and from an older
 * instance still running beside a newer one) have none: the poller takes them up (`resumePolling`).
 * SQLite adds one column per statement. The predicate is spelled out (a frozen snapshot).
 */
const DUE_INDEX = 'reservations_next_poll_at_idx';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reservations').addColumn('poll_attempts', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('reservations').addColumn('next_poll_at', 'text').execute();
  await db.schema.alterTable('reservations').addColumn('last_error', 'text').execute();
  await sql`create index ${sql.id(DUE_INDEX)} on reservations (next_poll_at, out_record_id) where next_poll_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex(DUE_INDEX).execute();
  for (const column of ['last_error', 'next_poll_at', 'poll_attempts']) {
    await db.schema.alterTable('reservations').dropColumn(column).execute();
  }
}
