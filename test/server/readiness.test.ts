import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { READINESS_STORE_TIMEOUT_MS } from '../../src/server/readiness-route.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { proxiedPostgres } from '../store/test-setup.js';

describe('/readyz', () => {
  let stack: SandboxStack;
  let transportUp = true;

  before(async () => {
    stack = await startSandboxStack({
      eventTransportCheck: async () => {
        if (!transportUp) throw new Error('redis is unreachable');
      },
    });
  });
  after(async () => {
    // The test closed the store already; a second close may refuse.
    await stack.close().catch(() => {});
  });

  const readyz = async () => {
    const response = await fetch(`${stack.app.url}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  it('is ready with the store and the event transport, degraded but still 200 without the transport, 503 without the store', async () => {
    assert.deepEqual(await readyz(), { status: 200, body: { status: 'ready' } });

    transportUp = false;
    const degraded = await readyz();
    assert.equal(degraded.status, 200, 'a Redis outage must not take every instance out of the load balancer');
    assert.equal(degraded.body.status, 'degraded');

    transportUp = true;
    await stack.store.close();
    assert.deepEqual(await readyz(), { status: 503, body: { status: 'not ready', store: 'unavailable' } });
  });
});

describe('/readyz on a PostgreSQL that stopped answering', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  it(`says 503 after ${READINESS_STORE_TIMEOUT_MS} ms instead of waiting with the pool`, async () => {
    const { database, proxy, url } = await proxiedPostgres();
    const stack = await startSandboxStack({ databaseUrl: url });
    try {
      assert.equal((await fetch(`${stack.app.url}/readyz`)).status, 200);
      proxy.stall();
      const startedAt = Date.now();
      const response = await fetch(`${stack.app.url}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { status: 'not ready', store: 'unavailable' });
      assert.ok(Date.now() - startedAt < READINESS_STORE_TIMEOUT_MS + 1_500, `answered after ${Date.now() - startedAt} ms`);
    } finally {
      proxy.restore();
      await proxy.close();
      await stack.close().catch(() => {});
      await database.drop();
    }
  });
});
