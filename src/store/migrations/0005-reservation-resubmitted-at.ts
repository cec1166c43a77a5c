import type { Kysely } from 'kysely';

/**
 * When a reservation was last claimed for resubmission (sent again with the same out_record_id
 * after a query found nothing). A definitive refusal of the first create deletes the intent only
 * while this is null: once it is set, WeChat Pay may hold the reservation from the resubmission,
 * whatever the first create's refusal says. Null until then; existing rows start null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reservations').addColumn('resubmitted_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reservations').dropColumn('resubmitted_at').execute();
}
