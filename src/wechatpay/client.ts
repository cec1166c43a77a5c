/**
 * The WeChat Pay credit-repayment client: one object per merchant (SP) identity, with one
 * property per API resource (stripe-node style).
 */
import { randomNonce, toPrivateKey, type KeyInput } from './crypto.js';
import { WechatpayConfigurationError } from './errors.js';
import { createHttpClient, MAX_RETRY_AFTER_MS } from './http-client.js';
import { createContractsResource, type ContractsResource } from './resources/contracts.js';
import { createDeductOrdersResource, type DeductOrdersResource } from './resources/deduct-orders.js';
import { createScheduleRecordsResource, type ScheduleRecordsResource } from './resources/schedule-records.js';
import type { WechatpayVerifier } from './verifier.js';

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRY_LIMIT = 2;
/**
 * The longest one GET may take: every attempt running into its timeout, and the longest wait
 * before each retry (a Retry-After up to MAX_RETRY_AFTER_MS; ky's own backoff is shorter).
 */
export function longestGetMs(timeoutMs = DEFAULT_TIMEOUT_MS, retryLimit = DEFAULT_RETRY_LIMIT): number {
  return (retryLimit + 1) * timeoutMs + retryLimit * MAX_RETRY_AFTER_MS;
}

const DEFAULT_USER_AGENT = `repayment-graphql-wechatpay/0.1 node/${process.versions.node}`;

export interface WechatpayClientOptions {
  /** e.g. `https://api.mch.weixin.qq.com`, or the simulator's address. */
  baseUrl: string;
  /** The service provider's (SP) merchant number. */
  mchid: string;
  /** Serial number of the merchant API certificate (`serial_no` in Authorization). */
  merchantSerialNo: string;
  /** The merchant API private key (apiclient_key.pem). */
  merchantPrivateKey: KeyInput;
  verifier: WechatpayVerifier;
  /** Per attempt, covering headers and body. Default 10 000. */
  timeoutMs?: number;
  /** Retries for GETs only (network errors, timeouts, 202, 429, 5xx). Default 2. POSTs are never retried. */
  retryLimit?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  /** Clock for request timestamps (ms); for tests and replays. */
  now?: () => number;
  /** Nonce source for request signatures; for tests. */
  nonce?: () => string;
}

export interface WechatpayClient {
  scheduleRecords: ScheduleRecordsResource;
  deductOrders: DeductOrdersResource;
  contracts: ContractsResource;
}

function requireText(name: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WechatpayConfigurationError({ code: 'INVALID_OPTIONS', message: `createWechatpayClient: ${name} is required` });
  }
  return value.trim();
}

export function createWechatpayClient(options: WechatpayClientOptions): WechatpayClient {
  let merchantPrivateKey;
  try {
    // Parse once, up front: a bad key should fail at start, not as a mysterious request failure.
    merchantPrivateKey = toPrivateKey(options.merchantPrivateKey);
  } catch (error) {
    throw new WechatpayConfigurationError({
      code: 'INVALID_OPTIONS',
      message: 'createWechatpayClient: merchantPrivateKey is not a readable private key (PEM of apiclient_key.pem expected)',
      cause: error,
    });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryLimit = options.retryLimit ?? DEFAULT_RETRY_LIMIT;
  if (!(timeoutMs > 0) || !Number.isInteger(retryLimit) || retryLimit < 0) {
    throw new WechatpayConfigurationError({
      code: 'INVALID_OPTIONS',
      message: 'createWechatpayClient: timeoutMs must be > 0 and retryLimit an integer >= 0',
    });
  }
  const http = createHttpClient({
    baseUrl: requireText('baseUrl', options.baseUrl),
    mchid: requireText('mchid', options.mchid),
    merchantSerialNo: requireText('merchantSerialNo', options.merchantSerialNo),
    merchantPrivateKey,
    verifier: options.verifier,
    timeoutMs,
    retryLimit,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? Date.now,
    nonce: options.nonce ?? (() => randomNonce()),
  });
  return {
    scheduleRecords: createScheduleRecordsResource(http),
    deductOrders: createDeductOrdersResource(http),
    contracts: createContractsResource(http),
  };
}
