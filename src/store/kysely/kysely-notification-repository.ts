import type { Kysely } from 'kysely';
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
}
