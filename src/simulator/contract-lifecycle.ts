/**
 * The two things that happen to an agreement, whoever causes them: it gets signed (SIGN_CONTRACT to
 * the presign's contract_notify_url) and it gets terminated (TERMINATE_CONTRACT to the template-level
 * termination URL, §5.1).
 */
import type { TerminationModeWire } from '../wechatpay/types.js';
import { contractNotificationResource } from './contract-views.js';
import { newContractId } from './random-ids.js';
import type { SimulatorContext } from './simulator-context.js';
import type { StoredContract } from './simulator-state.js';

export type ContractTerms = Omit<
  StoredContract,
  'contract_id' | 'signed_at' | 'contract_state' | 'terminated_mode' | 'terminated_at' | 'termination_remark'
>;

export function signContract(ctx: SimulatorContext, terms: ContractTerms, contractNotifyUrl: string | undefined): StoredContract {
  const now = ctx.now();
  const contract: StoredContract = {
    ...terms,
    contract_id: newContractId(now),
    contract_state: 'CONTRACT_STATE_EFFECTIVE',
    signed_at: now,
    terminated_mode: 'TERMINATION_MODE_INVALID',
  };
  ctx.state.addContract(contract);
  ctx.notify(
    contractNotifyUrl,
    'CREDIT_REPAYMENT.SIGN_CONTRACT',
    contractNotificationResource(contract, ctx.credentials.mchid),
  );
  return contract;
}

/**
 * INFERENCE (§3.4): the callback also fires when the merchant itself terminates ("after termination
 * succeeds" makes no exception).
 */
export function terminateContract(
  ctx: SimulatorContext,
  contract: StoredContract,
  mode: TerminationModeWire,
  remark: string | undefined,
): void {
  contract.contract_state = 'CONTRACT_STATE_TERMINATED';
  contract.terminated_mode = mode;
  contract.terminated_at = ctx.now();
  if (remark !== undefined) contract.termination_remark = remark;
  ctx.notify(
    ctx.settings.terminationNotifyUrl,
    'CREDIT_REPAYMENT.TERMINATE_CONTRACT',
    contractNotificationResource(contract, ctx.credentials.mchid),
  );
}
