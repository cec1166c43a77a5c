import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReservation, type ReservationContext, type ReservationInput } from '../../src/domain/reservation-rules.js';
import { RuleViolation } from '../../src/domain/rule-violation.js';

// 2026-11-28T16:30Z is already 2026-11-29 00:30 in Beijing: D+1 = 2026-11-30, D+14 = 2026-12-13.
const NOW = new Date('2026-11-28T16:30:00Z');

function input(overrides: Partial<ReservationInput> = {}): ReservationInput {
  return {
    outRecordId: 'Record001',
    subMchid: '1900000109',
    subAppid: null,
    repaymentAmount: 10000,
    minRepaymentAmount: 1000,
    repaymentDate: '2026-12-01',
    ...overrides,
  };
}

function context(overrides: Partial<ReservationContext> = {}): ReservationContext {
  return { contract: { state: 'EFFECTIVE', repaymentAmountLimit: 50000 }, templateKind: 'CONSUMER_LOAN', now: NOW, ...overrides };
}

function violates(field: string, pattern: RegExp = /./) {
  return (error: unknown) => error instanceof RuleViolation && error.field === field && pattern.test(error.message);
}

test('a valid reservation passes', () => {
  checkReservation(input(), context());
  checkReservation(input({ subAppid: 'wxd678efh567hg6787' }), context());
});

test('identifiers are checked', () => {
  assert.throws(() => checkReservation(input({ outRecordId: 'rec-1' }), context()), violates('outRecordId'));
  assert.throws(() => checkReservation(input({ subMchid: 'abc' }), context()), violates('subMchid'));
  assert.throws(() => checkReservation(input({ subAppid: '' }), context()), violates('subAppid'));
});

test('the contract must be EFFECTIVE; the message says its state', () => {
  for (const state of ['PENDING', 'TERMINATED'] as const) {
    const ctx = context({ contract: { state, repaymentAmountLimit: 50000 } });
    assert.throws(() => checkReservation(input(), ctx), violates('contractId', new RegExp(`this contract is ${state}`)));
  }
});

test('repaymentAmount must not exceed the contract limit', () => {
  checkReservation(input({ repaymentAmount: 50000, minRepaymentAmount: 2500 }), context());
  assert.throws(
    () => checkReservation(input({ repaymentAmount: 50001, minRepaymentAmount: 2501 }), context()),
    violates('repaymentAmount', /limit of 50000 fen; got 50001/),
  );
});

test('repaymentAmount must be a positive fen amount', () => {
  for (const bad of [0, -1, 1.5]) {
    assert.throws(() => checkReservation(input({ repaymentAmount: bad, minRepaymentAmount: null }), context({ templateKind: 'CASH_LOAN' })), violates('repaymentAmount'));
  }
});

test('CONSUMER_LOAN: minRepaymentAmount required and at least 5 %, computed exactly', () => {
  const ctx = context({ templateKind: 'CONSUMER_LOAN' });
  assert.throws(() => checkReservation(input({ minRepaymentAmount: null }), ctx), violates('minRepaymentAmount', /required/));
  // 5 % of 1019 is 50.95: 51 passes, 50 fails.
  checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 51 }), ctx);
  assert.throws(
    () => checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 50 }), ctx),
    violates('minRepaymentAmount', /at least 5 % .* 51\.\.1019 fen; got 50/),
  );
  // Exactly 5 %.
  checkReservation(input({ repaymentAmount: 1000, minRepaymentAmount: 50 }), ctx);
  assert.throws(() => checkReservation(input({ repaymentAmount: 1000, minRepaymentAmount: 49 }), ctx), violates('minRepaymentAmount'));
});

test('CASH_LOAN: minRepaymentAmount optional, at least 10 % when present', () => {
  const ctx = context({ templateKind: 'CASH_LOAN' });
  checkReservation(input({ minRepaymentAmount: null }), ctx);
  // 10 % of 1019 is 101.9: 102 passes, 101 fails.
  checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 102 }), ctx);
  assert.throws(() => checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 101 }), ctx), violates('minRepaymentAmount', /10 %/));
  // 7 % would be enough for a consumer loan but not here.
  assert.throws(() => checkReservation(input({ repaymentAmount: 1000, minRepaymentAmount: 70 }), ctx), violates('minRepaymentAmount'));
});

