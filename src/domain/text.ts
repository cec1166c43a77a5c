import { RuleViolation } from './rule-violation.js';

/**
 * Checks free text sent to WeChat Pay (description, attach, …).
 *
 * - Only UTF-8 characters of 1–3 bytes are supported (§6.1), i.e. code points up to U+FFFF:
 *   4-byte characters (most emoji, rare CJK in the supplementary planes) and lone surrogates
 *   (not encodable in UTF-8) are rejected.
 * - Control characters (C0, DEL, C1) are rejected: they have no place in a product description.
 * - `maxLength` counts UTF-8 bytes by default. Whether WeChat Pay's string(N) counts bytes or
 *   characters is UNCONFIRMED; bytes is the stricter reading for CJK (3 bytes a character), so a
 *   text we accept is never too long for WeChat Pay (the simulator counts bytes too). `unit:
 *   'characters'` (code points) is for limits of our own, not WeChat Pay's.
 * - When required, an empty or whitespace-only value is rejected.
 * - Text of our own that never reaches WeChat Pay (`sentToWechatPay: false`, with `unit:
 *   'characters'`) may hold 4-byte characters; the other rules hold.
 */
export function checkText(
  value: string,
  field: string,
  {
    maxLength,
    required,
    unit = 'bytes',
    sentToWechatPay = true,
  }: { maxLength: number; required: boolean; unit?: 'bytes' | 'characters'; sentToWechatPay?: boolean },
): void {
  if (typeof value !== 'string') throw new RuleViolation(field, `${field} must be a string`);
  if (required && value.trim() === '') throw new RuleViolation(field, `${field} is required and must not be blank`);
  let length = 0;
  let bytes = 0;
  for (const char of value) {
    length += 1;
    const code = char.codePointAt(0)!;
    if (code > 0xffff && sentToWechatPay) {
      throw new RuleViolation(
        field,
        `${field} must contain only characters of 1 to 3 UTF-8 bytes (WeChat Pay rejects 4-byte characters such as most emoji); found U+${hex(code)} at character ${length}`,
      );
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new RuleViolation(field, `${field} contains an unpaired surrogate U+${hex(code)} at character ${length}, which is not valid text`);
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      throw new RuleViolation(field, `${field} must not contain control characters (tab, newline, …); found U+${hex(code)} at character ${length}`);
    }
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  if (unit === 'characters' && length > maxLength) {
    throw new RuleViolation(field, `${field} must be at most ${maxLength} characters; got ${length}`);
  }
  if (unit === 'bytes' && bytes > maxLength) {
    throw new RuleViolation(field, `${field} must be at most ${maxLength} bytes of UTF-8 (a Chinese character takes 3); got ${bytes}`);
  }
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
