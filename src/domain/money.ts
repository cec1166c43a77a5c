import { RuleViolation } from './rule-violation.js';

/** Amounts are integer fen. A non-negative safe integer, so arithmetic on it stays exact. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const POSITIVE_DIGITS = /^[1-9][0-9]*$/;
const MAX_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

/**
 * Parses a client-supplied amount in fen: ASCII digits only, no sign, decimal point, exponent or
 * leading zero; greater than 0 and at most Number.MAX_SAFE_INTEGER. Throws RuleViolation otherwise.
 */
export function parseFen(value: string, field: string): number {
  if (typeof value !== 'string' || !POSITIVE_DIGITS.test(value)) {
    throw new RuleViolation(
      field,
      `${field} must be a positive whole number of fen written as digits only (no sign, decimal point or leading zero); got ${quote(value)}`,
    );
  }
  // Compare the length first so a huge digit string never goes through a lossy Number conversion.
  if (value.length > MAX_DIGITS || Number(value) > Number.MAX_SAFE_INTEGER) {
    throw new RuleViolation(field, `${field} must be at most ${Number.MAX_SAFE_INTEGER} fen; got ${quote(value)}`);
  }
  return Number(value);
}

const WIRE_DIGITS = /^(0|[1-9][0-9]*)$/;

/**
 * An amount WeChat Pay reported (a JSON string of digits, zero allowed; some fields arrive as
 * numbers), or undefined when it is not one: never stored as a float or a guess.
 */
export function fenFromWire(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !WIRE_DIGITS.test(text) || text.length > MAX_DIGITS) return undefined;
  const fen = Number(text);
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** The wire form WeChat Pay uses for amounts: a JSON string of digits. Throws on a non-fen value (a bug). */
export function formatFen(fen: number): string {
  if (!isFen(fen)) throw new RangeError(`not an amount in fen (non-negative safe integer): ${String(fen)}`);
  return String(fen);
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
