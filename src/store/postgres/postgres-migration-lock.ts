import type { Kysely } from 'kysely';

/**
 * Nothing to add on PostgreSQL: Kysely's migrator itself holds `pg_advisory_lock` and runs the
 * pending migrations in one transaction, so instances starting together apply each one once.
 */
export async function postgresMigrationLock<T>(db: Kysely<any>, run: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return run(db);
}
