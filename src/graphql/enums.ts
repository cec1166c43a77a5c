import { registerEnumType } from 'type-graphql';
import { CONTRACT_STATES, DEDUCT_ORDER_STATES, RESERVATION_STATES } from '../domain/states.js';

/** Enum objects whose values are the domain's own state strings, so records pass through unchanged. */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;
}

export const DeductOrderStateEnum = enumOf(DEDUCT_ORDER_STATES);
export const ContractStateEnum = enumOf(CONTRACT_STATES);
export const ReservationStateEnum = enumOf(RESERVATION_STATES);

registerEnumType(DeductOrderStateEnum, {
  name: 'DeductOrderState',
  description: "A repayment order's state. PENDING, NOT_PAY, PAY_SUCCESS and PAY_FAIL are WeChat Pay's; SUBMITTING and UNKNOWN are ours.",
  valuesConfig: {
    SUBMITTING: { description: 'Stored; the request to WeChat Pay is in flight.' },
    UNKNOWN: { description: 'WeChat Pay gave no usable answer (timeout, 5xx); being resolved by querying it.' },
    PENDING: { description: 'Accepted by WeChat Pay, being processed.' },
    NOT_PAY: { description: 'Not paid yet.' },
    PAY_SUCCESS: { description: 'Repaid. Final.' },
    PAY_FAIL: { description: 'The repayment failed. Final.' },
  },
});
registerEnumType(ContractStateEnum, {
  name: 'ContractState',
  description: 'PENDING: presigned, not yet signed by the user (also what WeChat Pay’s CONTRACT_STATE_INVALID reads as); EFFECTIVE: signed; TERMINATED: final.',
});
registerEnumType(ReservationStateEnum, {
  name: 'ReservationState',
  description: 'SUBMITTING: request in flight; UNKNOWN: outcome not known yet; SCHEDULED: accepted by WeChat Pay.',
});
