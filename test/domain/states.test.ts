import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canMoveDeductOrder,
  contractStateFromWire,
  DEDUCT_ORDER_STATES,
  deductOrderPredecessors,
  deductOrderStateFromWire,
  knownDeductOrderStateFromWire,
  FINAL_DEDUCT_ORDER_STATES,
  isFinalDeductOrderState,
  OPEN_DEDUCT_ORDER_STATES,
} from '../../src/domain/states.js';

test('PAY_SUCCESS and PAY_FAIL are final, the rest are open', () => {
  for (const state of DEDUCT_ORDER_STATES) {
    assert.equal(isFinalDeductOrderState(state), state === 'PAY_SUCCESS' || state === 'PAY_FAIL', state);
  }
  assert.deepEqual([...FINAL_DEDUCT_ORDER_STATES].sort(), ['PAY_FAIL', 'PAY_SUCCESS']);
  assert.deepEqual([...OPEN_DEDUCT_ORDER_STATES, ...FINAL_DEDUCT_ORDER_STATES].sort(), [...DEDUCT_ORDER_STATES].sort());
  for (const state of OPEN_DEDUCT_ORDER_STATES) assert.equal(isFinalDeductOrderState(state), false, state);
});

test('a deduct order only moves forward', () => {
  assert.equal(canMoveDeductOrder('SUBMITTING', 'PENDING'), true);
  assert.equal(canMoveDeductOrder('SUBMITTING', 'UNKNOWN'), true);
  assert.equal(canMoveDeductOrder('UNKNOWN', 'PENDING'), true);
  assert.equal(canMoveDeductOrder('PENDING', 'NOT_PAY'), true);
  assert.equal(canMoveDeductOrder('PENDING', 'PAY_SUCCESS'), true);
  assert.equal(canMoveDeductOrder('NOT_PAY', 'PAY_FAIL'), true);
  assert.equal(canMoveDeductOrder('NOT_PAY', 'PENDING'), false);
  assert.equal(canMoveDeductOrder('PENDING', 'SUBMITTING'), false);
  assert.equal(canMoveDeductOrder('PENDING', 'PENDING'), false);
});

test('a final state never moves, not even to the other final state', () => {
  for (const from of FINAL_DEDUCT_ORDER_STATES) {
    for (const to of DEDUCT_ORDER_STATES) assert.equal(canMoveDeductOrder(from, to), false, `${from} → ${to}`);
  }
});

test('deductOrderPredecessors lists exactly the states that may move to the target', () => {
  assert.deepEqual(deductOrderPredecessors('SUBMITTING'), []);
  assert.deepEqual(deductOrderPredecessors('UNKNOWN'), ['SUBMITTING']);
  assert.deepEqual(deductOrderPredecessors('PENDING'), ['SUBMITTING', 'UNKNOWN']);
  assert.deepEqual(deductOrderPredecessors('NOT_PAY'), ['SUBMITTING', 'UNKNOWN', 'PENDING']);
  assert.deepEqual(deductOrderPredecessors('PAY_SUCCESS'), ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY']);
  assert.deepEqual(deductOrderPredecessors('PAY_FAIL'), ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY']);
  for (const to of DEDUCT_ORDER_STATES) {
    for (const from of DEDUCT_ORDER_STATES) {
      assert.equal(deductOrderPredecessors(to).includes(from), canMoveDeductOrder(from, to), `${from} → ${to}`);
    }
  }
});

test('deduct order states map from the wire by dropping the prefix', () => {
  assert.equal(deductOrderStateFromWire('DEDUCT_ORDER_STATE_PENDING'), 'PENDING');
  assert.equal(deductOrderStateFromWire('DEDUCT_ORDER_STATE_NOT_PAY'), 'NOT_PAY');
  assert.equal(deductOrderStateFromWire('DEDUCT_ORDER_STATE_PAY_SUCCESS'), 'PAY_SUCCESS');
  assert.equal(deductOrderStateFromWire('DEDUCT_ORDER_STATE_PAY_FAIL'), 'PAY_FAIL');
});

test('our own states and unknown values are not accepted from the wire', () => {
  for (const wire of ['DEDUCT_ORDER_STATE_SUBMITTING', 'DEDUCT_ORDER_STATE_UNKNOWN', 'PAY_SUCCESS', 'DEDUCT_ORDER_STATE_REFUND', '']) {
    assert.throws(() => deductOrderStateFromWire(wire), /unknown deduct order state/, wire);
    assert.equal(knownDeductOrderStateFromWire(wire), undefined, wire);
  }
  assert.equal(knownDeductOrderStateFromWire('DEDUCT_ORDER_STATE_PAY_SUCCESS'), 'PAY_SUCCESS');
});

test('contract states map from the wire; INVALID is not effective; undocumented values throw', () => {
  assert.equal(contractStateFromWire('CONTRACT_STATE_EFFECTIVE'), 'EFFECTIVE');
  assert.equal(contractStateFromWire('CONTRACT_STATE_TERMINATED'), 'TERMINATED');
  // Documented (§3.3, §4), meaning UNCONFIRMED: the lowest state, which never overrides a stored one.
  assert.equal(contractStateFromWire('CONTRACT_STATE_INVALID'), 'PENDING');
  for (const wire of ['CONTRACT_STATE_PENDING', 'CONTRACT_STATE_SUSPENDED', 'EFFECTIVE', '']) {
    assert.throws(() => contractStateFromWire(wire), /unknown contract state/, wire);
  }
});
