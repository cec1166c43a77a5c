import type { Kysely } from 'kysely';
import type { NotificationRecord, NotificationRepository } from '../store.js';
import type { Database } from './database.js';

export class KyselyNotificationRepository implements NotificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async recordOnce(notification: NotificationRecord): Promise<boolean> {
    const inserted = await this.db
      .insertInto('notifications')
      .values({
        id: notification.id,
        eventType: notification.eventType,
        createTime: notification.createTime,
        receivedAt: notification.receivedAt,
        subject: notification.subject,
        outcome: notification.outcome,
        envelope: notification.envelope,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async get(id: string): Promise<NotificationRecord | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
