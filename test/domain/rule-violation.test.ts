import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleViolation } from '../../src/domain/rule-violation.js';

test('RuleViolation carries the field, the message and the BAD_USER_INPUT code', () => {
  const error = new RuleViolation('repaymentDate', 'repaymentDate is wrong');
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'RuleViolation');
  assert.equal(error.code, 'BAD_USER_INPUT');
  assert.equal(error.field, 'repaymentDate');
  assert.equal(error.message, 'repaymentDate is wrong');
});
