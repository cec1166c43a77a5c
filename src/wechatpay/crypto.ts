/**
 * WeChat Pay APIv3 cryptographic primitives, on node:crypto only.
 *
 * Shared by the SDK (signing requests, verifying responses and callbacks, decrypting callback
 * resources, encrypting sensitive request fields) and by the simulator (the other side of each).
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** The only signature scheme APIv3 uses, as it appears in headers. */
export const SIGNATURE_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** Callback/response timestamps further than this from our clock are rejected (seconds). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** WeChat Pay sends deliberately bad signatures with this prefix to probe receivers. */
export const PROBE_SIGNATURE_PREFIX = 'WECHATPAY/SIGNTEST/';

const GCM_TAG_BYTES = 16;

export type KeyInput = KeyObject | string | Buffer;

export function toPrivateKey(key: KeyInput): KeyObject {
  return typeof key === 'object' && 'type' in key && !Buffer.isBuffer(key) ? key : createPrivateKey(key);
}

/** Accepts a public key PEM, a certificate PEM, a private key (public half taken) or a KeyObject. */
export function toPublicKey(key: KeyInput): KeyObject {
  if (typeof key === 'object' && 'type' in key && !Buffer.isBuffer(key)) {
    return key.type === 'private' ? createPublicKey(key) : key;
  }
  return createPublicKey(key);
}

/** `METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n`: what a merchant signs for each request. */
export function requestSignatureMessage(
  method: string,
  canonicalUrl: string,
  timestamp: string | number,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${canonicalUrl}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** `TIMESTAMP\nNONCE\nBODY\n`: what WeChat Pay signs for each response and callback. */
export function responseSignatureMessage(timestamp: string | number, nonce: string, body: string | Buffer): string {
  return `${timestamp}\n${nonce}\n${Buffer.isBuffer(body) ? body.toString('utf8') : body}\n`;
}

/** SHA256withRSA (PKCS#1 v1.5), Base64. */
export function signSha256WithRsa(message: string, privateKey: KeyInput): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(toPrivateKey(privateKey), 'base64');
}

export function verifySha256WithRsa(message: string, signatureBase64: string, publicKey: KeyInput): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(message, 'utf8')
      .verify(toPublicKey(publicKey), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** 32 hex characters, as WeChat Pay's own SDKs use for nonce_str. */
export function randomNonce(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Seconds since the epoch, as a string: the unit APIv3 timestamps use. */
export function unixSeconds(now: number = Date.now()): string {
  return String(Math.floor(now / 1000));
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

export function formatAuthorization(parts: AuthorizationParts): string {
  return (
    `${SIGNATURE_SCHEME} mchid="${parts.mchid}",nonce_str="${parts.nonce_str}",` +
    `signature="${parts.signature}",timestamp="${parts.timestamp}",serial_no="${parts.serial_no}"`
  );
}

const AUTHORIZATION_NAMES = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;
const AUTHORIZATION_ITEM = /^\s*([a-z_]+)="([^"]*)"\s*$/;

/**
 * Parses an `Authorization` header: exactly the five `key="value"` items, comma-separated, in any
 * order (§6.3). Null when malformed, including an unknown or repeated key (a second mchid must not
 * quietly replace the first).
 */
export function parseAuthorization(header: string | undefined | null): AuthorizationParts | null {
  if (!header) return null;
  const prefix = `${SIGNATURE_SCHEME} `;
  if (!header.startsWith(prefix)) return null;
  const items = new Map<string, string>();
  for (const item of header.slice(prefix.length).split(',')) {
    const match = AUTHORIZATION_ITEM.exec(item);
    if (!match || items.has(match[1]!) || !(AUTHORIZATION_NAMES as readonly string[]).includes(match[1]!) || !match[2]) return null;
    items.set(match[1]!, match[2]!);
  }
  if (items.size !== AUTHORIZATION_NAMES.length) return null;
  return Object.fromEntries(items) as unknown as AuthorizationParts;
}

function apiV3KeyBytes(apiV3Key: string | Buffer): Buffer {
  const key = Buffer.isBuffer(apiV3Key) ? apiV3Key : Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new RangeError(`the APIv3 key must be 32 bytes, got ${key.length}`);
  return key;
}

export interface AeadInput {
  /** The 32-byte APIv3 key set on the merchant platform. */
  apiV3Key: string | Buffer;
  /** The resource nonce (12 characters), used as the GCM IV as its UTF-8 bytes. */
  nonce: string;
  associatedData: string;
}

/** AEAD_AES_256_GCM as WeChat Pay uses it for callback resources: Base64(ciphertext || 16-byte tag). */
export function encryptAeadAes256Gcm(plaintext: string, input: AeadInput): string {
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(input.apiV3Key), Buffer.from(input.nonce, 'utf8'));
  cipher.setAAD(Buffer.from(input.associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return encrypted.toString('base64');
}

/** Inverse of {@link encryptAeadAes256Gcm}; throws when the tag does not authenticate. */
export function decryptAeadAes256Gcm(ciphertextBase64: string, input: AeadInput): string {
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length < GCM_TAG_BYTES) throw new Error('ciphertext is shorter than the GCM tag');
  const decipher = createDecipheriv('aes-256-gcm', apiV3KeyBytes(input.apiV3Key), Buffer.from(input.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(input.associatedData, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/** RSAES-OAEP with SHA-1 and MGF1-SHA-1 (sensitive request fields such as real names), Base64. */
export function encryptOaepSha1(plaintext: string, publicKey: KeyInput): string {
  return publicEncrypt(
    { key: toPublicKey(publicKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plaintext, 'utf8'),
  ).toString('base64');
}

export function decryptOaepSha1(ciphertextBase64: string, privateKey: KeyInput): string {
  return privateDecrypt(
    { key: toPrivateKey(privateKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(ciphertextBase64, 'base64'),
  ).toString('utf8');
}
