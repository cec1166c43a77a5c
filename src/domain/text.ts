import { RuleViolation } from './rule-violation.js';

/**
 * Checks free text sent to WeChat Pay (description, attach, …).
 *
 * - Only UTF-8 characters of 1–3 bytes are supported (§6.1), i.e. code points up to U+FFFF:
 *   4-byte characters (most emoji, rare CJK in the supplementary planes) and lone surrogates
 *   (not encodable in UTF-8) are rejected.
 * - Control characters (C0, DEL, C1) are rejected: they have no place in a product description.
 * - `maxLength` counts characters (Unicode code points), not bytes or UTF-16 units. Whether
 *   WeChat Pay's string(N) counts bytes is UNCONFIRMED; a byte count would be stricter for CJK.
 * - When required, an empty or whitespace-only value is rejected.
 */
export function checkText(
  value: string,
  field: string,
  { maxLength, required }: { maxLength: number; required: boolean },
): void {
  if (typeof value !== 'string') throw new RuleViolation(field, `${field} must be a string`);
  if (required && value.trim() === '') throw new RuleViolation(field, `${field} is required and must not be blank`);
  let length = 0;
  for (const char of value) {
    length += 1;
    const code = char.codePointAt(0)!;
    if (code > 0xffff) {
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
  }
  if (length > maxLength) {
    throw new RuleViolation(field, `${field} must be at most ${maxLength} characters; got ${length}`);
  }
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
