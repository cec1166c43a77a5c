import { CamelCasePlugin, Kysely } from 'kysely';
import type { DialectConnection } from './dialect-connection.js';
import type { Database } from './kysely/database.js';
import { HotQueries } from './kysely/hot-queries.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { StatementCounter } from './kysely/statement-counter.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { connectPostgres } from './postgres/postgres-connection.js';
import { connectSqlite } from './sqlite/sqlite-connection.js';
import { storeDialectOf } from './database-url.js';
import type { SqliteSynchronous } from './sqlite/sqlite-pragmas.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** Called with the SQL and parameters of every executed statement (after it ran); must not throw. */
  onStatement?: (sql: string, parameters: readonly unknown[]) => void;
  /** SQLite only: when a COMMIT is on disk; default FULL (see SqliteSynchronous). */
  sqliteSynchronous?: SqliteSynchronous;
  /** PostgreSQL only: how long one query may go unanswered (see QueryTimeoutPool). */
  postgresQueryTimeoutMs?: number;
}

/**
 * Opens the store named by `databaseUrl` and brings its schema up to date.
 * `postgres://` / `postgresql://` (optionally `?schema=NAME`) is PostgreSQL; `file:path`,
 * `sqlite:path` or a plain path is a SQLite file; any other scheme is refused (`storeDialectOf`).
 */
export async function createStore(databaseUrl: string, options: CreateStoreOptions = {}): Promise<Store> {
  const counter = new StatementCounter(options.onStatement);
  const dialect = storeDialectOf(databaseUrl);
  // The URL is not repeated: it may hold a password.
  if (dialect === undefined) throw new Error('DATABASE_URL names neither PostgreSQL (postgres://) nor a SQLite file (file:, sqlite: or a path)');
  const connection: DialectConnection = dialect === 'postgres'
    ? await connectPostgres(databaseUrl, { queryTimeoutMs: options.postgresQueryTimeoutMs })
    : connectSqlite(databaseUrl, counter.record, options.sqliteSynchronous);
  const db = new Kysely<Database>({ dialect: connection.dialect, log: counter.log, plugins: [new CamelCasePlugin()] });
  try {
    // Migrations spell their snake_case names themselves, as does the migrator's own bookkeeping.
    await connection.migrationLock(db.withoutPlugins() as Kysely<any>, (locked) => migrateToLatest(locked, connection.schema));
  } catch (error) {
    await db.destroy();
    await connection.afterDestroy?.();
    throw error;
  }
  return new KyselyStore(db, connection.name, counter, new HotQueries(db), { afterClose: connection.afterDestroy, direct: connection.direct });
}
