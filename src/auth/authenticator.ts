import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type AuthConfig } from '../config.js';
import { readKeyFile, readPublicKeyFile } from '../key-files.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import { UNAUTHENTICATED_STAFF, type Viewer } from './viewer.js';

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  readonly code = 'UNAUTHENTICATED';
}

/**
 * Who a bearer token speaks for, and until when: `expiresAtMs` is its `exp` in ms since the
 * epoch, absent when nothing expires (authentication disabled). A long-lived connection (graphql-ws)
 * must stop acting for the viewer then.
 */
export interface Authentication {
  readonly viewer: Viewer;
  readonly expiresAtMs?: number;
}

export interface Authenticator {
  /**
   * Verifies a bearer token (`Authorization` header value or the bare token; anything else, such
   * as a number in a WebSocket's connection_init payload, is refused); throws AuthenticationError.
   */
  authenticate(authorization: unknown): Promise<Authentication>;
}

/** With authentication disabled: every request acts as staff, and nothing expires. */
export const DISABLED_AUTHENTICATION: Authentication = Object.freeze({ viewer: UNAUTHENTICATED_STAFF });

/**
 * Why a key cannot verify RS256/ES256 tokens, or undefined when it can. jose would accept a P-384
 * key or a short RSA key here and then refuse every token: the start refuses them instead.
 */
function unusableBecause(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= 2048 ? undefined : `is a ${bits}-bit RSA key; RS256 needs at least 2048 bits`;
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? undefined : `is an EC key on ${curve ?? 'an unknown curve'}; ES256 needs P-256 (prime256v1)`;
  }
  return `is a key of type ${key.asymmetricKeyType ?? 'unknown'}; use RSA (RS256) or EC P-256 (ES256)`;
}

/**
 * A PEM public key and the one algorithm it may verify: never `none`, never HS* with a public key
 * (algorithm confusion).
 */
async function readPublicKey(variable: string, file: string): Promise<{ key: KeyObject; algorithms: string[] }> {
  const key = await readPublicKeyFile(variable, file, 'RSA or EC P-256 public key');
  const problem = unusableBecause(key);
  if (problem) throw new ConfigError(variable, `the key in ${file} ${problem}`);
  return { key, algorithms: key.asymmetricKeyType === 'rsa' ? ['RS256'] : ['ES256'] };
}

/**
 * A JWKS file: valid JSON with a `keys` array, no private keys, every RSA/EC key well-formed, and at
 * least one key that can verify RS256 or ES256 (others, such as `use: "enc"` keys, are ignored).
 */
async function readJwks(variable: string, file: string): Promise<JWTVerifyGetKey> {
  const text = await readKeyFile(variable, file);
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    // Not the SyntaxError's message: it quotes the text around the error.
    throw new ConfigError(variable, `${file} is not valid JSON`);
  }
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new ConfigError(variable, `${file} is not a JWKS: a JSON object with a "keys" array expected`);
  let usable = 0;
  keys.forEach((jwk: unknown, index) => {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new ConfigError(variable, `key ${index} in ${file} is not a JSON object`);
    const { kty, alg, use, d } = jwk as Record<string, unknown>;
    if (d !== undefined) throw new ConfigError(variable, `key ${index} in ${file} is a private key; a JWKS for verification holds public keys only`);
    if (kty !== 'RSA' && kty !== 'EC') return;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      throw new ConfigError(variable, `key ${index} in ${file} is not a valid ${kty} public key`);
    }
    const fits = kty === 'RSA' ? alg === undefined || alg === 'RS256' : alg === undefined || alg === 'ES256';
    if (fits && (use === undefined || use === 'sig') && !unusableBecause(key)) usable += 1;
  });
  if (usable === 0) {
    throw new ConfigError(variable, `${file} has no key that can verify RS256 or ES256 tokens (RSA of at least 2048 bits, or EC P-256)`);
  }
  try {
    return createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
  } catch {
    throw new ConfigError(variable, `${file} is not a valid JWKS`);
  }
}

/**
 * How far ahead of ours the token issuer's clock may be: a token minted just now there may have an
 * `nbf` a little in our future, and refusing it would fail a fresh login at random. (jose reads
 * `iat` only for a maximum token age, which we do not set.) Never applied to `exp`: a token is
 * refused from the second it expires.
 */
export const CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies bearer JWTs with jose: signature, `exp` (required), `aud`, and `iss` when configured,
 * then maps claims to a viewer: `role: "staff"`, or `role: "user"` with an `openid` claim.
 */
export async function createAuthenticator(auth: AuthConfig, generatedSecret?: Uint8Array): Promise<Authenticator> {
  if (auth.kind === 'disabled') return { authenticate: async () => DISABLED_AUTHENTICATION };
  let key: Uint8Array | KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  switch (auth.kind) {
    case 'hs256':
      key = new TextEncoder().encode(auth.secret);
      algorithms = ['HS256'];
      break;
    case 'generated':
      if (!generatedSecret) throw new Error('a generated secret is required in sandbox mode');
      key = generatedSecret;
      algorithms = ['HS256'];
      break;
    case 'public-key':
      ({ key, algorithms } = await readPublicKey('AUTH_JWT_PUBLIC_KEY_FILE', auth.publicKeyFile));
      break;
    case 'jwks':
      key = await readJwks('AUTH_JWKS_FILE', auth.jwksFile);
      algorithms = ['RS256', 'ES256'];
      break;
  }
  const issuer = 'issuer' in auth ? auth.issuer : undefined;
  const verified = new VerifiedTokenCache();
  return {
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      const known = verified.get(token);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as never, {
          algorithms,
          audience: auth.audience,
          issuer,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: CLOCK_SKEW_SECONDS,
        }));
      } catch (error) {
        throw new AuthenticationError(reasonOf(error));
      }
      // jose's tolerance covers `exp` too: an expired token is refused here without any.
      if (payload.exp! * 1000 <= Date.now()) throw new AuthenticationError('the token has expired');
      return verified.set(token, viewerOf(payload), payload.exp!);
    },
  };
}

/** `authorization` as given: a WebSocket's connection_init payload may hold any JSON there. */
function bearerToken(authorization: unknown): string {
  if (!authorization) throw new AuthenticationError('a bearer token is required');
  if (typeof authorization !== 'string') throw new AuthenticationError('the authorization must be a string: "Bearer <token>"');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim()) ?? /^(\S+\.\S+\.\S+)$/.exec(authorization.trim());
  if (!match) throw new AuthenticationError('the Authorization header must be "Bearer <token>"');
  return match[1];
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  return 'the token is not valid';
}

function viewerOf(payload: JWTPayload): Viewer {
  // jose checks only that `sub` is present; it names who acts (rate limits, requestedBy, audit).
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new AuthenticationError("the token's sub claim must be a non-empty string");
  const subject = payload.sub;
  if (payload.role === 'staff') return { role: 'staff', subject };
  if (payload.role === 'user' && typeof payload.openid === 'string' && payload.openid.length > 0) {
    return { role: 'user', subject, openid: payload.openid, ...(typeof payload.appid === 'string' ? { appid: payload.appid } : {}) };
  }
  throw new AuthenticationError('the token needs role "staff", or role "user" with an openid claim');
}
