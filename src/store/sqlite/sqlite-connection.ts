import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { DialectConnection } from '../dialect-connection.js';
import { SqliteDirect, type StatementObserver } from './sqlite-direct.js';
import { sqliteMigrationLock } from './sqlite-migration-lock.js';
import { applySqlitePragmas, DEFAULT_WAL_AUTOCHECKPOINT_PAGES, type SqliteSynchronous } from './sqlite-pragmas.js';
import { sqlitePathFromUrl } from './sqlite-url.js';
import { StatementCache } from './statement-cache.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/**
 * Opens (creating its directory) the SQLite file named by `url`; `observe` sees the statements run
 * directly; `synchronous` says when a COMMIT is on disk (see SqliteSynchronous).
 */
export function connectSqlite(url: string, observe?: StatementObserver, synchronous?: SqliteSynchronous): DialectConnection {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    applySqlitePragmas(database, synchronous);
  } catch (error) {
    database.close();
    throw error;
  }
  // Checkpoints (and their fsyncs) run in a worker thread, not inside a COMMIT on the event loop.
  // If the worker fails, the connection checkpoints as often as SQLite's default again, so the
  // WAL (not fsynced at COMMIT under synchronous=NORMAL) stays as short as it was without one.
  const checkpointer =
    path === ':memory:'
      ? undefined
      : new WalCheckpointer(path, undefined, () => {
          if (database.open) database.pragma(`wal_autocheckpoint = ${DEFAULT_WAL_AUTOCHECKPOINT_PAGES}`);
        });
  // Kysely's SqliteDriver prepares every statement it runs; the cache keeps them by SQL text.
  const statements = new StatementCache(database);
  return {
    name: 'sqlite',
    dialect: new SqliteDialect({ database: statements }),
    schema: undefined,
    migrationLock: sqliteMigrationLock,
    // After ours, the worker closes its own connection; until it exits it may still touch the files.
    afterDestroy: async () => checkpointer?.close(),
    direct: new SqliteDirect(statements, database, observe),
  };
}
