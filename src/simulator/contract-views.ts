/**
 * How a stored contract appears on the wire: in query/terminate responses (§3.3, §3.4) and in the
 * SIGN_CONTRACT / TERMINATE_CONTRACT callback resources (§5.3).
 */
import type { Contract, ContractNotificationResource } from '../wechatpay/types.js';
import { beijingDateTime } from './beijing-time.js';
import type { StoredContract } from './simulator-state.js';

/**
 * UNCONFIRMED types (fact sheet §2): IM types `repayment_amount_limit` as an integer in query and
 * terminate responses but as a string in callbacks. We send exactly that, so clients are forced to
 * accept both (the safe reading: code that copes with both works whichever the live API uses).
 */
export function contractResponse(contract: StoredContract): Contract {
  const view: Contract = {
    contract_id: contract.contract_id,
    plan_id: contract.plan_id,
    out_contract_code: contract.out_contract_code,
    display_name: contract.display_name,
    contract_state: contract.contract_state,
    contract_signed_time: beijingDateTime(contract.signed_at),
    openid: contract.openid,
    appid: contract.appid,
    repayment_amount_limit: Number(contract.repayment_amount_limit),
  };
  if (contract.repayment_day !== undefined) view.repayment_day = contract.repayment_day;
  if (contract.terminated_at) {
    view.contract_terminated_time = beijingDateTime(contract.terminated_at);
    view.contract_terminated_mode = contract.terminated_mode;
    if (contract.termination_remark !== undefined) view.contract_termination_remark = contract.termination_remark;
  }
  return view;
}

/** UNCONFIRMED: `plan_id` is a number in IM's callback tables (a string elsewhere); we follow IM. */
export function contractNotificationResource(contract: StoredContract, spMchid: string): ContractNotificationResource {
  const resource: ContractNotificationResource = {
    sp_mchid: spMchid,
    contract_id: contract.contract_id,
    plan_id: /^\d{1,15}$/.test(contract.plan_id) ? Number(contract.plan_id) : contract.plan_id,
    out_contract_code: contract.out_contract_code,
    display_name: contract.display_name,
    contract_state: contract.contract_state,
    contract_signed_time: beijingDateTime(contract.signed_at),
    // INFERENCE: TERMINATION_MODE_INVALID while the agreement has not been terminated
    contract_terminated_mode: contract.terminated_mode,
    repayment_amount_limit: contract.repayment_amount_limit,
    appid: contract.appid,
    openid: contract.openid,
  };
  if (contract.repayment_day !== undefined) resource.repayment_day = contract.repayment_day;
  if (contract.terminated_at) resource.contract_terminated_time = beijingDateTime(contract.terminated_at);
  if (contract.termination_remark !== undefined) resource.contract_termination_remark = contract.termination_remark;
  return resource;
}

/**
 * The sandbox control routes' view: the query view, but with the limit as a digit string, our own
 * convention for fen (these routes are ours, not WeChat Pay's, so no wire format to mirror).
 */
export function sandboxContractJson(contract: StoredContract): Contract & { repayment_amount_limit: string } {
  return { ...contractResponse(contract), repayment_amount_limit: contract.repayment_amount_limit };
}
