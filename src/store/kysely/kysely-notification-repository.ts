import { sql, type Kysely } from 'kysely';
import type { NotificationRecord, NotificationRepository } from '../store.js';
import type { Database } from './database.js';
import type { HotQueries } from './hot-queries.js';
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

  async get(id: string): Promise<NotificationRecord | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Reads migration 0008's partial index: its predicate is the query's `outcome = 'UNMATCHED'`. */
  async listUnmatched(limit: number, before?: { receivedAt: string; id: string }): Promise<Omit<NotificationRecord, 'envelope'>[]> {
    if (limit <= 0) return [];
    return this.db
      .selectFrom('notifications')
      .select(['id', 'eventType', 'createTime', 'receivedAt', 'subject', 'outcome'])
      // A literal, not a parameter: SQLite uses a partial index only for a term it can match as written.
      .where('outcome', '=', sql.lit('UNMATCHED'))
      // The sort's own key, so callbacks received in the same millisecond are neither skipped nor repeated.
      .$if(before !== undefined, (qb) =>
        qb.where(({ eb, refTuple, tuple }) => eb(refTuple('receivedAt', 'id'), '<', tuple(before!.receivedAt, before!.id))),
      )
      .orderBy('receivedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
