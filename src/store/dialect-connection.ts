import type { Dialect, Kysely } from 'kysely';

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
}