test('unknown template kind: minRepaymentAmount required and at least 10 %', () => {
  const ctx = context({ templateKind: undefined });
  assert.throws(() => checkReservation(input({ minRepaymentAmount: null }), ctx), violates('minRepaymentAmount', /required/));
  assert.throws(() => checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 101 }), ctx), violates('minRepaymentAmount', /10 %/));
  checkReservation(input({ repaymentAmount: 1019, minRepaymentAmount: 102 }), ctx);
});

test('minRepaymentAmount must not exceed repaymentAmount and must be positive', () => {
  checkReservation(input({ repaymentAmount: 10000, minRepaymentAmount: 10000 }), context());
  assert.throws(() => checkReservation(input({ repaymentAmount: 10000, minRepaymentAmount: 10001 }), context()), violates('minRepaymentAmount', /must not exceed/));
  assert.throws(() => checkReservation(input({ minRepaymentAmount: 0 }), context({ templateKind: 'CASH_LOAN' })), violates('minRepaymentAmount'));
});

test('percentages stay exact at MAX_SAFE_INTEGER', () => {
  const max = Number.MAX_SAFE_INTEGER; // 9007199254740991; 10 % = 900719925474099.1 → 900719925474100
  const ctx = context({ templateKind: 'CASH_LOAN', contract: { state: 'EFFECTIVE', repaymentAmountLimit: max } });
  checkReservation(input({ repaymentAmount: max, minRepaymentAmount: 900719925474100 }), ctx);
  assert.throws(() => checkReservation(input({ repaymentAmount: max, minRepaymentAmount: 900719925474099 }), ctx), violates('minRepaymentAmount'));
  assert.throws(() => checkReservation(input({ repaymentAmount: max + 1, minRepaymentAmount: null }), ctx), violates('repaymentAmount'));
});

test('repaymentDate window D+1..D+14 near Beijing midnight', () => {
  checkReservation(input({ repaymentDate: '2026-11-30' }), context()); // D+1
  checkReservation(input({ repaymentDate: '2026-12-13' }), context()); // D+14
  // D+0: in UTC it would still be the 28th, so the 29th would look like D+1; in Beijing it is today.
  assert.throws(
    () => checkReservation(input({ repaymentDate: '2026-11-29' }), context()),
    { message: 'repaymentDate must be between 2026-11-30 and 2026-12-13 (Beijing time, D+1..D+14); got 2026-11-29' },
  );
  assert.throws(() => checkReservation(input({ repaymentDate: '2026-12-14' }), context()), violates('repaymentDate', /got 2026-12-14$/)); // D+15
});

test('repaymentDate: one minute before Beijing midnight the window is a day earlier', () => {
  const ctx = context({ now: new Date('2026-11-28T15:59:00Z') }); // 2026-11-28 23:59 Beijing
  checkReservation(input({ repaymentDate: '2026-11-29' }), ctx);
  checkReservation(input({ repaymentDate: '2026-12-12' }), ctx);
  assert.throws(
    () => checkReservation(input({ repaymentDate: '2026-12-13' }), ctx),
    { message: 'repaymentDate must be between 2026-11-29 and 2026-12-12 (Beijing time, D+1..D+14); got 2026-12-13' },
  );
});

test('repaymentDate must be a calendar date', () => {
  for (const bad of ['2026-11-31', '2026-12-1', '2026/12/01', '2026-12-01T00:00:00+08:00']) {
    assert.throws(() => checkReservation(input({ repaymentDate: bad }), context()), violates('repaymentDate', /calendar date/), bad);
  }
});

test('the first violation wins: ids before contract state before amounts before date', () => {
  const ctx = context({ contract: { state: 'TERMINATED', repaymentAmountLimit: 1 } });
  const all = input({ outRecordId: 'bad-id', repaymentAmount: 5, minRepaymentAmount: null, repaymentDate: 'x' });
  assert.throws(() => checkReservation(all, ctx), violates('outRecordId'));
  assert.throws(() => checkReservation({ ...all, outRecordId: 'ok' }, ctx), violates('contractId'));
  const effective = context({ contract: { state: 'EFFECTIVE', repaymentAmountLimit: 1 } });
  assert.throws(() => checkReservation({ ...all, outRecordId: 'ok' }, effective), violates('repaymentAmount'));
});
