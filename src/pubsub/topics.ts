import type { ContractRecord, DeductOrderRecord } from '../store/store.js';

/**
 * Every topic carries a whole stored record (plain strings, numbers and nulls, so it survives the
 * JSON round trip through Redis unchanged). Records carry `version`, so a subscriber can drop an
 * event older than what it has already sent.
 */
export interface Topics {
  [topic: string]: unknown;
  /** Keyed by out_trade_no. */
  DEDUCT_ORDER_UPDATED: DeductOrderRecord;
  /** Every order of one contract, keyed by contract_id. */
  CONTRACT_DEDUCT_ORDER_UPDATED: DeductOrderRecord;
  /** Keyed by out_contract_code. */
  REPAYMENT_CONTRACT_UPDATED: ContractRecord;
  /** The same events keyed by contract_id, once WeChat Pay has assigned one. */
  REPAYMENT_CONTRACT_UPDATED_BY_ID: ContractRecord;
}
