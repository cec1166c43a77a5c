/**
 * The four headers with which WeChat Pay signs every response and every callback (§6.4).
 */
import {
  randomNonce,
  responseSignatureMessage,
  signSha256WithRsa,
  unixSeconds,
  type KeyInput,
} from '../wechatpay/crypto.js';

export interface WechatpaySigningKey {
  /** The simulator's own private key (the counterpart of `pub_key.pem`). */
  privateKey: KeyInput;
  /** `PUB_KEY_ID_…`, sent as `Wechatpay-Serial` so receivers know which public key to use. */
  publicKeyId: string;
}

export interface SignatureHeaderOptions {
  /** Unix seconds; defaults to the real clock (transport time, not the simulated business day). */
  timestamp?: string | number;
  nonce?: string;
  /** Replaces the computed signature, e.g. with a `WECHATPAY/SIGNTEST/` probe value. */
  signature?: string;
}

export function wechatpaySignatureHeaders(
  body: string,
  key: WechatpaySigningKey,
  options: SignatureHeaderOptions = {},
): Record<string, string> {
  const timestamp = String(options.timestamp ?? unixSeconds());
  const nonce = options.nonce ?? randomNonce();
  return {
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': key.publicKeyId,
    'Wechatpay-Signature':
      options.signature ?? signSha256WithRsa(responseSignatureMessage(timestamp, nonce, body), key.privateKey),
    'Wechatpay-Timestamp': timestamp,
  };
}
