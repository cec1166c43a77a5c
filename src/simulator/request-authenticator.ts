/**
 * Checks the `Authorization` header of an APIv3 request (§6.3) the way WeChat Pay does, answering
 * 401 SIGN_ERROR with the documented detail (§6.2) when anything is off.
 */
import type { KeyObject } from 'node:crypto';
import { parseAuthorization, requestSignatureMessage, verifySha256WithRsa } from '../wechatpay/crypto.js';
import { ApiError } from './api-error.js';

/** UNCONFIRMED: WeChat's server-side window is undocumented; 5 minutes is the common reading. */
export const REQUEST_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** How much of the body the SIGN_ERROR detail echoes, like the observed `{"appid"` excerpt. */
const ECHOED_BODY_CHARACTERS = 8;

export interface SignedRequest {
  method: string;
  /** Path plus `?query` exactly as received: what the merchant signed. */
  url: string;
  authorization: string | undefined;
  body: Buffer;
}

export interface MerchantIdentity {
  mchid: string;
  serialNo: string;
  publicKey: KeyObject;
}

/** Throws ApiError(401, SIGN_ERROR) unless the request is signed by `merchant` within the window. */
export function authenticateRequest(request: SignedRequest, merchant: MerchantIdentity, nowMs: number): void {
  const parts = parseAuthorization(request.authorization);
  if (!parts) {
    throw ApiError.sign('Authorization header is missing or malformed', {
      field: 'authorization',
      location: 'header',
      detail: { issue: 'expected WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"' },
    });
  }
  if (parts.mchid !== merchant.mchid) {
    throw ApiError.sign(`mchid ${parts.mchid} is not a merchant of this sandbox`, {
      field: 'mchid',
      location: 'authorization',
      detail: { issue: 'mchid not match' },
    });
  }
  if (parts.serial_no !== merchant.serialNo) {
    throw ApiError.sign(`serial_no ${parts.serial_no} is not the merchant API certificate serial of ${parts.mchid}`, {
      field: 'serial_no',
      location: 'authorization',
      detail: { issue: 'serial_no not match' },
    });
  }
  const timestamp = Number(parts.timestamp);
  if (!/^\d+$/.test(parts.timestamp) || Math.abs(nowMs / 1000 - timestamp) > REQUEST_TIMESTAMP_TOLERANCE_SECONDS) {
    throw ApiError.sign('the request timestamp is too far from the server clock', {
      field: 'timestamp',
      location: 'authorization',
      detail: { issue: 'timestamp expired' },
    });
  }
  const body = request.body.toString('utf8');
  const message = requestSignatureMessage(request.method, request.url, parts.timestamp, parts.nonce_str, body);
  if (!verifySha256WithRsa(message, parts.signature, merchant.publicKey)) {
    const truncated = requestSignatureMessage(
      request.method,
      request.url,
      parts.timestamp,
      parts.nonce_str,
      body.slice(0, ECHOED_BODY_CHARACTERS),
    );
    throw ApiError.sign('signature verification failed', {
      field: 'signature',
      location: 'authorization',
      detail: { issue: 'sign not match' },
      sign_information: {
        method: request.method,
        url: request.url,
        sign_message_length: Buffer.byteLength(message, 'utf8'),
        truncated_sign_message: truncated,
      },
    });
  }
}
