import type { CompiledQuery, Dialect, Kysely, QueryResult } from 'kysely';

/** What an adapter (`sqlite/`, `postgres/`) hands to `createStore`: a ready Kysely dialect. */
export interface DialectConnection {
  readonly name: 'sqlite' | 'postgres';
  readonly dialect: Dialect;
  /** Schema that holds our tables (PostgreSQL only); the migrator keeps its bookkeeping there too. */
  readonly schema: string | undefined;
  /** Runs `run` (the migrator) so that instances opening the database together do not collide. */
  migrationLock<T>(db: Kysely<any>, run: (db: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * Run after the dialect is destroyed: stops what the adapter started beside it (SQLite's
   * checkpoint worker) and settles once it has ended, so nothing touches the files after close().
   */
  afterDestroy?(): Promise<void>;
  /** SQLite only: its one connection's statements, run synchronously (see `DirectStatements`). */
  readonly direct?: DirectConnection;
}

/**
 * Statements run synchronously on SQLite's one connection, skipping Kysely's executor. Only for a
 * caller that holds that connection (`db.connection().execute(…)`), as group commit does, or for
 * a single statement while no transaction is open there.
 */
export interface DirectStatements {
  run<Row>(query: CompiledQuery<Row>): QueryResult<Row>;
  /** `run` behind Kysely's `executeQuery` signature, so repositories take either. */
  executeQuery<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>>;
  /** True while the connection has a transaction open (SQLite ends one itself on some errors). */
  readonly inTransaction: boolean;
}

/** `statements.run(query)` behind Kysely's `executeQuery` signature: a throw becomes a rejection. */
export function runAsPromise<Row>(statements: Pick<DirectStatements, 'run'>, query: CompiledQuery<Row>): Promise<QueryResult<Row>> {
  try {
    return Promise.resolve(statements.run(query));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The connection itself, as the holder of its transactions (group commit) sees it. */
export interface DirectConnection extends DirectStatements {
  /**
   * Ends the open transaction with ROLLBACK. If even that fails, closes the connection (SQLite rolls
   * the transaction back on close): a transaction left open would take in every later statement
   * on the connection, acknowledged writes included, and lose them all. The store then fails loudly
   * (and /readyz with it) until the process restarts. Never throws.
   */
  abandonTransaction(): void;
}
