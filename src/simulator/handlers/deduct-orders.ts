/**
 * §3.7 initiate a repayment (发起还款) and §3.8 query it. Orders answer PENDING and settle later
 * (see deduct-settlement.ts).
 */
import type { CreateDeductOrderRequest, DeductOrder } from '../../wechatpay/types.js';
import { ApiError } from '../api-error.js';
import { beijingDate } from '../beijing-time.js';
import {
  checkFields,
  DIGITS_AND_LETTERS,
  FEN,
  FEN_HINT,
  OUT_TRADE_NO,
  OUT_TRADE_NO_HINT,
  type FieldSchema,
} from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import type { Route } from '../route.js';
import { fingerprint } from '../simulator-state.js';
import { checkNotifyUrl } from './notify-url.js';

// Max lengths and the out_trade_no charset are UNCONFIRMED (§2, §8.2). description and attach take
// the limits of WeChat Pay's payment APIs (127 and 128 bytes); out_trade_no their 6–32 length but
// only digits and letters, as the product's other merchant ids (see OUT_TRADE_NO). A client that
// passes here passes there.
const DEDUCT_SCHEMA: FieldSchema = {
  contract_id: { type: 'string', required: true, maxBytes: 64 },
  out_trade_no: { type: 'string', required: true, pattern: OUT_TRADE_NO, patternHint: OUT_TRADE_NO_HINT },
  out_record_id: {
    type: 'string',
    required: true,
    maxBytes: 32,
    pattern: DIGITS_AND_LETTERS,
    patternHint: 'must contain only digits and ASCII letters',
  },
  deduct_amount: { type: 'string', required: true, pattern: FEN, patternHint: FEN_HINT },
  notify_url: { type: 'string', required: true, maxBytes: 256 },
  description: { type: 'string', required: true, maxBytes: 127 },
  attach: { type: 'string', maxBytes: 128 },
};

export const createDeductOrderRoute: Route = {
  method: 'POST',
  pattern: /^\/v3\/credit-repayment\/partner\/deduct-orders$/,
  handle(ctx, { body }) {
    const parsed = parseJsonBody(body);
    checkFields(parsed, DEDUCT_SCHEMA);
    const request = parsed as unknown as CreateDeductOrderRequest;
    checkNotifyUrl('notify_url', request.notify_url);

    // UNCONFIRMED (§6.7): an identical retry answers the order as it is now; reusing the number for
    // another order is refused.
    const existing = ctx.state.deductOrders.get(request.out_trade_no);
    if (existing) {
      if (existing.fingerprint === fingerprint(request)) return { status: 200, body: existing.order };
      throw ApiError.invalidRequest(`out_trade_no ${request.out_trade_no} was already used with different parameters`);
    }

    // A missing reservation/contract is INVALID_REQUEST, never 404: on the query a 404 means "this
    // order does not exist", and callers rely on that to resolve uncertain submissions.
    const contract = ctx.state.contractById(request.contract_id);
    if (!contract) throw ApiError.invalidRequest(`contract ${request.contract_id} does not exist`);
    if (contract.contract_state !== 'CONTRACT_STATE_EFFECTIVE') {
      throw ApiError.invalidRequest(`contract ${request.contract_id} is not effective (${contract.contract_state})`);
    }
    const reservation = ctx.state.scheduleRecords.get(request.out_record_id);
    if (!reservation || reservation.record.contract_id !== request.contract_id) {
      throw ApiError.invalidRequest(
        `no schedule record ${request.out_record_id} for contract ${request.contract_id}; schedule the repayment first`,
      );
    }

    // INFERENCE (§3.7): the amount must lie between the reservation's minimum and its amount.
    const amount = BigInt(request.deduct_amount);
    if (amount > BigInt(reservation.record.repayment_amount)) {
      throw ApiError.param('deduct_amount', `exceeds the reservation's repayment_amount ${reservation.record.repayment_amount}`);
    }
    if (amount < BigInt(reservation.record.min_repayment_amount)) {
      throw ApiError.param(
        'deduct_amount',
        `is below the reservation's min_repayment_amount ${reservation.record.min_repayment_amount}`,
      );
    }

    // UNCONFIRMED (§8.7): one live order per reservation. A failed order frees the reservation for
    // another attempt; a pending or paid one does not (no double charge).
    for (const other of ctx.state.deductOrders.values()) {
      if (
        other.order.out_record_id === request.out_record_id &&
        other.order.contract_id === request.contract_id &&
        other.order.order_state !== 'DEDUCT_ORDER_STATE_PAY_FAIL'
      ) {
        throw ApiError.invalidRequest(
          `schedule record ${request.out_record_id} already has order ${other.order.out_trade_no} (${other.order.order_state})`,
        );
      }
    }

    // UNCONFIRMED (§3.7, §8.7) whether a deduction must fall on repayment_date. Past that date the
    // strict reading is taken: the reservation has lapsed and the deduction is refused, so callers
    // meet that refusal here rather than first in production. Before it, the lenient reading: a
    // deduction is allowed at once (without it nothing could be repaid here without waiting for the
    // date, and the same refusal path is exercised by the late case).
    const today = beijingDate(ctx.now());
    if (today > reservation.record.repayment_date) {
      throw ApiError.invalidRequest(
        `schedule record ${request.out_record_id} was for ${reservation.record.repayment_date}, which has passed (today is ${today}, Beijing time); schedule the repayment again`,
      );
    }
    const order: DeductOrder = {
      out_trade_no: request.out_trade_no,
      out_record_id: request.out_record_id,
      appid: reservation.record.appid,
      openid: reservation.record.openid,
      contract_id: request.contract_id,
      order_state: 'DEDUCT_ORDER_STATE_PENDING',
      deduct_amount: request.deduct_amount,
      description: request.description,
    };
    if (reservation.record.sub_appid !== undefined) order.sub_appid = reservation.record.sub_appid;
    if (request.attach !== undefined) order.attach = request.attach;
    const stored = {
      order,
      sub_mchid: reservation.sub_mchid,
      notify_url: request.notify_url,
      fingerprint: fingerprint(request),
    };
    ctx.state.deductOrders.set(order.out_trade_no, stored);
    ctx.settlement.schedule(stored);
    return { status: 200, body: order };
  },
};

export const getDeductOrderRoute: Route = {
  method: 'GET',
  pattern: /^\/v3\/credit-repayment\/partner\/deduct-orders\/(?<out_trade_no>[^/]+)$/,
  handle(ctx, { params, query }) {
    for (const key of query.keys()) throw ApiError.param(key, 'unknown query parameter', 'query');
    const stored = ctx.state.deductOrders.get(params.out_trade_no);
    if (!stored) throw ApiError.notFound(`deduct order ${params.out_trade_no} does not exist`);
    return { status: 200, body: stored.order };
  },
};
