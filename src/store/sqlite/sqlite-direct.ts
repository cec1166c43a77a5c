import type { Database } from 'better-sqlite3';
import { CompiledQuery, type QueryResult } from 'kysely';
import { runAsPromise, type DirectConnection } from '../dialect-connection.js';
import type { StatementCache } from './statement-cache.js';

const ROLLBACK = CompiledQuery.raw('rollback');

/** Called after each statement ran or failed, like Kysely's `log` hook. Must not throw. */
export type StatementObserver = (sql: string, parameters: readonly unknown[]) => void;

/**
 * Runs compiled statements on the better-sqlite3 connection synchronously, skipping Kysely's
 * executor (its connection provider, driver wrapper and several promises per statement). The
 * results are what Kysely's SqliteDriver returns for the same statement, and the statements come
 * from the same `StatementCache`.
 *
 * Only for a caller that holds Kysely's one connection (`db.connection().execute(…)`), or for a
 * single statement while no transaction is open (`inTransaction`): anything else would run inside
 * whatever transaction another caller has open. Group commit holds the connection for its whole
 * BEGIN … COMMIT, so its members' statements run here; the root store's hot statements run here
 * when no transaction is open (kysely-store.ts).
 */
export class SqliteDirect implements DirectConnection {
  readonly #statements: StatementCache;
  readonly #database: Database;
  readonly #observe: StatementObserver | undefined;

  constructor(statements: StatementCache, database: Database, observe?: StatementObserver) {
    this.#statements = statements;
    this.#database = database;
    this.#observe = observe;
  }

  get inTransaction(): boolean {
    return this.#database.inTransaction;
  }

  run<Row>(query: CompiledQuery<Row>): QueryResult<Row> {
    const { sql, parameters } = query;
    try {
      const statement = this.#statements.prepare(sql);
      if (statement.reader) return { rows: statement.all(parameters) as Row[] };
      const { changes, lastInsertRowid } = statement.run(parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } finally {
      // Kysely's log hook sees failed statements too.
      this.#observe?.(sql, parameters);
    }
  }

  abandonTransaction(): void {
    if (!this.#database.inTransaction) return;
    try {
      this.run(ROLLBACK);
    } catch {
      try {
        this.#database.close();
      } catch {
        // Closing failed too: nothing more can be done from here; later statements still fail.
      }
    }
  }

  executeQuery<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> {
    return runAsPromise(this, query);
  }
}
