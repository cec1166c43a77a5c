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

  /** INSERT … ON CONFLICT (id) DO NOTHING RETURNING id, precompiled (one per callback). */
  async recordOnce(notification: NotificationRecord): Promise<boolean> {
    const { rows } = await runTemplate(this.raw, this.queries.recordNotification, [
      notification.id,
      notification.eventType,
      notification.createTime,
      notification.receivedAt,
      notification.subject,
      notification.outcome,
      notification.envelope,
    ]);
    return rows.length > 0;
  }

  async get(id: string): Promise<NotificationRecord | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
