import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAppid, checkOutContractCode, checkOutRecordId, checkOutTradeNo, checkSubMchid } from '../../src/domain/identifiers.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

function rejects(fn: () => void, field: string, label: string): void {
  assert.throws(fn, (error: unknown) => error instanceof RuleViolation && error.field === field, label);
}

test('checkOutRecordId: 1..32 digits or ASCII letters', () => {
  for (const good of ['a', 'DeductOrder123456', 'x'.repeat(32)]) checkOutRecordId(good);
  for (const bad of ['', 'x'.repeat(33), 'abc-1', 'abc_1', 'a b', 'é', '１']) rejects(() => checkOutRecordId(bad), 'outRecordId', bad);
  rejects(() => checkOutRecordId('a-b', 'reservationId'), 'reservationId', 'custom field');
});

test('checkOutTradeNo: 6..32 digits or ASCII letters', () => {
  for (const good of ['abc123', 'DeductOrder123456', '1'.repeat(32)]) checkOutTradeNo(good);
  const bad = ['abc12', '1'.repeat(33), 'abc 123', 'abc.123', 'abc/123', '还款123456', 'A_b-c|d*e', 'order_2025', 'order-2025'];
  for (const value of bad) rejects(() => checkOutTradeNo(value), 'outTradeNo', value);
});

test('checkOutContractCode: 1..64 digits or ASCII letters', () => {
  for (const good of ['1', 'Contract123', 'c'.repeat(64)]) checkOutContractCode(good);
  for (const bad of ['', 'c'.repeat(65), 'c-1', 'c_1']) rejects(() => checkOutContractCode(bad), 'outContractCode', bad);
});

test('checkSubMchid: 1..32 digits', () => {
  for (const good of ['1900000109', '1'.repeat(32)]) checkSubMchid(good);
  for (const bad of ['', '1'.repeat(33), '19000001a9', ' 1900000109']) rejects(() => checkSubMchid(bad), 'subMchid', bad);
});

test('checkAppid: 1..32 printable ASCII without spaces', () => {
  for (const good of ['wxd678efh567hg6787', 'a', 'w'.repeat(32)]) checkAppid(good, 'subAppid');
  for (const bad of ['', 'w'.repeat(33), 'wx d678', 'wx\n', 'wx应用']) rejects(() => checkAppid(bad, 'subAppid'), 'subAppid', bad);
});

test('identifier messages say what is allowed and what was given', () => {
  assert.throws(() => checkOutRecordId('abc-1'), { message: 'outRecordId must be 1 to 32 digits or ASCII letters; got "abc-1"' });
});
