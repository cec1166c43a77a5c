/**
 * Errors of the WeChat Pay SDK, one class per kind of failure (stripe-node's `Error.ts` style).
 *
 * Callers in other layers should branch on `type` and `code` (see {@link isWechatpayError}), not
 * on `instanceof`: a second copy of this module (another build, another bundle) breaks instanceof.
 * `outcomeUnknown` is the field a service must read before deciding what to do after a failed
 * write: when true the request may have taken effect at WeChat Pay, so resolve it by querying.
 * Messages never carry keys, signatures or request bodies.
 */

export type WechatpayErrorType =
  | 'api_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'connection_error'
  | 'response_verification_error'
  | 'notification_error'
  | 'configuration_error';

const ERROR_TYPES: ReadonlySet<string> = new Set<WechatpayErrorType>([
  'api_error',
  'authentication_error',
  'rate_limit_error',
  'server_error',
  'connection_error',
  'response_verification_error',
  'notification_error',
  'configuration_error',
]);

export interface WechatpayErrorInit {
  message: string;
  code: string;
  status?: number;
  detail?: unknown;
  requestId?: string;
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export abstract class WechatpayError extends Error {
  /** Discriminator: branch on this (and `code`), not on the class. */
  abstract readonly type: WechatpayErrorType;
  readonly status?: number;
  /** Upstream `code` (e.g. `PARAM_ERROR`), or ours for local failures (e.g. `TIMEOUT`). */
  readonly code: string;
  readonly detail?: unknown;
  /** WeChat Pay's `Request-ID` response header: quote it to WeChat Pay support. */
  readonly requestId?: string;
  /** True when the request may have taken effect although we got no usable answer. */
  readonly outcomeUnknown: boolean;

  constructor(init: WechatpayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** Type guard that works across module copies: checks the shape, not the prototype. */
  static isWechatpayError(error: unknown): error is WechatpayError {
    return isWechatpayError(error);
  }
}

/** 4xx business or parameter errors (`PARAM_ERROR`, `INVALID_REQUEST`, `NO_AUTH`, not-found…). */
export class WechatpayApiError extends WechatpayError {
  override readonly type = 'api_error' as const;
}

/** 401 `SIGN_ERROR`: WeChat Pay could not verify our request signature. */
export class WechatpayAuthenticationError extends WechatpayError {
  override readonly type = 'authentication_error' as const;
}

/** 429: rate limited; nothing was done. */
export class WechatpayRateLimitError extends WechatpayError {
  override readonly type = 'rate_limit_error' as const;
}

/** 5xx, a 202 "accepted" without a result, or another status we cannot interpret: the request may or may not have been applied. */
export class WechatpayServerError extends WechatpayError {
  override readonly type = 'server_error' as const;
  constructor(init: WechatpayErrorInit) {
    super({ ...init, outcomeUnknown: init.outcomeUnknown ?? true });
  }
}

/** Network failure or timeout: the request may have reached WeChat Pay. Codes `CONNECTION_ERROR`, `TIMEOUT`. */
export class WechatpayConnectionError extends WechatpayError {
  override readonly type = 'connection_error' as const;
  constructor(init: WechatpayErrorInit) {
    super({ ...init, outcomeUnknown: init.outcomeUnknown ?? true });
  }
}

/** Local misconfiguration detected before anything was sent (e.g. no valid certificate to encrypt with). */
export class WechatpayConfigurationError extends WechatpayError {
  override readonly type = 'configuration_error' as const;
  constructor(init: Omit<WechatpayErrorInit, 'outcomeUnknown' | 'status'>) {
    super({ ...init, outcomeUnknown: false });
  }
}

/** Why a WeChat Pay signature (response or callback) was not accepted. */
export type SignatureFailureReason = 'PROBE' | 'STALE_TIMESTAMP' | 'UNKNOWN_SERIAL' | 'BAD_SIGNATURE';

/** Why a response was not usable although WeChat Pay answered 2xx. */
export type ResponseVerificationReason = SignatureFailureReason | 'MISSING_HEADERS' | 'MALFORMED_BODY' | 'WRONG_RECORD';

/**
 * A 2xx response we cannot trust or read. Such a response may well mean "done", so by default
 * outcomeUnknown is true: query before retrying a write.
 */
export class ResponseVerificationError extends WechatpayError {
  override readonly type = 'response_verification_error' as const;
  readonly reason: ResponseVerificationReason;
  /** The `Wechatpay-Serial` the response named, when it named one. */
  readonly serial?: string;

  constructor(init: Omit<WechatpayErrorInit, 'code'> & { reason: ResponseVerificationReason; serial?: string }) {
    super({ ...init, code: init.reason, outcomeUnknown: init.outcomeUnknown ?? true });
    this.reason = init.reason;
    this.serial = init.serial;
  }
}

/** Thrown by a verifier: the signature over `TIMESTAMP\nNONCE\nBODY\n` was not accepted. */
export class SignatureVerificationError extends ResponseVerificationError {
  declare readonly reason: SignatureFailureReason;

  constructor(init: Omit<WechatpayErrorInit, 'code'> & { reason: SignatureFailureReason; serial?: string }) {
    super(init);
  }
}

export type NotificationFailureReason =
  | 'MISSING_HEADERS'
  | SignatureFailureReason
  | 'MALFORMED'
  | 'UNSUPPORTED_ALGORITHM'
  | 'DECRYPT_FAILED';

/** An incoming callback was rejected; the receiver should answer 4xx and store nothing. */
export class NotificationError extends WechatpayError {
  override readonly type = 'notification_error' as const;
  readonly reason: NotificationFailureReason;

  constructor(init: Omit<WechatpayErrorInit, 'code' | 'outcomeUnknown'> & { reason: NotificationFailureReason }) {
    super({ ...init, code: init.reason, outcomeUnknown: false });
    this.reason = init.reason;
  }
}

/** Shape check by `type` (not instanceof), so errors from another copy of this module pass too. */
export function isWechatpayError(error: unknown): error is WechatpayError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<Record<keyof WechatpayError, unknown>>;
  return (
    typeof candidate.type === 'string' &&
    ERROR_TYPES.has(candidate.type) &&
    typeof candidate.code === 'string' &&
    typeof candidate.outcomeUnknown === 'boolean'
  );
}

function parseErrorBody(body: unknown): { code?: string; message?: string; detail?: unknown } {
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  return {
    code: typeof record.code === 'string' && record.code ? record.code : undefined,
    message: typeof record.message === 'string' && record.message ? record.message : undefined,
    detail: record.detail,
  };
}

function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (Request-ID ${requestId})` : message;
}

/**
 * Maps a non-2xx WeChat Pay response to the right error class. `body` may be the raw text,
 * a Buffer or an already parsed object; an unparseable body gives code `HTTP_<status>`.
 */
export function errorFromResponse(status: number, body: unknown, requestId?: string): WechatpayError {
  const parsed = parseErrorBody(body);
  const code = parsed.code ?? `HTTP_${status}`;
  const upstream = parsed.message ? `: ${parsed.message}` : '';
  const base = { status, code, detail: parsed.detail, requestId };

  if (status === 401) {
    return new WechatpayAuthenticationError({
      ...base,
      message: withRequestId(
        `WeChat Pay rejected the request signature (401 ${code}${upstream}). Check that merchantSerialNo is the ` +
          'serial of the certificate of merchantPrivateKey, that mchid is right, and that the clock is in sync',
        requestId,
      ),
    });
  }
  if (status === 429) {
    return new WechatpayRateLimitError({
      ...base,
      message: withRequestId(`WeChat Pay rate limit exceeded (429 ${code}${upstream}); slow down and retry later`, requestId),
    });
  }
  if (status >= 400 && status < 500) {
    const hint =
      status === 403
        ? '; is this product enabled for the merchant and the sub-merchant a child of it?'
        : status === 404
          ? '; check the identifier (it is looked up as sent, case-sensitive)'
          : status === 400
            ? '; fix the request (see detail) before retrying'
            : '';
    return new WechatpayApiError({
      ...base,
      message: withRequestId(`WeChat Pay refused the request (${status} ${code}${upstream})${hint}`, requestId),
    });
  }
  if (status === 202) {
    // §6.1 "accepted (repeat the same request)": no result yet, so whether it was applied is unknown.
    return new WechatpayServerError({
      ...base,
      message: withRequestId(
        `WeChat Pay accepted the request without a result (202 ${code}${upstream}); it may or may not have been ` +
          'applied, query the resource before retrying a write',
        requestId,
      ),
    });
  }
  // 5xx, and anything else we cannot interpret as a clear refusal: the outcome is unknown.
  return new WechatpayServerError({
    ...base,
    message: withRequestId(
      `WeChat Pay answered ${status} ${code}${upstream}; the request may or may not have been applied, ` +
        'query the resource before retrying a write',
      requestId,
    ),
  });
}
