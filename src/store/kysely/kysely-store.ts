import { sql, type Kysely } from 'kysely';
import type { DirectConnection, DirectStatements } from '../dialect-connection.js';
import type { Store } from '../store.js';
import type { Database } from './database.js';
import { GroupCommit } from './group-commit.js';
import { HotQueries } from './hot-queries.js';
import { KyselyContractRepository } from './kysely-contract-repository.js';
import { KyselyDeductOrderRepository } from './kysely-deduct-order-repository.js';
import { KyselyNotificationRepository } from './kysely-notification-repository.js';
import { KyselyReservationRepository } from './kysely-reservation-repository.js';
import type { QueryRunner } from './query-template.js';
import type { StatementCounter } from './statement-counter.js';

export interface KyselyStoreOptions {
  /** What close() runs once the connection is gone (the adapter's `afterDestroy`). */
  afterClose?: () => Promise<void>;
  /** SQLite's synchronous statements: the root store then commits its transactions in groups. */
  direct?: DirectConnection;
  /** The store a transaction's work gets: `transaction()` joins it, and hot statements run on `runner`. */
  transaction?: { runner: QueryRunner };
}

/**
 * SQLite, outside transactions: a hot statement (one statement, atomic on its own) runs directly
 * on the connection unless a transaction is open there; then it goes through Kysely, which waits
 * for the transaction's holder to release the connection. Saves Kysely's executor on every
 * loader read and single write.
 */
function directUnlessInTransaction(direct: DirectStatements, kysely: QueryRunner): QueryRunner {
  return {
    executeQuery: (query) => (direct.inTransaction ? kysely.executeQuery(query) : direct.executeQuery(query)),
  };
}

/** The one implementation of the port; the dialect only shows in a few query details. */
export class KyselyStore implements Store {
  readonly contracts: KyselyContractRepository;
  readonly reservations: KyselyReservationRepository;
  readonly deductOrders: KyselyDeductOrderRepository;
  readonly notifications: KyselyNotificationRepository;
  /** SQLite only (one connection): concurrent transactions share a commit. PostgreSQL keeps one per call. */
  readonly #groupCommit: GroupCommit<Database, Store> | undefined;
  readonly #inTransaction: boolean;
  readonly #afterClose: () => Promise<void>;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Store['dialect'],
    private readonly counter: StatementCounter,
    /** Built from the root store's Kysely; its transactions share them. */
    private readonly queries: HotQueries = new HotQueries(db),
    options: KyselyStoreOptions = {},
  ) {
    this.#inTransaction = options.transaction !== undefined;
    this.#afterClose = options.afterClose ?? (async () => {});
    // Hot statements run precompiled, without plugins, on the same connection(s).
    const raw = options.transaction?.runner ?? (options.direct ? directUnlessInTransaction(options.direct, db.withoutPlugins()) : db.withoutPlugins());
    this.contracts = new KyselyContractRepository(db, raw, queries);
    this.reservations = new KyselyReservationRepository(db, dialect, raw, queries);
    this.deductOrders = new KyselyDeductOrderRepository(db, dialect, raw, queries);
    this.notifications = new KyselyNotificationRepository(db, raw, queries);
    const direct = options.direct;
    this.#groupCommit =
      direct && !this.#inTransaction
        ? new GroupCommit<Database, Store>(
            db,
            direct,
            (held, statements) => new KyselyStore(held, dialect, counter, queries, { transaction: { runner: statements } }),
          )
        : undefined;
  }

  /** Inside a transaction already, `work` joins it (Kysely has no nested `transaction()`). */
  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return work(this);
    if (this.#groupCommit) return this.#groupCommit.run(work);
    return this.db
      .transaction()
      .execute((trx) => work(new KyselyStore(trx, this.dialect, this.counter, this.queries, { transaction: { runner: trx.withoutPlugins() } })));
  }

  statementCount(): number {
    return this.counter.count;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.#inTransaction) throw new Error('close() the store that createStore returned, not a transaction');
    await this.db.destroy();
    await this.#afterClose();
  }
}
