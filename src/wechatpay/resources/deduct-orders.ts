/** 发起还款 / 查询还款单 (deduction orders): §3.7 and §3.8. */
import type { HttpClient } from '../http-client.js';
import type { CreateDeductOrderRequest, DeductOrder } from '../types.js';
import { aboutRecord } from './about-record.js';

const BASE_PATH = '/v3/credit-repayment/partner/deduct-orders';

export interface DeductOrdersResource {
  /** POST …/deduct-orders. Never auto-retried: on an outcome-unknown error, query with {@link get}. */
  create(body: CreateDeductOrderRequest): Promise<DeductOrder>;
  /** GET …/deduct-orders/{out_trade_no} */
  get(outTradeNo: string): Promise<DeductOrder>;
}

export function createDeductOrdersResource(http: HttpClient): DeductOrdersResource {
  return {
    create: async (body) =>
      aboutRecord(await http.request<DeductOrder>({ method: 'POST', path: BASE_PATH, body }), 'out_trade_no', body.out_trade_no),
    get: async (outTradeNo) =>
      aboutRecord(
        await http.request<DeductOrder>({ method: 'GET', path: `${BASE_PATH}/${encodeURIComponent(outTradeNo)}` }),
        'out_trade_no',
        outTradeNo,
      ),
  };
}
