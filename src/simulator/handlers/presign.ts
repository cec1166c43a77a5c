/**
 * §3.1 APP presign and §3.2 H5 presign. The user's part (confirming in WeChat) is played through
 * the H5 signing page (signing-page.ts) or the sandbox confirm/decline routes (sandbox-signing.ts).
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api-error.js';
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
import { checkEncryptedRealIdentity, type RealIdentity } from '../real-identity.js';
import type { Route, RouteRequest } from '../route.js';
import type { SimulatorContext } from '../simulator-context.js';
import { checkNotifyUrl } from './notify-url.js';

/** A presign token / redirect URL expires 10 minutes after issue (OFF-H5; INFERENCE for APP). */
export const PRESIGN_TOKEN_TTL_MS = 10 * 60 * 1000;

/**
 * Masked as the docs require (§3.1): the last character kept, every earlier one replaced by `*`,
 * and a name longer than 4 characters shown as exactly `***` plus its last character. So exactly
 * the strings of 0 to 3 `*` followed by any one character, including a last character that is
 * itself `*` (`*`, `**`, `****`). Enforced so that a client that forgets to mask fails here and not
 * in front of a user.
 */
const MASKED_NAME = /^\*{0,3}.$/su;

/** real_identity's fields (§3.1); the two values are encrypted (§6.6, real-identity.ts). */
const REAL_IDENTITY_FIELDS: FieldSchema = {
  identity_type: {
    type: 'string',
    required: true,
    pattern: /^REAL_IDENTITY_TYPE_ID_CARD$/,
    patternHint: 'must be REAL_IDENTITY_TYPE_ID_CARD',
  },
  identity_id: { type: 'string', required: true, maxBytes: 512 },
  real_name: { type: 'string', required: true, maxBytes: 512 },
};

const PRESIGN_SCHEMA: FieldSchema = {
  appid: { type: 'string', required: true, maxBytes: 32 },
  plan_id: { type: 'string', required: true, maxBytes: 64 },
  out_contract_code: {
    type: 'string',
    required: true,
    maxBytes: 64,
    pattern: DIGITS_AND_LETTERS,
    patternHint: 'must contain only digits and ASCII letters',
  },
  display_name: {
    type: 'string',
    required: true,
    maxBytes: 64,
    pattern: MASKED_NAME,
    patternHint: 'must be masked: up to three * then the last character, e.g. *明 or ***G',
  },
  contract_notify_url: { type: 'string', required: true, maxBytes: 256 },
  // UNCONFIRMED: official pages say optional, IM says required; optional is the reading that
  // rejects nothing the real API accepts. Range 1–31 is our own bound (a day of the month).
  repayment_day: { type: 'integer', min: 1, max: 31 },
  repayment_amount_limit: { type: 'string', required: true, pattern: FEN, patternHint: FEN_HINT },
  // UNCONFIRMED: the 2025-09 APP page called this `sub_merchant_code`; IM and the H5 page say sub_mchid.
  sub_mchid: { type: 'string', maxBytes: 32 },
  sub_appid: { type: 'string', maxBytes: 32 },
  // APP presign: optional. UNCONFIRMED (§8.3): the official APP page says optional, IM says
  // required; we follow the official page, which was readable on this point. H5: see below.
  real_identity: { type: 'object', fields: REAL_IDENTITY_FIELDS },
  // UNCONFIRMED semantics ("sign and repay"): validated for shape, otherwise not acted upon.
  trade_info: {
    type: 'object',
    fields: {
      // the number of the repayment order it would start: the same rule as on deduct-orders
      out_trade_no: { type: 'string', required: true, pattern: OUT_TRADE_NO, patternHint: OUT_TRADE_NO_HINT },
      deduct_amount: { type: 'integer', required: true, min: 1 },
      description: { type: 'string', maxBytes: 127 },
      attach: { type: 'string', maxBytes: 128 },
      notify_url: { type: 'string', maxBytes: 256 },
    },
  },
};

