import { beijingDate, beijingDayEnd } from '../domain/beijing-date.js';

/**
 * When to ask WeChat Pay again about an order that is not final. WeChat Pay never notifies a
 * failed deduction, so polling is how PAY_FAIL is learnt: often at first (a user watching a screen
 * should see it within seconds), then backing off to once a minute.
 */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;
/** Past this age an order is left for reconciliation instead of being polled forever. */
export const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
/** How often an order still open at WeChat Pay is looked at once past the give-up age (see `pollingEndsAt`). */
export const LATE_POLL_DELAY_MS = 15 * 60_000;

export function pollDelayMs(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.floor(attempts / 3), MAX_DELAY_MS);
}

export function nextPollAt(now: Date, attempts: number): string {
  return new Date(now.getTime() + pollDelayMs(attempts)).toISOString();
}

/** Whether an order created at `createdAt` is past the give-up age at `now`: not polled, never sent again. */
export function pastGiveUpAge(createdAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(createdAt) > GIVE_UP_AFTER_MS;
}

/**
 * When polling an order stops. UNCONFIRMED what NOT_PAY (and a long PENDING) means, and whether
 * WeChat Pay deducts only on the reservation's repayment date (up to D+14, §3.5): if it waits for
 * that date, a PAY_FAIL may come days after the give-up age, and it is never notified. Safe
 * reading: an order WeChat Pay holds open (PENDING, NOT_PAY) is asked about until the give-up age
 * has passed since the end of its repayment date (Beijing), and never stops before the give-up age
 * after its creation. `repaymentDate` is undefined for an order without a stored reservation.
 */
export function pollingEndsAt(createdAt: string, repaymentDate: string | undefined): Date {
  const fromCreation = Date.parse(createdAt) + GIVE_UP_AFTER_MS;
  if (repaymentDate === undefined) return new Date(fromCreation);
  return new Date(Math.max(fromCreation, beijingDayEnd(repaymentDate).getTime() + GIVE_UP_AFTER_MS));
}

/** Past the give-up age: the next look 15 minutes from `now`, or null once `endsAt` (`pollingEndsAt`) has come. */
export function lateLookAt(now: Date, endsAt: Date): string | null {
  return now >= endsAt ? null : new Date(now.getTime() + LATE_POLL_DELAY_MS).toISOString();
}

/**
 * The earliest repayment date whose orders may still be polled at `now`: `pollingEndsAt` is past
 * for every order of an earlier date (its day ended more than the give-up age ago, Beijing time).
 */
export function earliestPolledRepaymentDate(now: Date): string {
  return beijingDate(new Date(now.getTime() - GIVE_UP_AFTER_MS));
}
