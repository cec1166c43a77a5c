import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { DialectConnection } from '../dialect-connection.js';
import { postgresMigrationLock } from './postgres-migration-lock.js';
import { parsePostgresUrl } from './postgres-url.js';
import { postgresTypes } from './postgres-types.js';
import { DEFAULT_POSTGRES_QUERY_TIMEOUT_MS, QueryTimeoutPool } from './query-timeout-pool.js';

/** A new connection that is not ready within this fails (a server that accepts TCP and says nothing). */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

export interface PostgresOptions {
  /** Bound of one query; default DEFAULT_POSTGRES_QUERY_TIMEOUT_MS (see QueryTimeoutPool). */
  queryTimeoutMs?: number;
}

/**
 * A pool for `url`. With `?schema=NAME` every connection starts with `search_path=NAME`, so
 * unqualified table names land there; the migrator creates the schema when it is missing.
 */
export async function connectPostgres(url: string, options: PostgresOptions = {}): Promise<DialectConnection> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString,
    types: postgresTypes,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    // The kernel probes an idle connection after 10 s, so one that died is found by itself too.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its server emits here; without a listener that would crash the process.
  // The pool drops the client and the next query gets a fresh one (or reports the outage).
  pool.on('error', () => {});
  // A client checked out for a query has no pool listener (pg-pool removes it meanwhile), and
  // Kysely adds none: its connection dropping mid-query (a restart, a network cut) emitted an
  // unhandled 'error' and crashed the process. The query itself still fails with that error, and
  // the pool discards the dead client when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    // Without ?schema, pin the migrator's bookkeeping to our schema, not any schema that has one.
    const current = schema ?? (await pool.query<{ s: string }>('select current_schema() as s')).rows[0]?.s;
    const bounded = new QueryTimeoutPool(pool, options.queryTimeoutMs ?? DEFAULT_POSTGRES_QUERY_TIMEOUT_MS);
    return {
      name: 'postgres',
      dialect: new PostgresDialect({ pool: bounded }),
      schema: current,
      migrationLock: (db, run) => bounded.unbounded(() => postgresMigrationLock(db, run)),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
