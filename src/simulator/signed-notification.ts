/**
 * Builds a callback exactly as WeChat Pay sends it (§5.2, §6.4, §6.5): the envelope with the business
 * object encrypted under the APIv3 key, and the signed headers.
 *
 * Exported for tests elsewhere that need to craft genuine (or deliberately broken) callbacks.
 */
import { encryptAeadAes256Gcm, SIGNATURE_SCHEME, type KeyInput } from '../wechatpay/crypto.js';
import type { NotificationEnvelope, NotificationEventType } from '../wechatpay/types.js';
import { beijingDateTime } from './beijing-time.js';
import { newNotificationId, newRequestId, randomAlphanumerics } from './random-ids.js';
import { wechatpaySignatureHeaders, type SignatureHeaderOptions } from './wechatpay-signature-headers.js';

const SUMMARIES: Record<NotificationEventType, string> = {
  'CREDIT_REPAYMENT.SIGN_CONTRACT': '信贷还款签约成功通知',
  'CREDIT_REPAYMENT.TERMINATE_CONTRACT': '信贷还款解约成功通知',
  'CREDIT_REPAYMENT.DEDUCTION_PAY': '信贷还款还款成功',
};

export interface NotificationInput {
  eventType: NotificationEventType;
  /** The plaintext business object (§5.3); it is encrypted into `resource.ciphertext`. */
  resource: object;
  apiV3Key: string;
  /** Defaults to a fresh `EV-…` id; pass the previous one when resending. */
  id?: string;
  /** Business time of the event; defaults to now. */
  createTime?: Date;
  summary?: string;
  /** 12 characters; defaults to random alphanumerics. */
  resourceNonce?: string;
}

/** The envelope body, encrypted but not signed: a resend reuses it and only signs it again. */
export function buildNotificationEnvelope(input: NotificationInput): NotificationEnvelope {
  const createTime = input.createTime ?? new Date();
  const nonce = input.resourceNonce ?? randomAlphanumerics(12);
  const associatedData = '';
  return {
    id: input.id ?? newNotificationId(createTime),
    create_time: beijingDateTime(createTime),
    event_type: input.eventType,
    resource_type: 'encrypt-resource',
    summary: input.summary ?? SUMMARIES[input.eventType],
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptAeadAes256Gcm(JSON.stringify(input.resource), {
        apiV3Key: input.apiV3Key,
        nonce,
        associatedData,
      }),
      nonce,
      associated_data: associatedData,
      // IM and the official sign example say credit_repayment; the DEDUCTION_PAY example's `payscore`
      // looks like a documentation slip (fact sheet §5.2).
      original_type: 'credit_repayment',
    },
  };
}

export interface SignedNotification {
  headers: Record<string, string>;
  body: string;
}

/** Signs an already serialized envelope with fresh (or given) timestamp and nonce. */
export function signNotificationBody(
  body: string,
  key: { privateKey: KeyInput; publicKeyId: string },
  options: SignatureHeaderOptions = {},
): SignedNotification {
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Request-ID': newRequestId(),
      ...wechatpaySignatureHeaders(body, key, options),
      'Wechatpay-Signature-Type': SIGNATURE_SCHEME,
    },
  };
}

export interface SignedNotificationInput extends NotificationInput, SignatureHeaderOptions {
  /** The WeChat Pay private key (`wechatpay_private_key.pem` of the sandbox). */
  wechatpayPrivateKey: KeyInput;
  /** `PUB_KEY_ID_…` of the sandbox. */
  wechatpayPublicKeyId: string;
}

/**
 * A complete callback: POST `body` with `headers` to a notify URL. Use `timestamp` to make a stale
 * one and `signature` (e.g. `WECHATPAY/SIGNTEST/…`) to make a probe.
 */
export function buildSignedNotification(input: SignedNotificationInput): SignedNotification {
  const body = JSON.stringify(buildNotificationEnvelope(input));
  return signNotificationBody(
    body,
    { privateKey: input.wechatpayPrivateKey, publicKeyId: input.wechatpayPublicKeyId },
    { timestamp: input.timestamp, nonce: input.nonce, signature: input.signature },
  );
}
