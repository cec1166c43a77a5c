/**
 * Routes that exist only in the simulator (no signature needed, never on the real API): they play
 * the parts of the WeChat user and of the payment backend so tests and demos can drive the flow.
 *
 *   POST /sandbox/contracts                             a user signs an agreement (SIGN_CONTRACT)
 *   POST /sandbox/contracts/{out_contract_code}/terminate  the user terminates in WeChat (BY_USER)
 *   POST /sandbox/deduct-orders/{out_trade_no}/outcome  settle an order now
 *   GET  /sandbox/health
 */
import { ApiError } from '../api-error.js';
import { signContract, terminateContract } from '../contract-lifecycle.js';
import { sandboxContractJson } from '../contract-views.js';
import { isFinalOrderState, type SettleOutcome } from '../deduct-settlement.js';
import { checkFields, DIGITS_AND_LETTERS, FEN, FEN_HINT, type FieldSchema } from '../field-schema.js';
import { parseJsonBody } from '../json-body.js';
import { newOpenid, newOutContractCode } from '../random-ids.js';
import type { Route } from '../route.js';
import { checkNotifyUrl } from './notify-url.js';

const CREATE_CONTRACT_SCHEMA: FieldSchema = {
  openid: { type: 'string', required: true, maxBytes: 128 },
  plan_id: { type: 'string', required: true, maxBytes: 64 },
  out_contract_code: {
    type: 'string',
    required: true,
    maxBytes: 64,
    pattern: DIGITS_AND_LETTERS,
    patternHint: 'must contain only digits and ASCII letters',
  },
  repayment_amount_limit: { type: 'string', required: true, pattern: FEN, patternHint: FEN_HINT },
  // optional: without one (and without defaultContractNotifyUrl) no SIGN_CONTRACT is sent
  contract_notify_url: { type: 'string', maxBytes: 256 },
  display_name: { type: 'string', required: true, maxBytes: 64 },
  repayment_day: { type: 'integer', min: 1, max: 31 },
};

/** An empty body means "all defaults". */
function optionalJson(body: Buffer): Record<string, unknown> {
  return body.length === 0 ? {} : parseJsonBody(body);
}

function conflict(message: string): ApiError {
  return new ApiError(409, 'CONFLICT', message);
}

export const sandboxCreateContractRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/contracts$/,
  handle(ctx, { body }) {
    const input = {
      openid: newOpenid(),
      plan_id: '100001',
      out_contract_code: newOutContractCode(),
      repayment_amount_limit: '500000',
      display_name: '**明',
      ...optionalJson(body),
    } as Record<string, unknown>;
    if (input.contract_notify_url === undefined && ctx.settings.defaultContractNotifyUrl !== undefined) {
      input.contract_notify_url = ctx.settings.defaultContractNotifyUrl;
    }
    const notifyUrl = input.contract_notify_url as string | undefined;
    checkFields(input, CREATE_CONTRACT_SCHEMA);
    if (notifyUrl !== undefined) checkNotifyUrl('contract_notify_url', notifyUrl);
    const planId = input.plan_id as string;
    if (!ctx.credentials.plans[planId]) {
      throw ApiError.param('plan_id', `no such template; known: ${Object.keys(ctx.credentials.plans).join(', ')}`);
    }
    const code = input.out_contract_code as string;
    if (ctx.state.usedContractCodes.has(code)) throw conflict(`out_contract_code ${code} has already been used`);
    const contract = signContract(
      ctx,
      {
        plan_id: planId,
        out_contract_code: code,
        display_name: input.display_name as string,
        openid: input.openid as string,
        appid: ctx.credentials.appid,
        repayment_amount_limit: input.repayment_amount_limit as string,
        ...(input.repayment_day !== undefined ? { repayment_day: input.repayment_day as number } : {}),
      },
      notifyUrl,
    );
    return { status: 201, body: sandboxContractJson(contract) };
  },
};

export const sandboxTerminateContractRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/contracts\/(?<out_contract_code>[^/]+)\/terminate$/,
  handle(ctx, { params, body }) {
    const input = optionalJson(body);
    checkFields(input, { contract_termination_remark: { type: 'string', maxBytes: 128 } });
    const contract = ctx.state.contracts.get(params.out_contract_code);
    if (!contract) throw ApiError.notFound(`agreement ${params.out_contract_code} does not exist`);
    if (contract.contract_state !== 'CONTRACT_STATE_EFFECTIVE') {
      throw conflict(`agreement ${params.out_contract_code} is already ${contract.contract_state}`);
    }
    terminateContract(ctx, contract, 'TERMINATION_MODE_BY_USER', input.contract_termination_remark as string | undefined);
    return { status: 200, body: sandboxContractJson(contract) };
  },
};

export const sandboxSettleDeductOrderRoute: Route = {
  method: 'POST',
  pattern: /^\/sandbox\/deduct-orders\/(?<out_trade_no>[^/]+)\/outcome$/,
  handle(ctx, { params, body }) {
    const input = parseJsonBody(body);
    checkFields(input, {
      order_state: {
        type: 'string',
        required: true,
        pattern: /^DEDUCT_ORDER_STATE_(NOT_PAY|PAY_SUCCESS|PAY_FAIL)$/,
        patternHint: 'must be DEDUCT_ORDER_STATE_NOT_PAY (not final), DEDUCT_ORDER_STATE_PAY_SUCCESS or DEDUCT_ORDER_STATE_PAY_FAIL',
      },
    });
    const stored = ctx.state.deductOrders.get(params.out_trade_no);
    if (!stored) throw ApiError.notFound(`deduct order ${params.out_trade_no} does not exist`);
    if (isFinalOrderState(stored.order.order_state) || stored.order.order_state === input.order_state) {
      throw conflict(`deduct order ${params.out_trade_no} is already ${stored.order.order_state}`);
    }
    ctx.settlement.settle(stored, (input.order_state as string).replace('DEDUCT_ORDER_STATE_', '') as SettleOutcome);
    return { status: 200, body: stored.order };
  },
};

export const sandboxHealthRoute: Route = {
  method: 'GET',
  pattern: /^\/sandbox\/health$/,
  handle: () => ({ status: 200, body: { status: 'ok' } }),
};
