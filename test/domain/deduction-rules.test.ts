import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDeduction, type DeductionContext, type DeductionInput } from '../../src/domain/deduction-rules.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

const CONTRACT_ID = '20251105000000123456789';

function input(overrides: Partial<DeductionInput> = {}): DeductionInput {
  return { outTradeNo: 'DeductOrder123456', outRecordId: 'Record001', deductAmount: 5000, description: '信贷还款', attach: null, ...overrides };
}

function context(
  contract: Partial<DeductionContext['contract']> = {},
  reservation: Partial<DeductionContext['reservation']> = {},
): DeductionContext {
  return {
    contract: { state: 'EFFECTIVE', repaymentAmountLimit: 50000, contractId: CONTRACT_ID, ...contract },
    reservation: { contractId: CONTRACT_ID, state: 'SCHEDULED', repaymentAmount: 10000, minRepaymentAmount: 1000, ...reservation },
  };
}

function violates(field: string, pattern: RegExp = /./) {
  return (error: unknown) => error instanceof RuleViolation && error.field === field && pattern.test(error.message);
}

test('a valid deduction passes', () => {
  checkDeduction(input(), context());
  checkDeduction(input({ attach: '备注信息' }), context());
});

test('identifiers are checked', () => {
  assert.throws(() => checkDeduction(input({ outTradeNo: 'short' }), context()), violates('outTradeNo'));
  assert.throws(() => checkDeduction(input({ outRecordId: 'rec_1' }), context()), violates('outRecordId'));
});

test('the contract must be EFFECTIVE', () => {
  assert.throws(() => checkDeduction(input(), context({ state: 'TERMINATED' })), violates('contractId', /TERMINATED/));
  assert.throws(() => checkDeduction(input(), context({ state: 'PENDING' })), violates('contractId', /PENDING/));
});

test('the reservation must belong to the contract', () => {
  assert.throws(
    () => checkDeduction(input(), context({}, { contractId: '20251105000000999999999' })),
    violates('outRecordId', /must name a reservation of contract .*; R\w* is not one/),
  );
  assert.throws(
    () => checkDeduction(input(), context({}, { contractId: '20251105000000999999999' })),
    (error: Error) => !error.message.includes('20251105000000999999999'),
    'the other contract is never named',
  );
});

test('the reservation must be SCHEDULED', () => {
  for (const state of ['SUBMITTING', 'UNKNOWN'] as const) {
    assert.throws(() => checkDeduction(input(), context({}, { state })), violates('outRecordId', new RegExp(`is ${state}`)));
  }
});

test('deductAmount lies between the reservation minimum and repayment amount', () => {
  checkDeduction(input({ deductAmount: 1000 }), context());
  checkDeduction(input({ deductAmount: 10000 }), context());
  assert.throws(() => checkDeduction(input({ deductAmount: 999 }), context()), violates('deductAmount', /1000\.\.10000 fen; got 999/));
  assert.throws(() => checkDeduction(input({ deductAmount: 10001 }), context()), violates('deductAmount', /got 10001/));
});

test('without a reservation minimum any positive amount up to the repayment amount is allowed', () => {
  checkDeduction(input({ deductAmount: 1 }), context({}, { minRepaymentAmount: null }));
  for (const bad of [0, -5, 1.5]) {
    assert.throws(() => checkDeduction(input({ deductAmount: bad }), context({}, { minRepaymentAmount: null })), violates('deductAmount'));
  }
});

test('deductAmount must not exceed the contract limit (e.g. lowered after the reservation)', () => {
  assert.throws(() => checkDeduction(input({ deductAmount: 5000 }), context({ repaymentAmountLimit: 4999 })), violates('deductAmount', /limit of 4999/));
  checkDeduction(input({ deductAmount: 4999 }), context({ repaymentAmountLimit: 4999 }));
});

test('description: required, at most 127 bytes of UTF-8, no 4-byte characters', () => {
  checkDeduction(input({ description: '还'.repeat(42) + 'a' }), context()); // 127 bytes
  assert.throws(() => checkDeduction(input({ description: '还'.repeat(43) }), context()), violates('description', /at most 127 bytes/));
  assert.throws(() => checkDeduction(input({ description: '' }), context()), violates('description', /required/));
  assert.throws(() => checkDeduction(input({ description: '还款🙂' }), context()), violates('description', /UTF-8/));
});

test('attach: optional, at most 128 bytes', () => {
  checkDeduction(input({ attach: 'a'.repeat(128) }), context());
  checkDeduction(input({ attach: '' }), context());
  assert.throws(() => checkDeduction(input({ attach: 'a'.repeat(129) }), context()), violates('attach', /at most 128/));
  assert.throws(() => checkDeduction(input({ attach: 'a\nb' }), context()), violates('attach', /control/));
});
