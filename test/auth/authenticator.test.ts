import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, SignJWT } from 'jose';
import { AuthenticationError, createAuthenticator } from '../../src/auth/authenticator.js';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache.js';
import { assertKeyFileRefused } from '../helpers/config-refusal.js';
import { tempDir } from '../helpers/temp-dir.js';

const audience = 'repayment-graphql';

function sign(claims: Record<string, unknown>, key: Parameters<SignJWT['sign']>[0], alg: string, extra: { kid?: string; iss?: string; exp?: string | number } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, ...(extra.kid ? { kid: extra.kid } : {}) }).setSubject('u1').setAudience(audience).setExpirationTime(extra.exp ?? '1h');
  if (extra.iss) jwt.setIssuer(extra.iss);
  return jwt.sign(key);
}

describe('createAuthenticator', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  before(async () => {
    dir = await tempDir('auth');
  });
  after(() => dir.remove());

  it('maps staff and user claims to viewers (HS256 secret)', async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    const key = new TextEncoder().encode(secret);
    assert.deepEqual((await auth.authenticate(`Bearer ${await sign({ role: 'staff' }, key, 'HS256')}`)).viewer, { role: 'staff', subject: 'u1' });
    assert.deepEqual((await auth.authenticate(`Bearer ${await sign({ role: 'user', openid: 'oA', appid: 'wx1' }, key, 'HS256')}`)).viewer, {
      role: 'user',
      subject: 'u1',
      openid: 'oA',
      appid: 'wx1',
    });
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'user' }, key, 'HS256')}`), AuthenticationError, 'a user needs an openid');
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'admin' }, key, 'HS256')}`), AuthenticationError);
  });

  it('verifies RS256 and ES256 with a PEM public key, and refuses HS256 signed with that public key', async () => {
    const rsaFile = path.join(dir.path, 'rsa.pem');
    await writeFile(rsaFile, rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    const auth = await createAuthenticator({ kind: 'public-key', publicKeyFile: rsaFile, audience, issuer: 'https://idp.example' });
    const token = await sign({ role: 'staff' }, rsa.privateKey, 'RS256', { iss: 'https://idp.example' });
    assert.equal((await auth.authenticate(`Bearer ${token}`)).viewer.role, 'staff');
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'staff' }, rsa.privateKey, 'RS256', { iss: 'https://other' })}`), AuthenticationError);
    // Algorithm confusion: an HMAC keyed with the public key's bytes must not pass.
    const confused = await sign({ role: 'staff' }, new TextEncoder().encode(String(rsa.publicKey.export({ type: 'spki', format: 'pem' }))), 'HS256', { iss: 'https://idp.example' });
    await assert.rejects(auth.authenticate(`Bearer ${confused}`), AuthenticationError);

    const ecFile = path.join(dir.path, 'ec.pem');
    await writeFile(ecFile, ec.publicKey.export({ type: 'spki', format: 'pem' }));
    const ecAuth = await createAuthenticator({ kind: 'public-key', publicKeyFile: ecFile, audience });
    assert.equal((await ecAuth.authenticate(await sign({ role: 'user', openid: 'oB' }, ec.privateKey, 'ES256'))).viewer.role, 'user');
  });

  it('verifies with a JWKS file, by kid', async () => {
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwksFile = path.join(dir.path, 'jwks.json');
    await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
    const auth = await createAuthenticator({ kind: 'jwks', jwksFile, audience });
    assert.equal((await auth.authenticate(`Bearer ${await sign({ role: 'staff' }, rsa.privateKey, 'RS256', { kid: 'k1' })}`)).viewer.role, 'staff');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'staff' }, other.privateKey, 'RS256', { kid: 'k1' })}`), AuthenticationError);
  });

  it('requires a token, an unexpired one, for this audience', async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const key = new TextEncoder().encode(secret);
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    await assert.rejects(auth.authenticate(undefined), /bearer token is required/);
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'staff' }, key, 'HS256', { exp: '-1s' })}`), /expired/);
    const elsewhere = await new SignJWT({ role: 'staff' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setAudience('other').setExpirationTime('1h').sign(key);
    await assert.rejects(auth.authenticate(`Bearer ${elsewhere}`), /aud/);
  });

  it("accepts a token whose nbf is up to 30 s ahead (the issuer's clock), not more, and no expired one however recent", async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const key = new TextEncoder().encode(secret);
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    const now = Math.floor(Date.now() / 1000);
    const notBefore = (ahead: number) => new SignJWT({ role: 'staff' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setAudience(audience).setIssuedAt(now + ahead).setNotBefore(now + ahead).setExpirationTime(now + 3600).sign(key);
    assert.equal((await auth.authenticate(`Bearer ${await notBefore(20)}`)).viewer.role, 'staff');
    await assert.rejects(auth.authenticate(`Bearer ${await notBefore(60)}`), /nbf/);
    await assert.rejects(auth.authenticate(`Bearer ${await sign({ role: 'staff' }, key, 'HS256', { exp: now - 1 })}`), /expired/);
  });

  it("requires sub to be a non-empty string (it names who acts), and an authorization that is a string", async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const key = new TextEncoder().encode(secret);
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    for (const sub of ['', '  ', 123, { id: 'x' }]) {
      const token = await new SignJWT({ role: 'staff', sub } as Record<string, unknown>).setProtectedHeader({ alg: 'HS256' }).setAudience(audience).setExpirationTime('1h').sign(key);
      await assert.rejects(auth.authenticate(`Bearer ${token}`), AuthenticationError, JSON.stringify(sub));
    }
    for (const authorization of [12345, ['Bearer x'], { token: 'x' }, true]) {
      await assert.rejects(auth.authenticate(authorization), AuthenticationError, JSON.stringify(authorization));
    }
  });

  it('verifies a token once, then serves it from memory until its exp, and never a tampered copy', async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign({ role: 'staff' }, new TextEncoder().encode(secret), 'HS256', { exp });
    assert.equal((await auth.authenticate(`Bearer ${token}`)).viewer.role, 'staff');
    assert.equal((await auth.authenticate(`Bearer ${token}`)).viewer.role, 'staff');
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await assert.rejects(auth.authenticate(`Bearer ${tampered}`), AuthenticationError);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await assert.rejects(auth.authenticate(`Bearer ${token}`), /expired/);
  });
});

describe('token expiry', () => {
  it("yields the token's exp with the viewer, also when served from memory", async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    const auth = await createAuthenticator({ kind: 'hs256', secret, audience });
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = await sign({ role: 'staff' }, new TextEncoder().encode(secret), 'HS256', { exp });
    assert.equal((await auth.authenticate(`Bearer ${token}`)).expiresAtMs, exp * 1000);
    assert.equal((await auth.authenticate(`Bearer ${token}`)).expiresAtMs, exp * 1000);
  });

  it('yields no expiry with authentication disabled', async () => {
    const auth = await createAuthenticator({ kind: 'disabled' });
    const { viewer, expiresAtMs } = await auth.authenticate(undefined);
    assert.equal(viewer.role, 'staff');
    assert.equal(expiresAtMs, undefined);
  });
});

describe('VerifiedTokenCache', () => {
  const viewer = { role: 'staff', subject: 's' } as const;

  it('forgets an entry at its exp', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, () => now);
    cache.set('t', { ...viewer }, 1_001);
    assert.deepEqual(cache.get('t')?.viewer, viewer);
    now = 1_000_999;
    assert.deepEqual(cache.get('t')?.viewer, viewer);
    now = 1_001_000;
    assert.equal(cache.get('t'), undefined);
    assert.equal(cache.size, 0);
  });

  it('keeps at most its capacity, dropping the oldest first', () => {
    const cache = new VerifiedTokenCache(2, () => 0);
    cache.set('a', { ...viewer }, 10);
    cache.set('b', { ...viewer }, 10);
    cache.set('c', { ...viewer }, 10);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), undefined);
    assert.deepEqual(cache.get('c')?.viewer, viewer);
  });
});

describe('createAuthenticator with a bad key file', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    dir = await tempDir('auth-bad-keys');
  });
  after(() => dir.remove());

  const spki = (key: KeyObject) => String(key.export({ type: 'spki', format: 'pem' }));
  async function file(name: string, content: string): Promise<string> {
    const target = path.join(dir.path, name);
    await writeFile(target, content);
    return target;
  }

  const refuses = (starting: Promise<unknown>, variable: string, file: string, content: string, reason: RegExp) =>
    assertKeyFileRefused(starting, { variable, file, content, reason });
  const publicKey = (publicKeyFile: string) => createAuthenticator({ kind: 'public-key', publicKeyFile, audience });
  const jwks = (jwksFile: string) => createAuthenticator({ kind: 'jwks', jwksFile, audience });

  it('names AUTH_JWT_PUBLIC_KEY_FILE when the file is missing or not a key', async () => {
    const missing = path.join(dir.path, 'nonexistent.pem');
    await refuses(publicKey(missing), 'AUTH_JWT_PUBLIC_KEY_FILE', missing, '', /cannot read .*ENOENT/);
    await refuses(publicKey(dir.path), 'AUTH_JWT_PUBLIC_KEY_FILE', dir.path, '', /cannot read .*EISDIR/);
    const garbage = 'not-a-key-but-a-secret-looking-line-0123456789\n';
    await refuses(publicKey(await file('garbage.pem', garbage)), 'AUTH_JWT_PUBLIC_KEY_FILE', path.join(dir.path, 'garbage.pem'), garbage, /is not a PEM public key/);
  });

  it('names AUTH_JWT_PUBLIC_KEY_FILE for a key that could never verify a token: Ed25519, EC P-384, RSA-1024, a private key', async () => {
    const cases: [string, string, RegExp][] = [
      ['ed25519.pem', spki(generateKeyPairSync('ed25519').publicKey), /is a key of type ed25519; use RSA \(RS256\) or EC P-256 \(ES256\)/],
      ['p384.pem', spki(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey), /is an EC key on secp384r1; ES256 needs P-256/],
      ['rsa1024.pem', spki(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), /is a 1024-bit RSA key; RS256 needs at least 2048 bits/],
      [
        'private.pem',
        String(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })),
        /holds a private key; give only the public key/,
      ],
    ];
    for (const [name, pem, reason] of cases) {
      await refuses(publicKey(await file(name, pem)), 'AUTH_JWT_PUBLIC_KEY_FILE', path.join(dir.path, name), pem, reason);
    }
  });

  it('names AUTH_JWKS_FILE when the file is missing, not JSON, not a JWKS, or has no usable public key', async () => {
    const missing = path.join(dir.path, 'nonexistent.json');
    await refuses(jwks(missing), 'AUTH_JWKS_FILE', missing, '', /cannot read .*ENOENT/);
    const rsaJwk = { ...(await exportJWK(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey)), kid: 'k1' };
    const privateJwk = { ...(await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)), kid: 'k2' };
    const cases: [string, string, RegExp][] = [
      // V8's SyntaxError would quote the text near the error: here, the private part of a key.
      ['truncated.json', JSON.stringify({ keys: [privateJwk] }).slice(0, -20), /is not valid JSON/],
      ['array.json', JSON.stringify([rsaJwk]), /is not a JWKS: a JSON object with a "keys" array expected/],
      ['private.json', JSON.stringify({ keys: [rsaJwk, privateJwk] }), /key 1 in .* is a private key/],
      ['broken.json', JSON.stringify({ keys: [{ ...rsaJwk, n: 'AQAB', e: 42 }] }), /key 0 in .* is not a valid RSA public key/],
      ['p384.json', JSON.stringify({ keys: [await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)] }), /has no key that can verify RS256 or ES256/],
      ['encryption.json', JSON.stringify({ keys: [{ ...rsaJwk, use: 'enc' }] }), /has no key that can verify RS256 or ES256/],
      ['empty.json', JSON.stringify({ keys: [] }), /has no key that can verify RS256 or ES256/],
    ];
    for (const [name, text, reason] of cases) {
      await refuses(jwks(await file(name, text)), 'AUTH_JWKS_FILE', path.join(dir.path, name), text, reason);
    }
  });

  it('accepts a JWKS that holds, besides a usable key, keys it will not use', async () => {
    const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = [
      { ...(await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)), kid: 'p384' },
      { ...(await exportJWK(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey)), kid: 'enc', use: 'enc' },
      { ...(await exportJWK(signer.publicKey)), kid: 'p256', alg: 'ES256' },
    ];
    const auth = await jwks(await file('mixed.json', JSON.stringify({ keys })));
    assert.equal((await auth.authenticate(await sign({ role: 'staff' }, signer.privateKey, 'ES256', { kid: 'p256' }))).viewer.role, 'staff');
  });
});
