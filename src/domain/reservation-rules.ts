import { checkPositiveFen, isAtLeastPercent, minimumForPercent } from './amount-rules.js';
import { isCalendarDate, reservationDateWindow } from './beijing-date.js';
import { checkContractEffective } from './contract-rules.js';
import { checkAppid, checkOutRecordId, checkSubMchid } from './identifiers.js';
import { RuleViolation } from './rule-violation.js';
import type { ContractState } from './states.js';
import type { TemplateKind } from './template-kind.js';

export interface ReservationInput {
  outRecordId: string;
  subMchid: string;
  subAppid: string | null;
  repaymentAmount: number;
  minRepaymentAmount: number | null;
  repaymentDate: string;
}

export interface ReservationContext {
  contract: { state: ContractState; repaymentAmountLimit: number };
  templateKind: TemplateKind | undefined;
  now: Date;
}

/**
 * WeChat Pay's rules for 预约还款 (§3.5), checked before we call it. Throws the first RuleViolation.
 * The template's own per-repayment cap is not known to us, so only the contract's limit is checked.
 */
export function checkReservation(input: ReservationInput, context: ReservationContext): void {
  checkOutRecordId(input.outRecordId);
  checkSubMchid(input.subMchid);
  if (input.subAppid !== null) checkAppid(input.subAppid, 'subAppid');

  checkContractEffective(context.contract.state);

  checkPositiveFen(input.repaymentAmount, 'repaymentAmount');
  const limit = context.contract.repaymentAmountLimit;
  if (input.repaymentAmount > limit) {
    throw new RuleViolation(
      'repaymentAmount',
      `repaymentAmount must not exceed the contract's repayment amount limit of ${limit} fen; got ${input.repaymentAmount}`,
    );
  }

  checkMinRepaymentAmount(input.minRepaymentAmount, input.repaymentAmount, context.templateKind);

  checkRepaymentDate(input.repaymentDate, context.now);
}

/** What each template kind demands of min_repayment_amount (§3.5). */
function minRule(kind: TemplateKind | undefined): { required: boolean; percent: number; label: string } {
  switch (kind) {
    case 'CONSUMER_LOAN':
      return { required: true, percent: 5, label: 'a consumer-loan template' };
    case 'CASH_LOAN':
      return { required: false, percent: 10, label: 'a cash-loan template' };
    default:
      // Kind not configured for this plan: demand what satisfies both templates (required, ≥ 10 %).
      return { required: true, percent: 10, label: 'a template of unconfigured kind (the rule that satisfies both kinds)' };
  }
}

function checkMinRepaymentAmount(min: number | null, amount: number, kind: TemplateKind | undefined): void {
  const rule = minRule(kind);
  const floor = minimumForPercent(amount, rule.percent);
  if (min === null) {
    if (!rule.required) return;
    throw new RuleViolation(
      'minRepaymentAmount',
      `minRepaymentAmount is required for ${rule.label}: at least ${rule.percent} % of repaymentAmount (${floor} fen for ${amount}) and at most repaymentAmount`,
    );
  }
  checkPositiveFen(min, 'minRepaymentAmount');
  if (!isAtLeastPercent(min, amount, rule.percent)) {
    throw new RuleViolation(
      'minRepaymentAmount',
      `minRepaymentAmount must be at least ${rule.percent} % of repaymentAmount for ${rule.label}, i.e. ${floor}..${amount} fen; got ${min}`,
    );
  }
  if (min > amount) {
    throw new RuleViolation('minRepaymentAmount', `minRepaymentAmount must not exceed repaymentAmount (${amount} fen); got ${min}`);
  }
}

function checkRepaymentDate(date: string, now: Date): void {
  const { first, last } = reservationDateWindow(now);
  if (!isCalendarDate(date)) {
    throw new RuleViolation(
      'repaymentDate',
      `repaymentDate must be a calendar date written YYYY-MM-DD between ${first} and ${last} (Beijing time, D+1..D+14); got ${JSON.stringify(date)}`,
    );
  }
  // Zero-padded YYYY-MM-DD strings order like the dates they name.
  if (date < first || date > last) {
    throw new RuleViolation('repaymentDate', `repaymentDate must be between ${first} and ${last} (Beijing time, D+1..D+14); got ${date}`);
  }
}
