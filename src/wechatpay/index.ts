/** The WeChat Pay SDK's public surface: import from here, not from the files behind it. */
export {
  createWechatpayClient,
  DEFAULT_BASE_URL,
  DEFAULT_RETRY_LIMIT,
  DEFAULT_TIMEOUT_MS,
  longestGetMs,
  type WechatpayClient,
  type WechatpayClientOptions,
} from './client.js';
export { MAX_RETRY_AFTER_MS } from './http-client.js';
export type { ScheduleRecordsResource } from './resources/schedule-records.js';
export type { DeductOrdersResource } from './resources/deduct-orders.js';
export type { ContractsResource } from './resources/contracts.js';
export {
  createCertificateVerifier,
  createPublicKeyVerifier,
  type VerifierOptions,
  type VerifyInput,
  type WechatpayVerifier,
} from './verifier.js';
export {
  NOTIFICATION_ALGORITHM,
  parseNotification,
  type NotificationInput,
  type ParseNotificationOptions,
} from './notification.js';
export {
  errorFromResponse,
  isWechatpayError,
  NotificationError,
  ResponseVerificationError,
  SignatureVerificationError,
  WechatpayApiError,
  WechatpayAuthenticationError,
  WechatpayConfigurationError,
  WechatpayConnectionError,
  WechatpayError,
  WechatpayRateLimitError,
  WechatpayServerError,
  type NotificationFailureReason,
  type ResponseVerificationReason,
  type SignatureFailureReason,
  type WechatpayErrorInit,
  type WechatpayErrorType,
} from './errors.js';
export {
  decryptAeadAes256Gcm,
  decryptOaepSha1,
  encryptAeadAes256Gcm,
  encryptOaepSha1,
  formatAuthorization,
  parseAuthorization,
  PROBE_SIGNATURE_PREFIX,
  randomNonce,
  requestSignatureMessage,
  responseSignatureMessage,
  SIGNATURE_SCHEME,
  signSha256WithRsa,
  TIMESTAMP_TOLERANCE_SECONDS,
  toPrivateKey,
  toPublicKey,
  unixSeconds,
  verifySha256WithRsa,
  type AeadInput,
  type AuthorizationParts,
  type KeyInput,
} from './crypto.js';
export type {
  AppPresignRequest,
  AppPresignResponse,
  ContractQueryResponse,
  H5PresignRequest,
  H5PresignResponse,
  PresignTradeInfo,
  RealIdentity,
  RealIdentityTypeWire,
  TerminateContractRequest,
  TerminateContractResponse,
} from './contract-types.js';
export type {
  BatchCreateScheduleRecordsRequest,
  BatchCreateScheduleRecordsResponse,
  Contract,
  ContractNotificationResource,
  ContractStateWire,
  CreateDeductOrderRequest,
  DeductionPayNotificationResource,
  DeductOrder,
  DeductOrderStateWire,
  ErrorBody,
  NotificationEnvelope,
  NotificationEventType,
  ScheduleItemRequest,
  ScheduleRecord,
  TerminationModeWire,
} from './types.js';
