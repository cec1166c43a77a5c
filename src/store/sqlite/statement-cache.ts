import type { Database } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LruMap } from '../../lru-map.js';
import { ArrayRowStatement } from './array-row-statement.js';

type CachedStatement = SqliteStatement & { readonly busy: boolean };

/** How many distinct SQL texts keep a prepared statement; the hot paths use a few dozen. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

/**
 * The better-sqlite3 database as Kysely's `SqliteDialect` sees it, with `prepare(sql)` answered
 * from a bounded LRU of prepared statements keyed by SQL text. Kysely's SqliteDriver prepares on
 * every query; preparing is a large part of a simple statement's cost.
 *
 * Semantics are kept: a statement is the same SQL compiled the same way, so its `reader` flag and
 * results do not change; better-sqlite3 re-prepares internally when the schema changes. A cached
 * statement that is still busy (an unfinished `iterate`) is never handed out twice: the caller
 * gets a fresh, uncached one instead. A statement that names its result columns reads its rows
 * as arrays (`ArrayRowStatement`); one with a `*` keeps better-sqlite3's row objects, because
 * SQLite expands the `*` again when another connection changes the schema, and rows built for the
 * old columns would put values under the wrong names.
 */
export class StatementCache implements SqliteDatabase {
  readonly #database: Database;
  readonly #statements: LruMap<string, CachedStatement>;
  #hits = 0;
  #misses = 0;

  constructor(database: Database, capacity = DEFAULT_STATEMENT_CACHE_SIZE) {
    this.#statements = new LruMap(capacity);
    this.#database = database;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return this.#statementFor(sql);
      this.#hits += 1;
      return cached;
    }
    this.#misses += 1;
    const statement = this.#statementFor(sql);
    this.#statements.set(sql, statement);
    return statement;
  }

  #statementFor(sql: string): CachedStatement {
    const statement = this.#database.prepare(sql);
    return sql.includes('*') ? (statement as unknown as CachedStatement) : new ArrayRowStatement(statement);
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }

  /** Counters for tests and diagnostics. */
  stats(): { size: number; hits: number; misses: number } {
    return { size: this.#statements.size, hits: this.#hits, misses: this.#misses };
  }

  /** Whether `sql` currently has a cached statement (does not touch its recency). */
  has(sql: string): boolean {
    return this.#statements.has(sql);
  }
}
