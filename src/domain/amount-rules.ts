import { RuleViolation } from './rule-violation.js';
import { isFen } from './money.js';

/** Amounts reach the rules already parsed; a non-fen or zero amount here is still refused, not trusted. */
export function checkPositiveFen(amount: number, field: string): void {
  if (!isFen(amount) || amount === 0) {
    throw new RuleViolation(field, `${field} must be a positive whole number of fen; got ${String(amount)}`);
  }
}

/**
 * `part * 100 >= whole * percent`, exactly. BigInt because `whole * percent` can pass
 * Number.MAX_SAFE_INTEGER; never a float division.
 */
export function isAtLeastPercent(part: number, whole: number, percent: number): boolean {
  return BigInt(part) * 100n >= BigInt(whole) * BigInt(percent);
}

/** The smallest whole fen that is at least `percent` % of `whole` (rounded up). */
export function minimumForPercent(whole: number, percent: number): bigint {
  return (BigInt(whole) * BigInt(percent) + 99n) / 100n;
}
