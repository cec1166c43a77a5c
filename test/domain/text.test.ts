import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleViolation } from '../../src/domain/rule-violation.js';
import { checkText } from '../../src/domain/text.js';

const required = { maxLength: 10, required: true };
const optional = { maxLength: 10, required: false };

function rejects(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof RuleViolation && error.field === 'description' && pattern.test(error.message));
}

test('checkText accepts 1-, 2- and 3-byte UTF-8 characters', () => {
  checkText('信贷还款', 'description', { maxLength: 12, required: true });
  checkText('café ©', 'description', required);
  checkText('€￿', 'description', required); // U+20AC and U+FFFF: 3 bytes each
});

test('checkText rejects 4-byte characters such as emoji', () => {
  rejects(() => checkText('还款😀', 'description', required), /1 to 3 UTF-8 bytes.*U\+1F600 at character 3/);
  rejects(() => checkText('𠀀', 'description', required), /U\+20000/); // CJK Extension B
});

test('checkText takes 4-byte characters in text of our own that WeChat Pay never sees, and the other rules still hold', () => {
  const ours = { maxLength: 3, required: true, unit: 'characters', sentToWechatPay: false } as const;
  checkText('还款😀', 'description', ours);
  rejects(() => checkText('还款😀!', 'description', ours), /at most 3 characters; got 4/);
  rejects(() => checkText('a\ud83d', 'description', ours), /unpaired surrogate/);
  rejects(() => checkText('a\nb', 'description', ours), /control characters/);
});

test('checkText rejects lone surrogates', () => {
  rejects(() => checkText('a\ud83d', 'description', required), /unpaired surrogate U\+D83D/);
  rejects(() => checkText('\ude00b', 'description', required), /unpaired surrogate U\+DE00/);
});

test('checkText rejects control characters', () => {
  for (const bad of ['a\nb', 'a\tb', 'a\u0000', '\u007f', '\u0085', '\u009f']) {
    rejects(() => checkText(bad, 'description', required), /control characters/);
  }
});

test('checkText counts UTF-8 bytes by default (the stricter reading of string(N))', () => {
  checkText('还还还a', 'description', required); // 10 bytes, 4 characters
  rejects(() => checkText('还还还ab', 'description', required), /at most 10 bytes of UTF-8.*got 11/);
  checkText('é'.repeat(5), 'description', required); // 2 bytes each
  rejects(() => checkText('é'.repeat(5) + 'a', 'description', required), /got 11/);
  checkText('a'.repeat(10), 'description', optional);
  rejects(() => checkText('a'.repeat(11), 'description', optional), /at most 10 bytes/);
});

test('checkText counts characters when told to, not bytes or UTF-16 units', () => {
  const characters = { maxLength: 10, required: true, unit: 'characters' as const };
  checkText('还'.repeat(10), 'description', characters); // 30 bytes, 10 characters
  rejects(() => checkText('还'.repeat(11), 'description', characters), /at most 10 characters; got 11/);
});

test('checkText: empty or blank is rejected when required, allowed when optional', () => {
  rejects(() => checkText('', 'description', required), /required/);
  rejects(() => checkText('   ', 'description', required), /required/);
  checkText('', 'description', optional);
});
