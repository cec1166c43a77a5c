import type { Logger } from '../logger.js';
import type { ReservationRecord, Store } from '../store/store.js';
import { describe } from './deduct-order-service.js';
import { lateLookAt, nextPollAt, pastGiveUpAge, pollingEndsAt } from './poll-schedule.js';
import { PollLoop } from './poll-loop.js';
import type { ReservationService } from './reservation-service.js';
import { ServiceError } from './service-error.js';

export interface ReservationPollerOptions {
  store: Store;
  reservations: ReservationService;
  intervalMs: number;
  /**
   * A claimed reservation is not handed to another poll round before this: as long as a query
   * with its retries and a resubmission may take (`pollLeaseMs` plus one request timeout).
   */
  leaseMs: number;
  batchSize?: number;
  log: Logger;
  now?: () => Date;
}

/**
 * Settles reservations left in doubt (SUBMITTING after a crash, UNKNOWN after an unanswered
 * create), as `refreshReservation` does: asks WeChat Pay, and sends one again that it does not
 * know. Until its repayment date has passed by the give-up age (`pollingEndsAt`); after that it is
 * left to reconciliation (`stuckReservations`).
 */
export class ReservationPoller extends PollLoop<ReservationRecord> {
  constructor(private readonly options: ReservationPollerOptions) {
    super('reservations', options);
  }

  protected claimDue(now: string, leaseUntil: string, limit: number): Promise<ReservationRecord[]> {
    return this.options.store.reservations.claimDueForPoll(now, leaseUntil, limit);
  }

  /** Reservations in doubt stored before they had a poller, or by an instance without one. */
  protected resume(at: string, repaymentDateFrom: string): Promise<number> {
    return this.options.store.reservations.resumePolling(at, repaymentDateFrom);
  }

  protected async resolve(reservation: ReservationRecord): Promise<void> {
    const { reservations, log } = this.options;
    const attempts = reservation.pollAttempts + 1;
    let after: ReservationRecord;
    try {
      after = await reservations.refresh(reservation.outRecordId, reservation.contractId);
    } catch (error) {
      // Gone: its first create was refused meanwhile, and the intent removed.
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return;
      log.warn({ outRecordId: reservation.outRecordId, err: describe(error) }, 'reservation query failed');
      await this.later(reservation, attempts, describe(error));
      return;
    }
    if (after.state === 'SCHEDULED') return; // its polling ended with the move
    const onlyQueried = after.state === 'UNKNOWN' && (after.resubmissionRefusedAt !== null || this.options.reservations.tooLateToSend(after));
    await this.later(reservation, attempts, this.whyInDoubt(after), onlyQueried);
  }

  /** Why a look left it in doubt, for `lastError`. */
  private whyInDoubt(reservation: ReservationRecord): string {
    if (reservation.state === 'SUBMITTING') return 'a create of it is being sent; asked again later';
    if (reservation.resubmissionRefusedAt !== null) {
      return `not confirmed by WeChat Pay; its resubmission was refused at ${reservation.resubmissionRefusedAt}, not sent again`;
    }
    if (this.options.reservations.tooLateToSend(reservation)) {
      return `not known to WeChat Pay, and its repayment date ${reservation.repaymentDate} is past what WeChat Pay takes: not sent again`;
    }
    return 'not confirmed by WeChat Pay (the create sent again was not answered)';
  }

  /**
   * Books the next look while the reservation still holds this round's lease (see OrderPoller's
   * `later`). Every 15 minutes once only WeChat Pay's own view can settle it (it will not be sent
   * again) or past the give-up age; with the orders' back-off before.
   */
  private async later(reservation: ReservationRecord, attempts: number, why: string, onlyQueried = false): Promise<void> {
    const now = this.now();
    const next =
      onlyQueried || pastGiveUpAge(reservation.createdAt, now)
        ? lateLookAt(now, pollingEndsAt(reservation.createdAt, reservation.repaymentDate))
        : nextPollAt(now, attempts);
    const booked = await this.options.store.reservations.reschedulePoll(
      reservation.outRecordId,
      { pollAttempts: attempts, nextPollAt: next, lastError: next === null ? `polling stopped after ${attempts} attempts: ${why}` : why },
      reservation.nextPollAt,
    );
    if (!booked) this.options.log.info({ outRecordId: reservation.outRecordId }, 'reservation settled or taken over while it was queried; leaving it');
  }
}
