import { ResponseVerificationError } from '../errors.js';

/**
 * A signed 2xx answer about another record than the one asked for is not an answer: applied, it
 * would change that other record. Its outcome stays unknown (a write may have been taken).
 * `field` is the answer's key, e.g. `out_trade_no`. `mayOmit`: an answer that names no record (no
 * body, or no such field) is let through, for answers whose shape is not confirmed and whose body
 * the caller does not use; one that names another record is still refused.
 */
export function aboutRecord<T>(answer: T, field: string, expected: string, options: { mayOmit?: boolean } = {}): T {
  const named = (answer as Record<string, unknown> | null | undefined)?.[field];
  if (named === expected || (options.mayOmit && named === undefined)) return answer;
  throw new ResponseVerificationError({
    reason: 'WRONG_RECORD',
    message: `WeChat Pay answered about ${field} ${String(named)}, not ${expected}`,
    outcomeUnknown: true,
  });
}
