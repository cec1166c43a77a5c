/**
 * Opens a WeChat Pay callback: verify the signature over the raw body first, then parse the
 * envelope and decrypt its resource with the APIv3 key. Every rejection is a NotificationError
 * with a `reason`; the receiver answers 4xx and stores nothing.
 */
import { decryptAeadAes256Gcm } from './crypto.js';
import { NotificationError, WechatpayConfigurationError, isWechatpayError, type SignatureVerificationError } from './errors.js';
import type { NotificationEnvelope } from './types.js';
import type { WechatpayVerifier } from './verifier.js';

export const NOTIFICATION_ALGORITHM = 'AEAD_AES_256_GCM';

export interface NotificationInput {
  /** As node:http gives them (lower-case names), or any casing. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received: parse nothing before verifying. */
  body: Buffer | string;
}

export interface ParseNotificationOptions {
  verifier: WechatpayVerifier;
  apiV3Key: string | Buffer;
  /** Clock in ms, for tests; overrides the verifier's. */
  now?: () => number;
}

function header(headers: NotificationInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first?.trim() || undefined;
  }
  return undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

export function parseNotification<T>(
  input: NotificationInput,
  options: ParseNotificationOptions,
): { envelope: NotificationEnvelope; resource: T } {
  const keyLength = Buffer.isBuffer(options.apiV3Key) ? options.apiV3Key.length : Buffer.byteLength(options.apiV3Key);
  if (keyLength !== 32) {
    // Our misconfiguration, not the sender's fault: not a NotificationError, so the receiver answers 5xx.
    throw new WechatpayConfigurationError({
      code: 'INVALID_APIV3_KEY',
      message: `the APIv3 key must be 32 bytes (got ${keyLength}); is the merchant's APIv3 key configured?`,
    });
  }

  const serial = header(input.headers, 'wechatpay-serial');
  const timestamp = header(input.headers, 'wechatpay-timestamp');
  const nonce = header(input.headers, 'wechatpay-nonce');
  const signature = header(input.headers, 'wechatpay-signature');
  if (!serial || !timestamp || !nonce || !signature) {
    const missing = Object.entries({ serial, timestamp, nonce, signature })
      .filter(([, value]) => !value)
      .map(([name]) => `Wechatpay-${name[0].toUpperCase()}${name.slice(1)}`);
    throw new NotificationError({ reason: 'MISSING_HEADERS', message: `callback lacks ${missing.join(', ')}` });
  }

  try {
    options.verifier.verify({ serial, timestamp, nonce, signature, body: input.body, now: options.now?.() });
  } catch (error) {
    if (!(isWechatpayError(error) && error.type === 'response_verification_error')) throw error;
    const failure = error as SignatureVerificationError;
    throw new NotificationError({ reason: failure.reason, message: `callback rejected: ${failure.message}`, cause: error });
  }

  let envelope: NotificationEnvelope;
  try {
    envelope = JSON.parse(Buffer.isBuffer(input.body) ? input.body.toString('utf8') : input.body);
  } catch (error) {
    throw new NotificationError({ reason: 'MALFORMED', message: 'callback body is not JSON', cause: error });
  }
  const resource = envelope?.resource as Partial<NotificationEnvelope['resource']> | undefined;
  if (
    typeof envelope !== 'object' ||
    !resource ||
    typeof resource !== 'object' ||
    !isText(resource.ciphertext) ||
    !isText(resource.nonce) ||
    !isText(resource.algorithm)
  ) {
    throw new NotificationError({
      reason: 'MALFORMED',
      message: 'callback envelope lacks resource.{algorithm, ciphertext, nonce}',
    });
  }
  // `original_type` is deliberately not checked: the official examples disagree on its value.
  if (resource.algorithm !== NOTIFICATION_ALGORITHM) {
    throw new NotificationError({
      reason: 'UNSUPPORTED_ALGORITHM',
      message: `callback resource uses ${resource.algorithm.slice(0, 40)}, only ${NOTIFICATION_ALGORITHM} is supported`,
    });
  }

  let plaintext: string;
  try {
    plaintext = decryptAeadAes256Gcm(resource.ciphertext, {
      apiV3Key: options.apiV3Key,
      nonce: resource.nonce,
      associatedData: isText(resource.associated_data) ? resource.associated_data : '',
    });
  } catch (error) {
    throw new NotificationError({
      reason: 'DECRYPT_FAILED',
      message: 'callback resource does not decrypt: is the configured APIv3 key the one set on the merchant platform?',
      cause: error,
    });
  }

  try {
    return { envelope, resource: JSON.parse(plaintext) as T };
  } catch (error) {
    throw new NotificationError({ reason: 'MALFORMED', message: 'decrypted callback resource is not JSON', cause: error });
  }
}
