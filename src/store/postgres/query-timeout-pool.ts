import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { withTimeout } from '../../with-timeout.js';

/** How long one PostgreSQL query may go unanswered; the store's statements take milliseconds. */
export const DEFAULT_POSTGRES_QUERY_TIMEOUT_MS = 30_000;

/**
 * The pg pool as Kysely sees it, with every query bounded. A connection that went silent (a NAT's
 * or a load balancer's idle timeout, a partition: no reset ever arrives) would otherwise hold its
 * query, and its pool slot, for ever; ten of them and every later query waits behind them, long
 * after PostgreSQL is reachable again, the order poller's round included. A query not answered in
 * time fails, and its connection is destroyed when it is released rather than handed to the next
 * query (pg's own `query_timeout` leaves the query active on it, and Kysely would release it as
 * healthy). `timeoutMs` 0 means no bound: migrations, which may rebuild an index, run so.
 */
export class QueryTimeoutPool implements PostgresPool {
  constructor(
    private readonly pool: pg.Pool,
    public timeoutMs: number,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let broken = false;
    const query = (sqlOrCursor: unknown, parameters?: readonly unknown[]): unknown => {
      // Kysely passes a cursor only for streaming, which the store does not use: left unbounded.
      if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable);
      const running = client.query(sqlOrCursor, parameters as unknown[]);
      const ms = this.timeoutMs;
      if (ms <= 0) return running;
      // Once abandoned, the query fails when its connection is destroyed: nobody waits for it then.
      running.catch(() => {});
      return withTimeout(running, ms, () => {
        broken = true;
        return new Error(`PostgreSQL did not answer within ${ms} ms; the connection is dropped`);
      });
    };
    return {
      query: query as PostgresPoolClient['query'],
      // pg-pool destroys a client released with a truthy argument.
      release: (destroy?: boolean) => client.release(destroy || broken ? true : undefined),
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** Runs `work` with no bound on queries (migrations), then restores it. */
  async unbounded<T>(work: () => Promise<T>): Promise<T> {
    const bound = this.timeoutMs;
    this.timeoutMs = 0;
    try {
      return await work();
    } finally {
      this.timeoutMs = bound;
    }
  }
}
