import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { DialectConnection } from '../dialect-connection.js';
import { sqliteMigrationLock } from './sqlite-migration-lock.js';
import { applySqlitePragmas } from './sqlite-pragmas.js';
import { sqlitePathFromUrl } from './sqlite-url.js';
import { StatementCache } from './statement-cache.js';

/** Opens (creating its directory) the SQLite file named by `url`. */
export function connectSqlite(url: string): DialectConnection {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    applySqlitePragmas(database);
  } catch (error) {
    database.close();
    throw error;
  }
  // Kysely's SqliteDriver prepares every statement it runs; the cache keeps them by SQL text.
  return { name: 'sqlite', dialect: new SqliteDialect({ database: new StatementCache(database) }), schema: undefined, migrationLock: sqliteMigrationLock };
}
