import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** A fresh random HS256 secret for one sandbox run: nothing to configure, nothing to leak. */
export function generateSandboxSecret(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/** Mints a short-lived token (sandbox mode and tests only; production tokens come from your identity provider). */
export function mintToken(
  secret: Uint8Array,
  claims: { sub: string; role: 'staff' } | { sub: string; role: 'user'; openid: string; appid?: string },
  options: { audience: string; expiresIn?: string; issuer?: string },
): Promise<string> {
  const { sub, ...rest } = claims;
  const jwt = new SignJWT(rest).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setAudience(options.audience);
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.setExpirationTime(options.expiresIn ?? '12h').sign(secret);
}
