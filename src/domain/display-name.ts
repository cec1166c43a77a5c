import { RuleViolation } from './rule-violation.js';
import { checkText } from './text.js';

/** display_name is string(64) (§3.1); a masked name is at most 4 characters anyway. */
const DISPLAY_NAME_MAX_LENGTH = 64;

/** Spaces and invisible format characters (zero-width space, BOM, direction marks) at either end. */
const INVISIBLE_ENDS = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;
/**
 * Characters as code points after NFC composition: `é` written as e + U+0301 becomes one, as do
 * Korean jamo. Code points are what the mask rule counts (and the simulator checks); composing
 * first keeps an accent or a syllable whole where Unicode has one code point for it. (Grapheme
 * segmentation would keep more whole, but its masks are refused where code points are counted,
 * and it is slow on long input.)
 */
function visibleCharacters(text: string): string[] {
  return Array.from(text.normalize('NFC'));
}

/**
 * WeChat Pay's mask for the name on the signing page (§3.1): keep only the last character and
 * replace every earlier one by `*`; a name longer than 4 characters becomes exactly `***` + last.
 * Characters are code points after NFC composition (张三 → `*三`, ABCDEFG → `***G`, José written
 * with a combining accent → `***é`, one code point). Spaces and invisible format characters at either end are dropped
 * first, so the one character shown is never blank. Throws RuleViolation (field `displayName`) on
 * an empty name or one whose last character WeChat Pay cannot carry.
 */
export function maskDisplayName(name: string): string {
  const chars = visibleCharacters(name.replace(INVISIBLE_ENDS, ''));
  if (chars.length === 0) throw new RuleViolation('displayName', 'displayName must not be empty');
  // A mark with no precomposed form (Hindi, Thai vowel signs) would be shown alone.
  if (/^\p{M}$/u.test(chars[chars.length - 1]!)) {
    throw new RuleViolation('displayName', 'displayName must end in a character that can be shown alone, not a combining mark; pass the masked form yourself (e.g. *明)');
  }
  const masked = '*'.repeat(Math.min(chars.length - 1, 3)) + chars[chars.length - 1];
  checkText(masked, 'displayName', { maxLength: DISPLAY_NAME_MAX_LENGTH, required: true });
  return masked;
}

/** True when `value` already has the masked shape: 1..4 characters, all but the last `*`. */
export function isMaskedDisplayName(value: string): boolean {
  const chars = visibleCharacters(value);
  if (chars.length < 1 || chars.length > 4) return false;
  if (!chars.slice(0, -1).every((char) => char === '*')) return false;
  try {
    return maskDisplayName(value) === value;
  } catch {
    return false;
  }
}
