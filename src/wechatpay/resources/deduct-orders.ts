/** 发起还款 / 查询还款单 (deduction orders): §3.7 and §3.8. */
import { ResponseVerificationError } from '../errors.js';
import type { HttpClient } from '../http-client.js';
import type { CreateDeductOrderRequest, DeductOrder } from '../types.js';

const BASE_PATH = '/v3/credit-repayment/partner/deduct-orders';

export interface DeductOrdersResource {
  /** POST …/deduct-orders. Never auto-retried: on an outcome-unknown error, query with {@link get}. */
  create(body: CreateDeductOrderRequest): Promise<DeductOrder>;
  /** GET …/deduct-orders/{out_trade_no} */
  get(outTradeNo: string): Promise<DeductOrder>;
}

export function createDeductOrdersResource(http: HttpClient): DeductOrdersResource {
  return {
    create: async (body) => aboutOrder(await http.request<DeductOrder>({ method: 'POST', path: BASE_PATH, body }), body.out_trade_no),
    get: async (outTradeNo) =>
      aboutOrder(await http.request<DeductOrder>({ method: 'GET', path: `${BASE_PATH}/${encodeURIComponent(outTradeNo)}` }), outTradeNo),
  };
}

/**
 * A signed 2xx answer about another order than the one asked for is not an answer: applied, it
 * would settle that other order. Its outcome stays unknown (a create may have been taken).
 */
function aboutOrder(answer: DeductOrder, outTradeNo: string): DeductOrder {
  if (answer?.out_trade_no === outTradeNo) return answer;
  throw new ResponseVerificationError({
    reason: 'WRONG_RECORD',
    message: `WeChat Pay answered about out_trade_no ${String(answer?.out_trade_no)}, not ${outTradeNo}`,
    outcomeUnknown: true,
  });
}
