import { RuleViolation } from './rule-violation.js';
import type { ContractState } from './states.js';

/** Reservations and deductions need an EFFECTIVE contract (INFERENCE, §7: WeChat Pay's error codes are unreadable). */
export function checkContractEffective(state: ContractState): void {
  if (state !== 'EFFECTIVE') {
    const why = state === 'PENDING' ? 'the user has not finished signing it' : 'it has been terminated';
    throw new RuleViolation('contractId', `contractId must refer to an EFFECTIVE contract; this contract is ${state} (${why})`);
  }
}
