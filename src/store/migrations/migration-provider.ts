import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as listIndexes from './0002-list-indexes.js';
import * as oneLiveOrderPerReservation from './0003-one-live-order-per-reservation.js';
import * as resubmissionRefusedAt from './0004-resubmission-refused-at.js';
import * as reservationResubmittedAt from './0005-reservation-resubmitted-at.js';
import * as orderOwnerFromReservation from './0006-order-owner-from-reservation.js';
import * as reservationStateUpdatedAt from './0007-reservation-state-updated-at.js';
import * as unmatchedNotifications from './0008-unmatched-notifications.js';
import * as notificationReconciliation from './0009-notification-reconciliation.js';
import * as requestedBy from './0010-requested-by.js';
import * as reservationPolling from './0011-reservation-polling.js';

/**
 * Migrations listed in code rather than found by a folder scan, so the compiled output runs
 * wherever it is copied. Names sort in the order they apply; add new ones at the end.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_list_indexes': listIndexes,
  '0003_one_live_order_per_reservation': oneLiveOrderPerReservation,
  '0004_resubmission_refused_at': resubmissionRefusedAt,
  '0005_reservation_resubmitted_at': reservationResubmittedAt,
  '0006_order_owner_from_reservation': orderOwnerFromReservation,
  '0007_reservation_state_updated_at': reservationStateUpdatedAt,
  '0008_unmatched_notifications': unmatchedNotifications,
  '0009_notification_reconciliation': notificationReconciliation,
  '0010_requested_by': requestedBy,
  '0011_reservation_polling': reservationPolling,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
