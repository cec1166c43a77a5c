/** CORS on /graphql for browser front ends on other origins (CORS_ORIGINS), over real HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, staffToken } from '../helpers/test-auth.js';

const ALLOWED = 'https://app.example.com';

describe('CORS on /graphql', () => {
  let stack: SandboxStack;
  let bare: SandboxStack;
  before(async () => {
    [stack, bare] = await Promise.all([startSandboxStack({ corsOrigins: [ALLOWED] }), startSandboxStack()]);
  });
  after(() => Promise.all([stack.close(), bare.close()]));

  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
  const post = async (url: string, origin: string, headers?: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', ...(headers ?? (await bearer(staffToken()))) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('answers a preflight from a listed origin, without a token, allowing the token and JSON', async () => {
    const response = await preflight(stack.graphqlUrl, ALLOWED);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/);
    assert.equal(response.headers.get('access-control-allow-credentials'), null, 'tokens, not cookies');
  });

  it('lets a listed origin read answers, a 401 included', async () => {
    const ok = await post(stack.graphqlUrl, ALLOWED);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(ok.headers.get('vary') ?? '', /Origin/);
    const refused = await post(stack.graphqlUrl, ALLOWED, {});
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-allow-origin'), ALLOWED);
  });

  it('tells any other origin nothing, and without CORS_ORIGINS no origin at all', async () => {
    for (const [url, origin] of [[stack.graphqlUrl, 'https://evil.example'], [bare.graphqlUrl, ALLOWED]] as const) {
      const pre = await preflight(url, origin);
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), null);
      const answer = await post(url, origin);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
  });
});
