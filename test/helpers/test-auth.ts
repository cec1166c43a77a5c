import { createAuthenticator, type Authenticator } from '../../src/auth/authenticator.js';
import { generateSandboxSecret, mintToken } from '../../src/auth/sandbox-tokens.js';

/** One random secret per test process: tokens minted here are accepted by every stack this process starts. */
const secret = generateSandboxSecret();
const audience = 'repayment-graphql';

export const testAuthConfig = { kind: 'generated', audience } as const;

export function testAuthenticator(): Promise<Authenticator> {
  return createAuthenticator(testAuthConfig, secret);
}

export function staffToken(): Promise<string> {
  return mintToken(secret, { sub: 'test-staff', role: 'staff' }, { audience, expiresIn: '1h' });
}

export function userToken(openid: string, options: { expiresIn?: string; audience?: string } = {}): Promise<string> {
  return mintToken(secret, { sub: `test-user-${openid}`, role: 'user', openid }, { audience: options.audience ?? audience, expiresIn: options.expiresIn ?? '1h' });
}

export async function bearer(token: Promise<string> | string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await token}` };
}
