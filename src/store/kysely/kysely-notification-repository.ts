import { sql, type Kysely } from 'kysely';
import type { NotificationRecord, NotificationRepository, StoredNotification, UnmatchedNotificationRecord } from '../store.js';
import type { Database } from './database.js';
import type { HotQueries } from './hot-queries.js';
import { UNMATCHED_NOTIFICATION_COLUMNS } from './record-columns.js';
import { runTemplate, type QueryRunner } from './query-template.js';

export class KyselyNotificationRepository implements NotificationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly raw: QueryRunner,
    private readonly queries: HotQueries,
  ) {}

  /** INSERT … ON CONFLICT (id) DO NOTHING, precompiled (one per callback); false when the id was there. */
  async recordOnce(notification: NotificationRecord): Promise<boolean> {
    const { numAffectedRows } = await runTemplate(this.raw, this.queries.recordNotification, [
      notification.id,
      notification.eventType,
      notification.createTime,
      notification.receivedAt,
      notification.subject,
      notification.outcome,
      notification.envelope,
    ]);
    // A missing count must not pass for a repeat: that would acknowledge a callback not stored.
    if (numAffectedRows === undefined) throw new Error('the notification insert reported no affected-row count');
    return numAffectedRows > 0n;
  }

  async get(id: string): Promise<StoredNotification | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * The open ones read migration 0009's partial index, the reconciled ones 0008's: each query's
   * terms are those predicates as written (literals, not parameters), so SQLite can match them.
   */
  async listUnmatched(
    limit: number,
    before?: { receivedAt: string; id: string },
    reconciled = false,
  ): Promise<UnmatchedNotificationRecord[]> {
    if (limit <= 0) return [];
    return this.db
      .selectFrom('notifications')
      .select(UNMATCHED_NOTIFICATION_COLUMNS)
      .where('outcome', '=', sql.lit('UNMATCHED'))
      .where('reconciledAt', reconciled ? 'is not' : 'is', null)
      // The sort's own key, so callbacks received in the same millisecond are neither skipped nor repeated.
      .$if(before !== undefined, (qb) =>
        qb.where(({ eb, refTuple, tuple }) => eb(refTuple('receivedAt', 'id'), '<', tuple(before!.receivedAt, before!.id))),
      )
      .orderBy('receivedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async markReconciled(
    id: string,
    reconciliation: { reconciledAt: string; reconciledBy: string; reconciliationNote: string },
  ): Promise<UnmatchedNotificationRecord | null> {
    const marked = await this.db
      .updateTable('notifications')
      .set(reconciliation)
      .where('id', '=', id)
      .where('outcome', '=', 'UNMATCHED')
      .where('reconciledAt', 'is', null)
      .returning(UNMATCHED_NOTIFICATION_COLUMNS)
      .executeTakeFirst();
    return marked ?? null;
  }
}

