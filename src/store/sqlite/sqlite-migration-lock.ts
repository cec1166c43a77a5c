import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { BUSY_TIMEOUT_MS } from './sqlite-pragmas.js';

const RETRY_EVERY_MS = 25;

/**
 * Kysely's migrator takes no lock on SQLite and runs DDL outside a transaction, so two processes
 * opening one new file would both try to create the tables. Here the whole migration runs in one
 * `BEGIN IMMEDIATE` transaction (SQLite DDL is transactional): the second opener waits, then finds
 * nothing to do. The wait is an async retry with busy_timeout off, because better-sqlite3 waits
 * synchronously and would block the event loop of an opener in the same process.
 */
export async function sqliteMigrationLock<T>(db: Kysely<any>, run: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      const result = await run(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

async function beginImmediate(conn: Kysely<any>): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
        await sleep(RETRY_EVERY_MS);
      }
    }
  } finally {
    await sql.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`).execute(conn);
  }
}
