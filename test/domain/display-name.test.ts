import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMaskedDisplayName, maskDisplayName } from '../../src/domain/display-name.js';
import { checkPresign } from '../../src/domain/presign-rules.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

test('maskDisplayName keeps only the last character', () => {
  assert.equal(maskDisplayName('三'), '三'); // 1 character: nothing to hide
  assert.equal(maskDisplayName('张三'), '*三'); // 2
  assert.equal(maskDisplayName('欧阳小明'), '***明'); // 4
  assert.equal(maskDisplayName('ABCDE'), '***E'); // 5: exactly *** + last
  assert.equal(maskDisplayName('ABCDEFG'), '***G');
  assert.equal(maskDisplayName('Li.Wei'), '***i');
  assert.equal(maskDisplayName('A-B'), '**B'); // symbols are masked too
});

test('maskDisplayName counts code points and hides earlier 4-byte characters', () => {
  assert.equal(maskDisplayName('𠀀三'), '*三');
});

test('maskDisplayName trims surrounding spaces', () => {
  assert.equal(maskDisplayName(' 张三 '), '*三');
});

test('maskDisplayName rejects an empty name and a last character WeChat Pay cannot carry', () => {
  assert.throws(() => maskDisplayName(''), (e: unknown) => e instanceof RuleViolation && e.field === 'displayName');
  assert.throws(() => maskDisplayName('   '), RuleViolation);
  assert.throws(() => maskDisplayName('张😀'), (e: unknown) => e instanceof RuleViolation && e.field === 'displayName');
});

test('isMaskedDisplayName recognises the masked shape', () => {
  for (const good of ['三', '*三', '**C', '***G']) assert.equal(isMaskedDisplayName(good), true, good);
  for (const bad of ['', '张三', '****G', '** ', 'A*B', '*😀', ' 三']) assert.equal(isMaskedDisplayName(bad), false, bad);
});

test('masking is idempotent', () => {
  for (const name of ['三', '张三', '欧阳小明', 'ABCDEFG']) {
    const masked = maskDisplayName(name);
    assert.equal(isMaskedDisplayName(masked), true, name);
    assert.equal(maskDisplayName(masked), masked, name);
  }
});

test('maskDisplayName drops invisible characters at the ends and keeps a combined character whole', () => {
  assert.equal(maskDisplayName('张三\u200b'), '*三'); // zero-width space
  assert.equal(maskDisplayName('\ufeff张三\u200e'), '*三'); // BOM, left-to-right mark
  assert.equal(maskDisplayName('Jose\u0301'), '***\u00e9'); // é written as e + combining acute: composed, one code point
  assert.equal(maskDisplayName('\u1100\u1175\u11b7'), '\uae40'); // 김 as three jamo: one syllable
  assert.equal(maskDisplayName('*e\u0301'), '*\u00e9');
  assert.equal(isMaskedDisplayName('*\u00e9'), true);
  assert.throws(() => maskDisplayName('\u200b'), RuleViolation);
  // A mark Unicode has no composed form for would be shown alone: refused.
  for (const name of ['सीता', 'สมศักดิ์', 'x\u0302\u0301\u0323q\u0301']) assert.throws(() => maskDisplayName(name), RuleViolation, name);
});

test('checkPresign checks only the masked name that is sent', () => {
  const presign = (displayName: string) =>
    checkPresign({
      flow: 'APP', planId: '100001', outContractCode: 'C20261202001', displayName, repaymentDay: null, repaymentAmountLimit: 10_000,
      appid: 'wx_app', subMchid: null, subAppid: null, realIdentity: null, jumpAppid: null,
    }).displayName;
  assert.equal(presign('𠀀明'), '*明'); // a 4-byte character masked away
  assert.equal(presign(`${'A'.repeat(64)}B`), '***B'); // a 65-character name
  assert.throws(() => presign('明😀'), (e: unknown) => e instanceof RuleViolation && e.field === 'displayName');
  assert.throws(() => presign(' '), (e: unknown) => e instanceof RuleViolation && e.field === 'displayName');
});
