import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

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
