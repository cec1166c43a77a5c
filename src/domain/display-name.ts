import { RuleViolation } from './rule-violation.js';
import { checkText } from './text.js';

/** display_name is string(64) (§3.1); a masked name is at most 4 characters anyway. */
const DISPLAY_NAME_MAX_LENGTH = 64;

/**
 * WeChat Pay's mask for the name on the signing page (§3.1): keep only the last character and
 * replace every earlier one by `*`; a name longer than 4 characters becomes exactly `***` + last.
 * Characters are code points (张三 → `*三`, ABCDEFG → `***G`). Surrounding spaces are trimmed
 * first so a trailing space is never the one character shown. Throws RuleViolation (field
 * `displayName`) on an empty name or one whose last character WeChat Pay cannot carry.
 */
export function maskDisplayName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) throw new RuleViolation('displayName', 'displayName must not be empty');
  const masked = '*'.repeat(Math.min(chars.length - 1, 3)) + chars[chars.length - 1];
  checkText(masked, 'displayName', { maxLength: DISPLAY_NAME_MAX_LENGTH, required: true });
  return masked;
}

/** True when `value` already has the masked shape: 1..4 characters, all but the last `*`. */
export function isMaskedDisplayName(value: string): boolean {
  const chars = Array.from(value);
  if (chars.length < 1 || chars.length > 4) return false;
  if (!chars.slice(0, -1).every((char) => char === '*')) return false;
  try {
    return maskDisplayName(value) === value;
  } catch {
    return false;
  }
}
