/**
 * When to ask WeChat Pay again about an order that is not final. WeChat Pay never notifies a
 * failed deduction, so polling is how PAY_FAIL is learnt: often at first (a user watching a screen
 * should see it within seconds), then backing off to once a minute.
 */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;
/** Past this age an order is left for reconciliation instead of being polled forever. */
export const GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

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
