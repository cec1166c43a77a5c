/**
 * The signed, verified HTTP exchange every resource goes through, on ky:
 * signing in `beforeRequest`, verification of the raw body once ky has answered,
 * retries only for GETs (ky's retry, honouring Retry-After; a 202 counts as "ask again"), errors
 * mapped to our classes.
 */
import ky, { HTTPError, type KyInstance } from 'ky';
import type { KeyObject } from 'node:crypto';
import { formatAuthorization, requestSignatureMessage, signSha256WithRsa, unixSeconds } from './crypto.js';
import { createDeadlineFetch, type FetchFunction } from './deadline-fetch.js';
import {
  ResponseVerificationError,
  SignatureVerificationError,
  WechatpayConfigurationError,
  WechatpayConnectionError,
  errorFromResponse,
  isWechatpayError,
  type WechatpayError,
} from './errors.js';
import type { WechatpayVerifier } from './verifier.js';

/** A Retry-After longer than this is not waited for: the rate-limit error goes to the caller. */
export const MAX_RETRY_AFTER_MS = 10_000;

/** Decodes like Response.text(): UTF-8, a leading BOM dropped. */
const UTF8 = new TextDecoder();

export interface HttpClientOptions {
  baseUrl: string;
  mchid: string;
  merchantSerialNo: string;
  merchantPrivateKey: KeyObject;
  verifier: WechatpayVerifier;
  timeoutMs: number;
  retryLimit: number;
  userAgent: string;
  fetch: FetchFunction;
  now: () => number;
  nonce: () => string;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Absolute path with path params already URL-escaped, plus `?query` if any. */
  path: string;
  /** Serialized with JSON.stringify; the exact string sent is the one signed. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Accept a 2xx with an empty body (e.g. 204) and resolve `undefined`. */
  allowEmpty?: boolean;
}

