/**
 * Verifies WeChat Pay's signatures on responses and callbacks (`TIMESTAMP\nNONCE\nBODY\n`,
 * SHA256withRSA) and supplies the public key used to encrypt sensitive request fields.
 *
 * Two key modes exist (a merchant uses one): the WeChat Pay public key, named by a
 * `PUB_KEY_ID_…` serial, and platform certificates, named by their X.509 serial number.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import {
  PROBE_SIGNATURE_PREFIX,
  TIMESTAMP_TOLERANCE_SECONDS,
  responseSignatureMessage,
  toPublicKey,
  verifySha256WithRsa,
  type KeyInput,
} from './crypto.js';
import { SignatureVerificationError, WechatpayConfigurationError } from './errors.js';

export interface VerifyInput {
  /** `Wechatpay-Serial` */
  serial: string;
  /** `Wechatpay-Timestamp` (Unix seconds) */
  timestamp: string;
  /** `Wechatpay-Nonce` */
  nonce: string;
  /** `Wechatpay-Signature` (Base64) */
  signature: string;
  /** The raw body exactly as received. */
  body: string | Buffer;
  /** Overrides the verifier's clock for this call (ms since the epoch). */
  now?: number;
}

export interface WechatpayVerifier {
  /** Returns when the signature is good; throws {@link SignatureVerificationError} otherwise. */
  verify(input: VerifyInput): void;
  /** Whether a signature under this serial could be verified now. */
  has(serial: string): boolean;
  /** The key (and its serial, for the `Wechatpay-Serial` request header) to encrypt sensitive fields with. */
  encryptionKey(): { serial: string; publicKey: KeyObject };
}

export interface VerifierOptions {
  /** Clock in ms since the epoch; tests inject one. */
  now?: () => number;
}

type KeyLookup = { key: KeyObject } | { problem: string };

function checkSignature(input: VerifyInput, nowMs: number, lookup: (serial: string, nowMs: number) => KeyLookup): void {
  const { serial, timestamp, nonce, signature, body } = input;
  // WeChat Pay probes receivers with deliberately bad signatures; reject them by name, cheaply.
  if (signature.startsWith(PROBE_SIGNATURE_PREFIX)) {
    throw new SignatureVerificationError({
      reason: 'PROBE',
      serial,
      message: `signature is a WeChat Pay probe (starts with ${PROBE_SIGNATURE_PREFIX}); rejected as it must be`,
    });
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const skew = Math.abs(nowMs / 1000 - seconds);
  if (!(skew <= TIMESTAMP_TOLERANCE_SECONDS)) {
    throw new SignatureVerificationError({
      reason: 'STALE_TIMESTAMP',
      serial,
      message: Number.isNaN(seconds)
        ? `Wechatpay-Timestamp "${timestamp.slice(0, 20)}" is not a Unix time in seconds`
        : `Wechatpay-Timestamp ${timestamp} is ${Math.round(skew)} s away from our clock ` +
          `(tolerance ${TIMESTAMP_TOLERANCE_SECONDS} s): a replay, or is our clock out of sync?`,
    });
  }
  const found = lookup(serial, nowMs);
  if ('problem' in found) {
    throw new SignatureVerificationError({ reason: 'UNKNOWN_SERIAL', serial, message: found.problem });
  }
  if (!verifySha256WithRsa(responseSignatureMessage(timestamp, nonce, body), signature, found.key)) {
    throw new SignatureVerificationError({
      reason: 'BAD_SIGNATURE',
      serial,
      message:
        `signature does not verify with the WeChat Pay key ${serial}: the body was altered in transit, ` +
        'or the key configured for this serial is not the right one',
    });
  }
}

/** WeChat Pay public-key mode: one key, named by its `PUB_KEY_ID_…` ID. */
export function createPublicKeyVerifier(
  options: { publicKeyId: string; publicKey: KeyInput } & VerifierOptions,
): WechatpayVerifier {
  const publicKeyId = options.publicKeyId.trim();
  const publicKey = toPublicKey(options.publicKey);
  const now = options.now ?? Date.now;
  const lookup = (serial: string): KeyLookup =>
    serial === publicKeyId
      ? { key: publicKey }
      : {
          problem:
            `Wechatpay-Serial ${serial || '(empty)'} is not the configured WeChat Pay public key ID ${publicKeyId}: ` +
            `is the WeChat Pay public key for serial ${serial || '(empty)'} configured?`,
        };
  return {
    verify: (input) => checkSignature(input, input.now ?? now(), lookup),
    has: (serial) => serial === publicKeyId,
    encryptionKey: () => ({ serial: publicKeyId, publicKey }),
  };
}

/** Certificate serials are hex; compare without case or leading zeros. */
function normalizeSerial(serial: string): string {
  return serial.trim().toUpperCase().replace(/^0+(?=.)/, '');
}

interface PlatformCertificate {
  serial: string;
  publicKey: KeyObject;
  validFrom: number;
  validTo: number;
}

/**
 * Platform-certificate mode. The serial is the certificate's X.509 serial number in uppercase hex,
 * as `Wechatpay-Serial` carries it. Validity is checked at each use, so a rotated-in certificate
 * starts being used when its validity begins. The certificates are trusted as given: the caller
 * obtained them through a channel it trusts (e.g. `/v3/certificates`, decrypted with the APIv3 key).
 */
export function createCertificateVerifier(certificatePems: string[], options: VerifierOptions = {}): WechatpayVerifier {
  const now = options.now ?? Date.now;
  const certificates = new Map<string, PlatformCertificate>();
  for (const pem of certificatePems) {
    const certificate = new X509Certificate(pem);
    certificates.set(normalizeSerial(certificate.serialNumber), {
      serial: certificate.serialNumber.toUpperCase(),
      publicKey: certificate.publicKey,
      validFrom: Date.parse(certificate.validFrom),
      validTo: Date.parse(certificate.validTo),
    });
  }
  const isValid = (certificate: PlatformCertificate, nowMs: number) =>
    certificate.validFrom <= nowMs && nowMs <= certificate.validTo;

  const lookup = (serial: string, nowMs: number): KeyLookup => {
    const certificate = certificates.get(normalizeSerial(serial));
    if (!certificate) {
      return {
        problem:
          `no platform certificate with serial ${serial || '(empty)'} is configured: is the WeChat Pay platform ` +
          'certificate for this serial downloaded (GET /v3/certificates) and configured?',
      };
    }
    if (!isValid(certificate, nowMs)) {
      const when = nowMs < certificate.validFrom ? 'is not valid before' : 'expired at';
      const at = new Date(nowMs < certificate.validFrom ? certificate.validFrom : certificate.validTo).toISOString();
      return { problem: `platform certificate ${certificate.serial} ${when} ${at}; configure a current certificate` };
    }
    return { key: certificate.publicKey };
  };

  return {
    verify: (input) => checkSignature(input, input.now ?? now(), lookup),
    has: (serial) => 'key' in lookup(serial, now()),
    encryptionKey: () => {
      const nowMs = now();
      let newest: PlatformCertificate | undefined;
      for (const certificate of certificates.values()) {
        if (isValid(certificate, nowMs) && (!newest || certificate.validFrom > newest.validFrom)) newest = certificate;
      }
      if (!newest) {
        throw new WechatpayConfigurationError({
          code: 'NO_VALID_CERTIFICATE',
          message:
            `none of the ${certificates.size} configured platform certificates is valid now: ` +
            'download current ones (GET /v3/certificates) to encrypt sensitive fields',
        });
      }
      return { serial: newest.serial, publicKey: newest.publicKey };
    },
  };
}
