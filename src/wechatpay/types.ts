/**
 * Wire types of the credit-repayment partner API, snake_case exactly as WeChat Pay sends them.
 * Amounts are strings of digits in fen (as the API does), dates `YYYY-MM-DD`, times RFC 3339.
 */

export type DeductOrderStateWire =
  | 'DEDUCT_ORDER_STATE_PENDING'
  | 'DEDUCT_ORDER_STATE_NOT_PAY'
  | 'DEDUCT_ORDER_STATE_PAY_SUCCESS'
  | 'DEDUCT_ORDER_STATE_PAY_FAIL';

export type ContractStateWire = 'CONTRACT_STATE_INVALID' | 'CONTRACT_STATE_EFFECTIVE' | 'CONTRACT_STATE_TERMINATED';

export type TerminationModeWire =
  | 'TERMINATION_MODE_INVALID'
  | 'TERMINATION_MODE_BY_USER'
  | 'TERMINATION_MODE_BY_MERCHANT'
  | 'TERMINATION_MODE_BY_CUSTOMER_SERVICE';

/** §3.5 request item. Exactly one item per call is supported. */
export interface ScheduleItemRequest {
  out_record_id: string;
  sub_mchid: string;
  sub_appid?: string;
  repayment_amount: string;
  min_repayment_amount?: string;
  repayment_date: string;
}

/** §3.5 POST /v3/credit-repayment/partner/schedule-records/batch-create */
export interface BatchCreateScheduleRecordsRequest {
  contract_id: string;
  appid: string;
  openid: string;
  schedule_items: ScheduleItemRequest[];
}

/** §3.5/§3.6 response record. */
export interface ScheduleRecord {
  out_record_id: string;
  appid: string;
  sub_appid?: string;
  contract_id?: string;
  repayment_amount: string;
  min_repayment_amount: string;
  repayment_date: string;
  openid: string;
}

export interface BatchCreateScheduleRecordsResponse {
  schedule_records: ScheduleRecord[];
}

/** §3.7 POST /v3/credit-repayment/partner/deduct-orders */
export interface CreateDeductOrderRequest {
  contract_id: string;
  out_trade_no: string;
  out_record_id: string;
  deduct_amount: string;
  notify_url: string;
  description: string;
  attach?: string;
}

/** §3.7/§3.8 response object. */
export interface DeductOrder {
  out_trade_no: string;
  out_record_id: string;
  appid: string;
  sub_appid?: string;
  openid: string;
  contract_id: string;
  order_state: DeductOrderStateWire;
  deduct_amount: string;
  pay_success_amount?: string;
  description: string;
  attach?: string;
  transaction_id?: string;
}

/** §3.3 response; §3.4 wraps it in `contract_info`. */
export interface Contract {
  contract_id: string;
  plan_id: string;
  out_contract_code: string;
  display_name: string;
  contract_state: ContractStateWire;
  contract_signed_time?: string;
  contract_terminated_time?: string;
  contract_terminated_mode?: TerminationModeWire;
  contract_termination_remark?: string;
  repayment_day?: number;
  openid?: string;
  appid?: string;
  /** UNCONFIRMED: integer on the query page, string in callbacks; readers accept both. */
  repayment_amount_limit: string | number;
}

/** §5.2 callback envelope as received. */
export interface NotificationEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: {
    algorithm: string;
    ciphertext: string;
    nonce: string;
    associated_data: string;
    original_type: string;
  };
}

export type NotificationEventType =
  | 'CREDIT_REPAYMENT.SIGN_CONTRACT'
  | 'CREDIT_REPAYMENT.TERMINATE_CONTRACT'
  | 'CREDIT_REPAYMENT.DEDUCTION_PAY';

/** §5.3 decrypted SIGN_CONTRACT / TERMINATE_CONTRACT resource. */
export interface ContractNotificationResource {
  sp_mchid: string;
  contract_id: string;
  /** A number in callbacks, a string elsewhere (UNCONFIRMED): readers accept both. */
  plan_id: number | string;
  out_contract_code: string;
  display_name: string;
  contract_state: ContractStateWire;
  contract_signed_time: string;
  contract_terminated_time?: string;
  contract_terminated_mode: TerminationModeWire;
  contract_termination_remark?: string;
  repayment_day?: number;
  repayment_amount_limit: string;
  appid: string;
  openid: string;
}

/** §5.3 decrypted DEDUCTION_PAY resource. */
export interface DeductionPayNotificationResource {
  sp_mchid: string;
  sub_mchid: string;
  appid: string;
  sub_appid?: string;
  openid: string;
  order_state: DeductOrderStateWire;
  out_trade_no: string;
  out_record_id: string;
  contract_id: string;
  deduct_amount: string;
  pay_success_amount?: string;
  description: string;
  attach?: string;
  transaction_id?: string;
}

/** §6.2 error body. */
export interface ErrorBody {
  code: string;
  message: string;
  detail?: unknown;
}
