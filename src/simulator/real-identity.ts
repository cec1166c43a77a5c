/**
 * The real-name fields of a presign (§6.6): decrypted with the simulator's private key (RSA-OAEP,
 * SHA-1) and checked, then kept only as a digest, enough to play WeChat's comparison with the user's
 * real-name record when the user confirms.
 */
import { createHash } from 'node:crypto';
import { decryptOaepSha1 } from '../wechatpay/crypto.js';
import { ApiError } from './api-error.js';

/** 17 digits and a check digit (or X): a mainland resident ID card, the only documented identity_type. */
const ID_CARD = /^[0-9]{17}[0-9Xx]$/;

export interface RealIdentity {
  identity_id: string;
  real_name: string;
}

/**
 * Decrypts and checks `real_identity`; returns its digest. UNCONFIRMED whether WeChat checks the
 * decrypted format at presign or only compares at confirmation: refusing a malformed value here is the
 * safe reading (a client that passes here sends nothing WeChat could refuse for its shape).
 */
export function checkEncryptedRealIdentity(encrypted: RealIdentity, privateKeyPem: string): string {
  const plain = {
    identity_id: decryptField(encrypted, 'identity_id', privateKeyPem),
    real_name: decryptField(encrypted, 'real_name', privateKeyPem),
  };
  if (!ID_CARD.test(plain.identity_id)) {
    throw ApiError.param('real_identity.identity_id', 'does not decrypt to an 18-character ID card number (17 digits, then a digit or X)');
  }
  if (plain.real_name.trim() === '' || plain.real_name.includes('*')) {
    throw ApiError.param('real_identity.real_name', 'must decrypt to the full, unmasked name');
  }
  return realIdentityDigest(plain);
}

/** Case of the X check digit and surrounding spaces do not make a different person. */
export function realIdentityDigest(identity: RealIdentity): string {
  return createHash('sha256')
    .update(`${identity.identity_id.trim().toUpperCase()}\n${identity.real_name.trim()}`)
    .digest('hex');
}

function decryptField(encrypted: RealIdentity, field: keyof RealIdentity, privateKeyPem: string): string {
  let plain: string;
  try {
    plain = decryptOaepSha1(encrypted[field], privateKeyPem);
  } catch {
    throw ApiError.param(
      `real_identity.${field}`,
      'must be encrypted with RSA-OAEP (SHA-1) under the WeChat Pay public key named in Wechatpay-Serial, Base64',
    );
  }
  // decryptOaepSha1 decodes leniently; U+FFFD means the plaintext was not UTF-8.
  if (plain.includes('\uFFFD')) throw ApiError.param(`real_identity.${field}`, 'must be UTF-8 text before encryption');
  return plain;
}
