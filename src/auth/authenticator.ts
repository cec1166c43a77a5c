import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
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
  /** Verifies a bearer token (`Authorization` header value or the bare token); throws AuthenticationError. */
  authenticate(authorization: string | undefined | null): Promise<Authentication>;
}

/** With authentication disabled: every request acts as staff, and nothing expires. */
export const DISABLED_AUTHENTICATION: Authentication = Object.freeze({ viewer: UNAUTHENTICATED_STAFF });

/** Allowed algorithms per key kind: never `none`, never HS* with a public key (algorithm confusion). */
function algorithmsOf(key: KeyObject): string[] {
  if (key.asymmetricKeyType === 'rsa') return ['RS256'];
  if (key.asymmetricKeyType === 'ec') return ['ES256'];
  throw new Error(`unsupported public key type ${key.asymmetricKeyType}: use RSA (RS256) or P-256 (ES256)`);
}

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
    case 'public-key': {
      const publicKey = createPublicKey(await readFile(auth.publicKeyFile, 'utf8'));
      key = publicKey;
      algorithms = algorithmsOf(publicKey);
      break;
    }
    case 'jwks':
      key = createLocalJWKSet(JSON.parse(await readFile(auth.jwksFile, 'utf8')));
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
        }));
      } catch (error) {
        throw new AuthenticationError(reasonOf(error));
      }
      return verified.set(token, viewerOf(payload), payload.exp!);
    },
  };
}

function bearerToken(authorization: string | undefined | null): string {
  if (!authorization) throw new AuthenticationError('a bearer token is required');
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
  const subject = payload.sub!;
  if (payload.role === 'staff') return { role: 'staff', subject };
  if (payload.role === 'user' && typeof payload.openid === 'string' && payload.openid.length > 0) {
    return { role: 'user', subject, openid: payload.openid, ...(typeof payload.appid === 'string' ? { appid: payload.appid } : {}) };
  }
  throw new AuthenticationError('the token needs role "staff", or role "user" with an openid claim');
}
