import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, SignJWT } from 'jose';
import { AuthenticationError, createAuthenticator } from '../../src/auth/authenticator.js';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache.js';
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
