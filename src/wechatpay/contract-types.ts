/**
 * Wire types of the contract (agreement) endpoints §3.1–§3.4, snake_case as WeChat Pay sends them.
 * Kept apart from types.ts, which is a frozen shared contract.
 */
import type { Contract, TerminationModeWire } from './types.js';

export type RealIdentityTypeWire = 'REAL_IDENTITY_TYPE_INVALID' | 'REAL_IDENTITY_TYPE_ID_CARD';

/**
 * Both strings must already be encrypted (RSA-OAEP-SHA1, Base64) under one `verifier.encryptionKey()`,
 * whose serial is then passed to the presign call.
 */
export interface RealIdentity {
  identity_type: RealIdentityTypeWire;
  identity_id: string;
  real_name: string;
}

/** "Sign and repay" data (semantics UNCONFIRMED). Note `deduct_amount` is an integer here. */
export interface PresignTradeInfo {
  out_trade_no: string;
  deduct_amount: number;
  description?: string;
  attach?: string;
  notify_url?: string;
}

/** §3.1 POST /v3/credit-repayment/partner/contracts/app-presign */
export interface AppPresignRequest {
  appid: string;
  plan_id: string;
  out_contract_code: string;
  /** Masked name: `***` + last character when longer than 4 characters, else `*` per earlier character. */
  display_name: string;
  contract_notify_url: string;
  repayment_day?: number;
  repayment_amount_limit: string;
  /**
   * UNCONFIRMED: the 2025-09 official APP page calls it `sub_merchant_code`, IM and the H5 page
   * `sub_mchid`; we send `sub_mchid` (the newer name) and let callers add the other if needed.
   */
  sub_mchid?: string;
  sub_appid?: string;
  real_identity?: RealIdentity;
  trade_info?: PresignTradeInfo;
}

export interface AppPresignResponse {
  presign_token: string;
  redirect_service?: string;
}

/** §3.2 POST /v3/credit-repayment/partner/contracts/h5-presign */
export interface H5PresignRequest extends AppPresignRequest {
  jump_info?: { jump_appid?: string };
}

export interface H5PresignResponse {
  redirect_url: string;
}

/**
 * §3.3 response (and §3.4's `contract_info`) as it may arrive. IM documented the termination mode
 * as `contract_termination_mode` until 2026-01-31, then as `contract_terminated_mode` (the callbacks'
 * name). Which one the live query sends is UNCONFIRMED, so both are read, the newer name first.
 */
export interface ContractQueryResponse extends Contract {
  /** The older documented name of `contract_terminated_mode`. */
  contract_termination_mode?: TerminationModeWire;
}

/** §3.4 POST /v3/credit-repayment/partner/contracts/terminate */
export interface TerminateContractRequest {
  out_contract_code: string;
  contract_termination_remark: string;
}

/** §3.4 response when WeChat Pay answers 200 with a body (204 gives `undefined`). */
export interface TerminateContractResponse {
  contract_info?: ContractQueryResponse;
}
