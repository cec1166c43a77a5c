import { RuleViolation } from './rule-violation.js';

/**
 * Checks of merchant-chosen and WeChat-assigned identifiers against the documented character
 * sets and lengths (§2, §3.1, §3.5, §3.7). Each throws RuleViolation naming the GraphQL field.
 */

/** out_record_id: digits + ASCII letters, string(32) (§3.5). */
export function checkOutRecordId(value: string, field = 'outRecordId'): void {
  check(value, field, /^[0-9A-Za-z]{1,32}$/, '1 to 32 digits or ASCII letters');
}

/**
 * out_trade_no: the charset for this product is UNCONFIRMED (§2). Safe reading: 6..32 digits or
 * ASCII letters, what both plausible rules accept (the product's other merchant ids, out_record_id
 * and out_contract_code, are digits and letters only; the general APIv3 rule also allows `_-|*`).
 */
export function checkOutTradeNo(value: string, field = 'outTradeNo'): void {
  check(value, field, /^[0-9A-Za-z]{6,32}$/, '6 to 32 digits or ASCII letters');
}

/** out_contract_code: digits + ASCII letters, string(64) (§3.1). */
export function checkOutContractCode(value: string, field = 'outContractCode'): void {
  check(value, field, /^[0-9A-Za-z]{1,64}$/, '1 to 64 digits or ASCII letters');
}

/** sub_mchid: a merchant number, digits only, string(32). */
export function checkSubMchid(value: string, field = 'subMchid'): void {
  check(value, field, /^[0-9]{1,32}$/, '1 to 32 digits');
}

/** appid / sub_appid: string(32). Visible ASCII only (no space): AppIDs look like `wxd678efh567hg6787`. */
export function checkAppid(value: string, field: string): void {
  check(value, field, /^[\x21-\x7e]{1,32}$/, '1 to 32 printable ASCII characters without spaces');
}

function check(value: string, field: string, pattern: RegExp, allowed: string): void {
  if (typeof value === 'string' && pattern.test(value)) return;
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 70 ? `${value.slice(0, 70)}…` : value) : String(value);
  throw new RuleViolation(field, `${field} must be ${allowed}; got ${shown}`);
}
