import { sql, type Kysely } from 'kysely';
import type { Store } from '../store.js';
import type { Database } from './database.js';
import { KyselyContractRepository } from './kysely-contract-repository.js';
import { KyselyDeductOrderRepository } from './kysely-deduct-order-repository.js';
import { KyselyNotificationRepository } from './kysely-notification-repository.js';
import { KyselyReservationRepository } from './kysely-reservation-repository.js';
import type { StatementCounter } from './statement-counter.js';

/** The one implementation of the port; the dialect only shows in a few query details. */
export class KyselyStore implements Store {
  readonly contracts: KyselyContractRepository;
  readonly reservations: KyselyReservationRepository;
  readonly deductOrders: KyselyDeductOrderRepository;
  readonly notifications: KyselyNotificationRepository;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Store['dialect'],
    private readonly counter: StatementCounter,
  ) {
    this.contracts = new KyselyContractRepository(db);
    this.reservations = new KyselyReservationRepository(db);
    this.deductOrders = new KyselyDeductOrderRepository(db, dialect);
    this.notifications = new KyselyNotificationRepository(db);
  }

  /** Inside a transaction already, `work` joins it (Kysely has no nested `transaction()`). */
  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(trx, this.dialect, this.counter)));
  }

  statementCount(): number {
    return this.counter.count;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.db.isTransaction) throw new Error('close() the store that createStore returned, not a transaction');
    await this.db.destroy();
  }
}
