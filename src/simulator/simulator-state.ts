/**
 * Everything the simulated WeChat Pay remembers, in memory. Plain data; the rules live in handlers.
 */
import type {
  ContractStateWire,
  DeductOrder,
  ScheduleRecord,
  TerminationModeWire,
} from '../wechatpay/types.js';

export interface StoredContract {
  contract_id: string;
  plan_id: string;
  out_contract_code: string;
  display_name: string;
  contract_state: ContractStateWire;
  /** Business time of signing / termination. */
  signed_at: Date;
  terminated_at?: Date;
  terminated_mode: TerminationModeWire;
  termination_remark?: string;
  repayment_day?: number;
  openid: string;
  appid: string;
  /** Fen, digits. */
  repayment_amount_limit: string;
}

export interface StoredScheduleRecord {
  record: ScheduleRecord & { contract_id: string };
  sub_mchid: string;
  /** Canonical form of the request that created it, to tell a replay from a conflicting reuse. */
  fingerprint: string;
}

export interface StoredDeductOrder {
  order: DeductOrder;
  sub_mchid: string;
  notify_url: string;
  fingerprint: string;
  settleTimer?: NodeJS.Timeout;
}

export interface StoredPresign {
  /** presign_token (APP) or the token inside redirect_url (H5). */
  token: string;
  expires_at_ms: number;
  used: boolean;
  contract: Omit<StoredContract, 'contract_id' | 'signed_at' | 'contract_state' | 'terminated_mode'>;
  contract_notify_url: string;
  /** Digest of the decrypted real_identity, when the presign carried one (never the plaintext). */
  real_identity_digest?: string;
}

export class SimulatorState {
  /** Keyed by out_contract_code. */
  readonly contracts = new Map<string, StoredContract>();
  /** contract_id → out_contract_code. */
  readonly contractCodes = new Map<string, string>();
  /** Every out_contract_code ever presigned or signed: single use forever (OFF-H5). */
  readonly usedContractCodes = new Set<string>();
  /** Keyed by out_record_id: unique within the merchant (OFF-SCHED). */
  readonly scheduleRecords = new Map<string, StoredScheduleRecord>();
  /** Keyed by out_trade_no. */
  readonly deductOrders = new Map<string, StoredDeductOrder>();
  /** Keyed by token. */
  readonly presigns = new Map<string, StoredPresign>();

  addContract(contract: StoredContract): void {
    this.contracts.set(contract.out_contract_code, contract);
    this.contractCodes.set(contract.contract_id, contract.out_contract_code);
    this.usedContractCodes.add(contract.out_contract_code);
  }

  contractById(contractId: string): StoredContract | undefined {
    const code = this.contractCodes.get(contractId);
    return code === undefined ? undefined : this.contracts.get(code);
  }
}

/** Canonical JSON (sorted keys) so that field order does not make a replay look different (§6.1). */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