const H5_PRESIGN_SCHEMA: FieldSchema = {
  ...PRESIGN_SCHEMA,
  // UNCONFIRMED (§3.2): the required flag on the official H5 page was not readable and IM marks
  // real_identity required. The safe reading is required: a client that passes here cannot be
  // refused by WeChat Pay for leaving it out.
  real_identity: { type: 'object', required: true, fields: REAL_IDENTITY_FIELDS },
  jump_info: { type: 'object', fields: { jump_appid: { type: 'string', maxBytes: 32 } } },
};

function presign(ctx: SimulatorContext, request: RouteRequest, schema: FieldSchema): string {
  // Required on presign because the body carries fields encrypted with the WeChat Pay public key.
  const serial = request.headers['wechatpay-serial'];
  if (typeof serial !== 'string' || serial === '') {
    throw ApiError.param('Wechatpay-Serial', 'required header is missing', 'header');
  }
  if (serial !== ctx.credentials.wechatpayPublicKeyId) {
    throw ApiError.param('Wechatpay-Serial', `unknown public key id; this sandbox uses ${ctx.credentials.wechatpayPublicKeyId}`, 'header');
  }
  const body = parseJsonBody(request.body);
  checkFields(body, schema);
  if (body.appid !== ctx.credentials.appid) {
    throw ApiError.param('appid', `is not bound to merchant ${ctx.credentials.mchid}`);
  }
  const planId = body.plan_id as string;
  if (!ctx.credentials.plans[planId]) throw ApiError.param('plan_id', 'no such credit-repayment template');
  checkNotifyUrl('contract_notify_url', body.contract_notify_url as string);
  const trade = body.trade_info as Record<string, unknown> | undefined;
  if (trade?.notify_url !== undefined) checkNotifyUrl('trade_info.notify_url', trade.notify_url as string);
  // UNCONFIRMED code, as for schedule-records: an unrelated sub-merchant is a permission problem.
  if (body.sub_mchid !== undefined && !ctx.credentials.subMchids.includes(body.sub_mchid as string)) {
    throw ApiError.noAuth(`sub_mchid ${String(body.sub_mchid)} is not a sub-merchant of ${ctx.credentials.mchid}`);
  }
  const identity = body.real_identity as RealIdentity | undefined;
  const realIdentityDigest = identity ? checkEncryptedRealIdentity(identity, ctx.credentials.wechatpayPrivateKeyPem) : undefined;
  const code = body.out_contract_code as string;
  // OFF-H5: a code is single-use forever, whatever became of the earlier signing.
  if (ctx.state.usedContractCodes.has(code)) {
    throw ApiError.invalidRequest(`out_contract_code ${code} has already been used; choose a new one`);
  }
  ctx.state.usedContractCodes.add(code);
  const token = randomBytes(24).toString('base64url');
  ctx.state.presigns.set(token, {
    token,
    expires_at_ms: ctx.now().getTime() + PRESIGN_TOKEN_TTL_MS,
    used: false,
    contract_notify_url: body.contract_notify_url as string,
    ...(realIdentityDigest !== undefined ? { real_identity_digest: realIdentityDigest } : {}),
    contract: {
      plan_id: planId,
      out_contract_code: code,
      display_name: body.display_name as string,
      appid: ctx.credentials.appid,
      openid: '', // known once a user confirms
      repayment_amount_limit: body.repayment_amount_limit as string,
      ...(body.repayment_day !== undefined ? { repayment_day: body.repayment_day as number } : {}),
    },
  });
  return token;
}

export const appPresignRoute: Route = {
  method: 'POST',
  pattern: /^\/v3\/credit-repayment\/partner\/contracts\/app-presign$/,
  handle(ctx, request) {
    return { status: 200, body: { presign_token: presign(ctx, request, PRESIGN_SCHEMA) } };
  },
};

export const h5PresignRoute: Route = {
  method: 'POST',
  pattern: /^\/v3\/credit-repayment\/partner\/contracts\/h5-presign$/,
  handle(ctx, request) {
    const token = presign(ctx, request, H5_PRESIGN_SCHEMA);
    return {
      status: 200,
      body: { redirect_url: `${ctx.settings.baseUrl()}/sandbox/sign?presign_token=${encodeURIComponent(token)}` },
    };
  },
};
