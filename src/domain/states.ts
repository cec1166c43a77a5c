import { loggedWireValue } from '../wire-value.js';

/**
 * The three entities' states and the rules for moving between them. Pure: no I/O.
 *
 * A deduct order's life, as we track it:
 *
 *   SUBMITTING ──► PENDING ──► NOT_PAY ──► PAY_SUCCESS | PAY_FAIL   (final)
 *        │            └─────────────────► PAY_SUCCESS | PAY_FAIL
 *        └──► UNKNOWN (request may or may not have reached WeChat Pay; the poller resolves it)
 *
 * SUBMITTING and UNKNOWN are ours; the other four are WeChat Pay's `DEDUCT_ORDER_STATE_*`, stored
 * only as WeChat Pay reports them: we never infer PAY_FAIL (a refused resubmission stays UNKNOWN).
 * The relative order of PENDING and NOT_PAY is UNCONFIRMED in the API docs; we rank NOT_PAY after
 * PENDING so that a state never moves backwards and both stay non-final (the poller keeps asking).
 */

export const DEDUCT_ORDER_STATES = ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY', 'PAY_SUCCESS', 'PAY_FAIL'] as const;
export type DeductOrderState = (typeof DEDUCT_ORDER_STATES)[number];

export const FINAL_DEDUCT_ORDER_STATES: readonly DeductOrderState[] = ['PAY_SUCCESS', 'PAY_FAIL'];
export const OPEN_DEDUCT_ORDER_STATES: readonly DeductOrderState[] = ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY'];

const DEDUCT_ORDER_RANK: Record<DeductOrderState, number> = {
  SUBMITTING: 0,
  UNKNOWN: 1,
  PENDING: 2,
  NOT_PAY: 3,
  PAY_SUCCESS: 4,
  PAY_FAIL: 4,
};

export function isFinalDeductOrderState(state: DeductOrderState): boolean {
  return DEDUCT_ORDER_RANK[state] === 4;
}

/** States from which an order may move to `to`: strictly lower rank, never out of a final state. */
export function deductOrderPredecessors(to: DeductOrderState): DeductOrderState[] {
  return DEDUCT_ORDER_STATES.filter((from) => DEDUCT_ORDER_RANK[from] < DEDUCT_ORDER_RANK[to]);
}

export function canMoveDeductOrder(from: DeductOrderState, to: DeductOrderState): boolean {
  return DEDUCT_ORDER_RANK[from] < DEDUCT_ORDER_RANK[to];
}

const WIRE_PREFIX = 'DEDUCT_ORDER_STATE_';

/** `DEDUCT_ORDER_STATE_PAY_SUCCESS` → `PAY_SUCCESS`; throws on a value WeChat Pay does not document. */
export function deductOrderStateFromWire(wire: string): DeductOrderState {
  const state = knownDeductOrderStateFromWire(wire);
  if (state === undefined) throw new Error(`unknown deduct order state from WeChat Pay: ${loggedWireValue(wire)}`);
  return state;
}

/** The same reading, `undefined` for a state we do not know (for callers that branch on it). */
export function knownDeductOrderStateFromWire(wire: unknown): DeductOrderState | undefined {
  // Not a string (a callback may send anything): not a state we know.
  const state = typeof wire === 'string' && wire.startsWith(WIRE_PREFIX) ? wire.slice(WIRE_PREFIX.length) : '';
  return state === 'PENDING' || state === 'NOT_PAY' || state === 'PAY_SUCCESS' || state === 'PAY_FAIL' ? state : undefined;
}

/**
 * A contract is PENDING between our presign and WeChat Pay's SIGN_CONTRACT callback, then
 * EFFECTIVE, then TERMINATED (final). Contracts created in the simulator's sandbox start EFFECTIVE.
 */
export const CONTRACT_STATES = ['PENDING', 'EFFECTIVE', 'TERMINATED'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

/**
 * `CONTRACT_STATE_EFFECTIVE` → `EFFECTIVE` and so on; throws on a value WeChat Pay does not document.
 *
 * `CONTRACT_STATE_INVALID` is documented (§3.3, §4) but its meaning is UNCONFIRMED (by its name an
 * unset placeholder): we read it as "not effective" and map it to PENDING, the lowest state. A
 * snapshot never moves a contract down (the store ignores one ranking below the stored state), so
 * it leaves an EFFECTIVE or TERMINATED contract as it is, and never makes one EFFECTIVE.
 *
 * An undocumented (future) value is refused, as for deduct orders: we cannot tell whether it means
 * signed or terminated, so nothing is stored from it (a callback is answered 5xx and sent again).
 */
export function contractStateFromWire(wire: string): ContractState {
  if (wire === 'CONTRACT_STATE_EFFECTIVE') return 'EFFECTIVE';
  if (wire === 'CONTRACT_STATE_TERMINATED') return 'TERMINATED';
  // UNCONFIRMED meaning (INFERENCE: unset/placeholder): read as not effective, never EFFECTIVE.
  if (wire === 'CONTRACT_STATE_INVALID') return 'PENDING';
  throw new Error(`unknown contract state from WeChat Pay: ${loggedWireValue(wire)}`);
}

/**
 * A reservation is SUBMITTING while our request is in flight, SCHEDULED once WeChat Pay accepted
 * it, UNKNOWN when the request's fate is not known (timeout, 5xx) until a query settles it.
 */
export const RESERVATION_STATES = ['SUBMITTING', 'UNKNOWN', 'SCHEDULED'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];
