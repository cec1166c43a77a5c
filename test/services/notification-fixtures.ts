/**
 * What the receiver tests share: callbacks as WeChat Pay sends them (encrypted resource, signed
 * body, signed with the test WeChat Pay key) and a NotificationService over a real store.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';
import { ContractService } from '../../src/services/contract-service.js';
import { DeductOrderService } from '../../src/services/deduct-order-service.js';
import { NotificationService } from '../../src/services/notification-service.js';
import type { DeductOrderRecord, Store } from '../../src/store/store.js';
import { createPublicKeyVerifier, encryptAeadAes256Gcm, responseSignatureMessage, signSha256WithRsa } from '../../src/wechatpay/index.js';
import { uniqueId } from '../store/test-setup.js';
import { PUBLIC_KEY_ID, WECHATPAY_KEY, WECHATPAY_PUB } from '../wechatpay/fixtures.js';

export interface CallbackOptions {
  apiV3Key: string;
  id?: string;
  associatedData?: string;
  summary?: string;
  originalType?: string;
  /** Envelope fields sent instead of the usual ones (`undefined` leaves one out): id, create_time, event_type. */
  envelope?: Record<string, unknown>;
}

/** A callback as WeChat Pay sends it: `resourceObject` encrypted with the APIv3 key, the body signed. */
export function signedCallback(eventType: string, resourceObject: unknown, options: CallbackOptions) {
  const { apiV3Key, id = uniqueId('EV'), associatedData = '', summary = 'paid', originalType } = options;
  const nonce = 'n0123456789a';
  const body = JSON.stringify({
    id,
    create_time: '2030-01-15T10:00:00+08:00',
    event_type: eventType,
    ...options.envelope,
    resource_type: 'encrypt-resource',
    summary,
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptAeadAes256Gcm(JSON.stringify(resourceObject), { apiV3Key, nonce, associatedData }),
      nonce,
      associated_data: associatedData,
      ...(originalType === undefined ? {} : { original_type: originalType }),
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signatureNonce = 'abcdef0123456789';
  const headers = {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': signatureNonce,
    'wechatpay-serial': PUBLIC_KEY_ID,
    'wechatpay-signature': signSha256WithRsa(responseSignatureMessage(timestamp, signatureNonce, body), WECHATPAY_KEY),
  };
  return { id, headers, body: Buffer.from(body) };
}

/** The receiver with real order and contract services over `store`; no WeChat Pay client is needed. */
export function notificationReceiver(
  store: Store,
  options: { apiV3Key: string; log: Logger; onOrderChanged?: (order: DeductOrderRecord) => void },
) {
  const { apiV3Key, log, onOrderChanged = () => {} } = options;
  const events = { deductOrderChanged: onOrderChanged, contractChanged: () => {} };
  const common = { store, wechatpay: {} as never, events: events as never, notifyUrl: () => 'https://example.com/notify', log };
  const orders = new DeductOrderService({ ...common, requestTimeoutMs: 1_000 });
  const contracts = new ContractService({ ...common, verifier: {} as never });
  const service = new NotificationService({
    store,
    verifier: createPublicKeyVerifier({ publicKeyId: PUBLIC_KEY_ID, publicKey: WECHATPAY_PUB }),
    apiV3Key,
    orders,
    contracts,
    log,
  });
  return { service, orders, contracts };
}

/** A logger at `info` whose lines (parsed) are pushed to `lines`. */
export function capturedLog(lines: Record<string, unknown>[]): Logger {
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return createLogger('info', capture);
}