export interface HttpClient {
  request<T>(spec: RequestSpec & { allowEmpty: true }): Promise<T | undefined>;
  request<T>(spec: RequestSpec): Promise<T>;
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

function describe(request: Request): string {
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}`;
}

/** The same as `describe`, from our own request spec (no query string). */
function describeSpec(spec: RequestSpec): string {
  return `${spec.method} ${spec.path.split('?')[0]}`;
}

/**
 * §6.1: 202 is "accepted (repeat the same request)": WeChat Pay has no result for us yet. Safe
 * reading: not an answer, the outcome is unknown, so it becomes an outcome-unknown error here,
 * before ky would take it for a 2xx. ky's GET-only retry then asks a GET again (see shouldRetry);
 * a POST, never replayed by us, reaches the caller, who resolves it by querying. A wrapper rather
 * than an afterResponse hook, which would make ky clone every response (see BENCHMARKS.md, 4015857).
 */
function acceptedIsInDoubt(next: FetchFunction): FetchFunction {
  return async (input, init) => {
    const response = await next(input, init);
    if (response.status !== 202) return response;
    // The deadline fetch has buffered the body: reading it cannot stall.
    throw errorFromResponse(202, await response.text(), response.headers.get('request-id') ?? undefined);
  };
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { verifier } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  const api: KyInstance = ky.create({
    // The deadline lives in the fetch wrapper, which also covers the body.
    timeout: false,
    // §6.1 lists no 3xx. Following one would send a signed POST a second time (307/308 keep the
    // method and body), perhaps to another host: a redirect is an answer we cannot interpret, so
    // errorFromResponse makes it outcome-unknown, resolved by querying like any other.
    redirect: 'manual',
    fetch: acceptedIsInDoubt(createDeadlineFetch(options.fetch, options.timeoutMs)),
    retry: {
      limit: options.retryLimit,
      // Never POST: whether WeChat Pay treats a replayed write as idempotent is UNCONFIRMED for this
      // product, so the service layer resolves uncertain writes by querying instead.
      methods: ['get'],
      statusCodes: [429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 5_000,
      shouldRetry: ({ error }) => {
        // Our errors reach here from the fetch wrappers (network, timeout, 202) or from verification.
        // Only GETs get here (`methods`), and asking again is what a 202 asks for (§6.1).
        if (isWechatpayError(error)) return error.type === 'connection_error' || error.status === 202;
        if (error instanceof HTTPError) {
          const after = retryAfterMs(error.response.headers.get('retry-after'));
          if (after !== undefined && after > MAX_RETRY_AFTER_MS) return false;
        }
        return undefined;
      },
    },
    hooks: {
      beforeRequest: [
        (request, kyOptions) => {
          // Runs again for every retry, so each attempt has a fresh timestamp and nonce.
          try {
            const url = new URL(request.url);
            const body = typeof kyOptions.context.body === 'string' ? kyOptions.context.body : '';
            const timestamp = unixSeconds(options.now());
            const nonce = options.nonce();
            const message = requestSignatureMessage(request.method, url.pathname + url.search, timestamp, nonce, body);
            const signature = signSha256WithRsa(message, options.merchantPrivateKey);
            request.headers.set(
              'Authorization',
              formatAuthorization({
                mchid: options.mchid,
                nonce_str: nonce,
                signature,
                timestamp,
                serial_no: options.merchantSerialNo,
              }),
            );
            request.headers.set('Accept', 'application/json');
            request.headers.set('User-Agent', options.userAgent);
          } catch (error) {
            throw new WechatpayConfigurationError({
              code: 'SIGNING_FAILED',
              message: `could not sign ${describe(request)}: is merchantPrivateKey an RSA private key?`,
              cause: error,
            });
          }
        },
      ],
    },
  });

  async function toWechatpayError(error: unknown): Promise<WechatpayError> {
    if (isWechatpayError(error)) return error;
    if (error instanceof HTTPError) {
      const { response } = error;
      const body = await response.text().catch(() => '');
      return errorFromResponse(response.status, body, response.headers.get('request-id') ?? undefined);
    }
    // Anything else escaped from the HTTP stack mid-exchange: we cannot know whether it arrived.
    return new WechatpayConnectionError({
      code: 'CONNECTION_ERROR',
      message: `the exchange with WeChat Pay failed (${(error as Error)?.name ?? 'unknown error'}); query before retrying a write`,
      cause: error,
    });
  }

  /** A 2xx answer is trusted only with WeChat Pay's signature over these exact bytes. */
  function verifyAnswer(spec: RequestSpec, response: Response, raw: Buffer, requestId: string | undefined): void {
    const serial = response.headers.get('wechatpay-serial');
    const timestamp = response.headers.get('wechatpay-timestamp');
    const nonce = response.headers.get('wechatpay-nonce');
    const signature = response.headers.get('wechatpay-signature');
    const what = describeSpec(spec);
    if (!serial || !timestamp || !nonce || !signature) {
      throw new ResponseVerificationError({
        reason: 'MISSING_HEADERS',
        status: response.status,
        requestId,
        serial: serial ?? undefined,
        message:
          `WeChat Pay's ${response.status} answer to ${what} lacks Wechatpay-Timestamp/Nonce/` +
          'Signature/Serial headers, so it cannot be trusted; is baseUrl the WeChat Pay API?',
      });
    }
    try {
      verifier.verify({ serial, timestamp, nonce, signature, body: raw });
    } catch (error) {
      if (!(isWechatpayError(error) && error.type === 'response_verification_error')) throw error;
      const failure = error as SignatureVerificationError;
      throw new SignatureVerificationError({
        reason: failure.reason,
        serial,
        status: response.status,
        requestId,
        message: `WeChat Pay's ${response.status} answer to ${what} failed verification: ${failure.message}`,
        cause: error,
      });
    }
  }

  async function request<T>(spec: RequestSpec): Promise<T | undefined> {
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    let response: Response;
    try {
      response = await api(baseUrl + spec.path, {
        method: spec.method,
        body: bodyText,
        headers: { ...(bodyText === undefined ? {} : { 'Content-Type': 'application/json' }), ...spec.headers },
        context: { body: bodyText ?? '' },
      });
    } catch (error) {
      throw await toWechatpayError(error);
    }
    // Verified here rather than in a ky afterResponse hook, which would tee the body into a clone.
    // The deadline fetch has already buffered the body, so reading it cannot stall or fail.
    const raw = Buffer.from(await response.arrayBuffer());
    const requestId = response.headers.get('request-id') ?? undefined;
    verifyAnswer(spec, response, raw, requestId);
    const text = UTF8.decode(raw);
    if (text === '') {
      if (spec.allowEmpty) return undefined;
      throw new ResponseVerificationError({
        reason: 'MALFORMED_BODY',
        status: response.status,
        requestId,
        message:
          `WeChat Pay answered ${response.status} with an empty body to ${describeSpec(spec)}; ` +
          'the request may have been applied: query before retrying a write',
      });
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ResponseVerificationError({
        reason: 'MALFORMED_BODY',
        status: response.status,
        requestId,
        message:
          `WeChat Pay's ${response.status} answer to ${describeSpec(spec)} is signed but not ` +
          'JSON; the request may have been applied: query before retrying a write',
        cause: error,
      });
    }
  }

  return { request } as HttpClient;
}
