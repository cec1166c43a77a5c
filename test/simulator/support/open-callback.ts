/**
 * Test support: what a merchant does with a received callback: verify the signature with the
 * WeChat Pay public key, then decrypt the resource with the APIv3 key.
 */
import {
  decryptAeadAes256Gcm,
  responseSignatureMessage,
  verifySha256WithRsa,
} from '../../../src/wechatpay/crypto.js';
import type { NotificationEnvelope } from '../../../src/wechatpay/types.js';
import type { SandboxCredentials } from '../../../src/simulator/sandbox-credentials.js';
import type { ReceivedCallback } from './callback-receiver.js';

export interface OpenedCallback {
  verified: boolean;
  envelope: NotificationEnvelope;
  resource: any;
}

export function openCallback(credentials: SandboxCredentials, callback: ReceivedCallback): OpenedCallback {
  const header = (name: string) => String(callback.headers[name] ?? '');
  const verified =
    header('wechatpay-serial') === credentials.wechatpayPublicKeyId &&
    verifySha256WithRsa(
      responseSignatureMessage(header('wechatpay-timestamp'), header('wechatpay-nonce'), callback.body),
      header('wechatpay-signature'),
      credentials.wechatpayPublicKeyPem,
    );
  const envelope = JSON.parse(callback.body) as NotificationEnvelope;
  const resource: unknown = JSON.parse(
    decryptAeadAes256Gcm(envelope.resource.ciphertext, {
      apiV3Key: credentials.apiV3Key,
      nonce: envelope.resource.nonce,
      associatedData: envelope.resource.associated_data,
    }),
  );
  return { verified, envelope, resource };
}
