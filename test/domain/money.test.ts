import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fenFromWire, formatFen, isFen, parseFen } from '../../src/domain/money.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

const MAX = Number.MAX_SAFE_INTEGER;

function violation(field: string) {
  return (error: unknown) => error instanceof RuleViolation && error.field === field && error.code === 'BAD_USER_INPUT';
}

test('parseFen accepts positive digit strings up to MAX_SAFE_INTEGER', () => {
  assert.equal(parseFen('1', 'amount'), 1);
  assert.equal(parseFen('10000', 'amount'), 10000);
  assert.equal(parseFen(String(MAX), 'amount'), MAX);
});

test('parseFen rejects zero, signs, decimals, leading zeros, spaces and non-ASCII digits', () => {
  for (const bad of ['', '0', '00', '01', '-1', '+1', '1.0', '1.5', '1e3', ' 1', '1 ', '0x10', '１２', '١', 'abc', '1_000']) {
    assert.throws(() => parseFen(bad, 'repaymentAmount'), violation('repaymentAmount'), JSON.stringify(bad));
  }
});

test('parseFen rejects values above MAX_SAFE_INTEGER, also very long ones', () => {
  assert.throws(() => parseFen(String(MAX + 1), 'deductAmount'), violation('deductAmount'));
  assert.throws(() => parseFen('9007199254740993', 'deductAmount'), violation('deductAmount'));
  assert.throws(() => parseFen('1'.repeat(400), 'deductAmount'), /at most 9007199254740991/);
});

test('parseFen messages name the field and the rule', () => {
  assert.throws(() => parseFen('1.5', 'repaymentAmount'), /^RuleViolation: repaymentAmount must be a positive whole number of fen/);
});

test('formatFen writes digits and throws on a non-fen number', () => {
  assert.equal(formatFen(0), '0');
  assert.equal(formatFen(10000), '10000');
  assert.equal(formatFen(MAX), '9007199254740991');
  for (const bad of [-1, 1.5, NaN, Infinity, MAX + 1]) assert.throws(() => formatFen(bad), RangeError, String(bad));
});

test('isFen is true for non-negative safe integers only', () => {
  assert.equal(isFen(0), true);
  assert.equal(isFen(MAX), true);
  for (const bad of [-1, 0.5, MAX + 1, NaN, '1', null, undefined, 1n]) assert.equal(isFen(bad), false, String(bad));
});

test('parseFen and formatFen round-trip', () => {
  for (const wire of ['1', '99', '123456789', String(MAX)]) assert.equal(formatFen(parseFen(wire, 'x')), wire);
});

test('fenFromWire reads what WeChat Pay reports, zero included, and nothing else', () => {
  assert.equal(fenFromWire('0'), 0);
  assert.equal(fenFromWire('5000'), 5000);
  assert.equal(fenFromWire(5000), 5000);
  assert.equal(fenFromWire(String(MAX)), MAX);
  for (const bad of ['', '01', '-1', '1.5', '50.00', '1e3', ' 1', String(MAX + 1), '9'.repeat(40), 1.5, -1, null, undefined, {}]) {
    assert.equal(fenFromWire(bad), undefined, JSON.stringify(bad));
  }
});
