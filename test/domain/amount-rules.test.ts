import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPositiveFen, isAtLeastPercent, minimumForPercent } from '../../src/domain/amount-rules.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

test('isAtLeastPercent compares exactly at the boundary', () => {
  assert.equal(isAtLeastPercent(50, 1000, 5), true);
  assert.equal(isAtLeastPercent(49, 1000, 5), false);
  assert.equal(isAtLeastPercent(51, 1019, 5), true); // 50.95
  assert.equal(isAtLeastPercent(50, 1019, 5), false);
  assert.equal(isAtLeastPercent(102, 1019, 10), true); // 101.9
  assert.equal(isAtLeastPercent(101, 1019, 10), false);
});

test('isAtLeastPercent stays exact beyond 2^53 intermediate products', () => {
  const max = Number.MAX_SAFE_INTEGER;
  assert.equal(isAtLeastPercent(900719925474100, max, 10), true);
  assert.equal(isAtLeastPercent(900719925474099, max, 10), false);
  assert.equal(isAtLeastPercent(450359962737050, max, 5), true); // 450359962737049.55
  assert.equal(isAtLeastPercent(450359962737049, max, 5), false);
});

test('minimumForPercent rounds up to whole fen', () => {
  assert.equal(minimumForPercent(1019, 5), 51n);
  assert.equal(minimumForPercent(1000, 5), 50n);
  assert.equal(minimumForPercent(1, 10), 1n);
  assert.equal(minimumForPercent(Number.MAX_SAFE_INTEGER, 10), 900719925474100n);
});

test('checkPositiveFen refuses zero, negatives, fractions and unsafe integers', () => {
  checkPositiveFen(1, 'x');
  for (const bad of [0, -1, 0.5, NaN, Number.MAX_SAFE_INTEGER + 1]) {
    assert.throws(() => checkPositiveFen(bad, 'x'), (e: unknown) => e instanceof RuleViolation && e.field === 'x', String(bad));
  }
});
