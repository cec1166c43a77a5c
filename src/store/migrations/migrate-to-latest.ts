import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from './migration-provider.js';

/**
 * Applies pending migrations. On PostgreSQL Kysely's migrator holds an advisory lock and runs them
 * in one transaction, so instances starting together apply each migration once. `schema` keeps
 * the bookkeeping tables beside ours (and makes the migrator create the schema when missing).
 */
export async function migrateToLatest(db: Kysely<any>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration ${failed ?? '(setup)'} failed: ${cause}`, { cause: error });
  }
}
