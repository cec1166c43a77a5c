import { contractStateFromWire } from '../domain/states.js';
import { filteredIterator } from '../pubsub/filtered-iterator.js';
import type { ContractRecord, ContractSnapshot, Store } from '../store/store.js';
import type { ContractNotificationResource } from '../wechatpay/index.js';
import type { RepaymentEvents } from './repayment-events.js';

/** Repayment contracts as WeChat Pay reports them (SIGN_CONTRACT / TERMINATE_CONTRACT callbacks, queries). */
export class ContractService {
  constructor(
    private readonly store: Store,
    private readonly events: RepaymentEvents,
  ) {}

  getByContractId(contractId: string): Promise<ContractRecord | undefined> {
    return this.store.contracts.getByContractId(contractId);
  }

  /** Stores WeChat Pay's view; returns the changed row (to publish after commit) or null. */
  applyNotification(resource: ContractNotificationResource, store: Store = this.store): Promise<ContractRecord | null> {
    return store.contracts.applySnapshot(snapshotFromNotification(resource));
  }

  published(contract: ContractRecord): void {
    this.events.contractChanged(contract);
  }

  /** Live updates of one contract by out_contract_code, starting with its current state. */
  async watch(outContractCode: string): Promise<AsyncIterableIterator<ContractRecord>> {
    const source = this.events.pubsub.subscribe('REPAYMENT_CONTRACT_UPDATED', outContractCode);
    const current = await this.store.contracts.get(outContractCode);
    let sent = current?.version ?? 0;
    return filteredIterator(source, current ? [current] : [], (contract) => {
      if (contract.version <= sent) return false;
      sent = contract.version;
      return true;
    });
  }
}

function snapshotFromNotification(resource: ContractNotificationResource): ContractSnapshot {
  const limit = String(resource.repayment_amount_limit);
  if (!/^\d+$/.test(limit)) throw new Error(`repayment_amount_limit is not an amount in fen: ${limit}`);
  return {
    outContractCode: resource.out_contract_code,
    contractId: resource.contract_id,
    // A number in callbacks and a string elsewhere (UNCONFIRMED): stored as a string.
    planId: String(resource.plan_id),
    appid: resource.appid,
    openid: resource.openid,
    displayName: resource.display_name,
    state: contractStateFromWire(resource.contract_state),
    repaymentAmountLimit: Number(limit),
    repaymentDay: resource.repayment_day ?? null,
    signedAt: toIsoInstant(resource.contract_signed_time),
    terminatedAt: toIsoInstant(resource.contract_terminated_time),
    terminationMode:
      resource.contract_terminated_mode && resource.contract_terminated_mode !== 'TERMINATION_MODE_INVALID'
        ? resource.contract_terminated_mode.replace('TERMINATION_MODE_', '')
        : null,
    terminationRemark: resource.contract_termination_remark ?? null,
  };
}

function toIsoInstant(rfc3339: string | undefined): string | null {
  if (!rfc3339) return null;
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
