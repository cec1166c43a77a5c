/** Genuine DEDUCTION_PAY callbacks (signed with the sandbox's WeChat Pay key, encrypted with its APIv3 key). */
import { buildSignedNotification } from '../../src/simulator/signed-notification.js';
import type { DeductionPayNotificationResource } from '../../src/wechatpay/index.js';
import type { PendingOrder } from './seed.js';

export interface SandboxKeys {
  mchid: string;
  subMchid: string;
  apiV3Key: string;
  wechatpayPublicKeyId: string;
  wechatpayPrivateKeyPem: string;
}

export interface CraftedCallback {
  /** The notification id (envelope `id`). */
  id: string;
  outTradeNo: string;
  headers: Record<string, string>;
  body: string;
}

let sequence = 0;

export function paidCallback(keys: SandboxKeys, order: PendingOrder): CraftedCallback {
  const resource: DeductionPayNotificationResource = {
    sp_mchid: keys.mchid,
    sub_mchid: keys.subMchid,
    appid: order.appid,
    openid: order.openid,
    order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS',
    out_trade_no: order.outTradeNo,
    out_record_id: order.outRecordId,
    contract_id: order.contractId,
    deduct_amount: String(order.deductAmount),
    pay_success_amount: String(order.deductAmount),
    description: '信贷还款',
    transaction_id: `4200000000${Date.now()}${String(++sequence).padStart(5, '0')}`.slice(0, 28),
  };
  const id = `EV-BENCH-${Date.now().toString(36)}-${sequence}`;
  const signed = buildSignedNotification({
    eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
    resource,
    id,
    apiV3Key: keys.apiV3Key,
    wechatpayPrivateKey: keys.wechatpayPrivateKeyPem,
    wechatpayPublicKeyId: keys.wechatpayPublicKeyId,
  });
  return { id, outTradeNo: order.outTradeNo, headers: signed.headers, body: signed.body };
}
