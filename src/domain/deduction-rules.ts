import { checkPositiveFen } from './amount-rules.js';
import { checkContractEffective } from './contract-rules.js';
import { checkOutRecordId, checkOutTradeNo } from './identifiers.js';
import { RuleViolation } from './rule-violation.js';
import type { ContractState, ReservationState } from './states.js';
import { checkText } from './text.js';

/** UNCONFIRMED for this product (§3.7): the general APIv3 limits for description and attach. */
export const DESCRIPTION_MAX_LENGTH = 127;
export const ATTACH_MAX_LENGTH = 128;

export interface DeductionInput {
  outTradeNo: string;
  outRecordId: string;
  deductAmount: number;
  description: string;
  attach: string | null;
}

export interface DeductionContext {
  contract: { state: ContractState; repaymentAmountLimit: number; contractId: string };
  reservation: { contractId: string; state: ReservationState; repaymentAmount: number; minRepaymentAmount: number | null };
}

/** WeChat Pay's rules for 发起还款 (§3.7), checked before we call it. Throws the first RuleViolation. */
export function checkDeduction(input: DeductionInput, context: DeductionContext): void {
  const { contract, reservation } = context;
  checkOutTradeNo(input.outTradeNo);
  checkOutRecordId(input.outRecordId);

  checkContractEffective(contract.state);

  if (reservation.contractId !== contract.contractId) {
    throw new RuleViolation(
      'outRecordId',
      `outRecordId must name a reservation of contract ${contract.contractId}; ${input.outRecordId} is not one`,
    );
  }
  // Deducting is only allowed after a successful reservation (§3.7).
  if (reservation.state !== 'SCHEDULED') {
    throw new RuleViolation(
      'outRecordId',
      `outRecordId must name a reservation WeChat Pay has accepted (SCHEDULED); reservation ${input.outRecordId} is ${reservation.state}`,
    );
  }

  checkDeductAmount(input.deductAmount, reservation, contract.repaymentAmountLimit);
  // Not checked here: whether the deduction must fall on the reservation's repayment_date
  // (UNCONFIRMED, §3.7 and §8.7). Refusing early or late deductions ourselves could block
  // repayments WeChat Pay accepts; if it refuses one, the caller gets its refusal as
  // WECHATPAY_ERROR (outcomeUnknown false) and nothing is kept. The simulator refuses a deduction
  // once the date has passed, so that path is exercised.

  checkText(input.description, 'description', { maxLength: DESCRIPTION_MAX_LENGTH, required: true });
  if (input.attach !== null) checkText(input.attach, 'attach', { maxLength: ATTACH_MAX_LENGTH, required: false });
}

/**
 * INFERENCE, UNCONFIRMED in the docs (§3.7): a deduction lies within its reservation,
 * minRepaymentAmount ≤ deductAmount ≤ repaymentAmount, and never above the contract's limit.
 */
function checkDeductAmount(
  amount: number,
  reservation: { repaymentAmount: number; minRepaymentAmount: number | null },
  limit: number,
): void {
  checkPositiveFen(amount, 'deductAmount');
  const low = reservation.minRepaymentAmount ?? 1;
  const high = reservation.repaymentAmount;
  if (amount < low || amount > high) {
    throw new RuleViolation(
      'deductAmount',
      `deductAmount must be between the reservation's minimum and repayment amounts, ${low}..${high} fen; got ${amount}`,
    );
  }
  if (amount > limit) {
    throw new RuleViolation('deductAmount', `deductAmount must not exceed the contract's repayment amount limit of ${limit} fen; got ${amount}`);
  }
}
