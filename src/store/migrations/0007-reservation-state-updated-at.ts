import type { Kysely } from 'kysely';

/**
 * For the stuck-reservation report (`reservations.listStale`): reservations have no poller, so one
 * left SUBMITTING or UNKNOWN is found only by this read, of the two open states, each an
 * updated_at range (as 0002's index does for orders).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('reservations_state_updated_at_idx').on('reservations').columns(['state', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reservations_state_updated_at_idx').execute();
}
