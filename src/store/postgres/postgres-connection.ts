import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { DialectConnection } from '../dialect-connection.js';
import { postgresMigrationLock } from './postgres-migration-lock.js';
import { parsePostgresUrl } from './postgres-url.js';
import { postgresTypes } from './postgres-types.js';

/**
 * A pool for `url`. With `?schema=NAME` every connection starts with `search_path=NAME`, so
 * unqualified table names land there; the migrator creates the schema when it is missing.
 */
export async function connectPostgres(url: string): Promise<DialectConnection> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString,
    types: postgresTypes,
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
    return { name: 'postgres', dialect: new PostgresDialect({ pool }), schema: current, migrationLock: postgresMigrationLock };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
