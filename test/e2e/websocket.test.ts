import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeductOrderDocument, DeductOrderUpdatedDocument, type DeductOrderUpdatedSubscription } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, userToken } from '../helpers/test-auth.js';

/** graphql-ws against the whole app: the same tokens, limits and error codes as over HTTP. */
describe('GraphQL over WebSocket', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack();
  });
  after(() => stack.close());

  it("closes a connection with 4403 when its token expires, as HTTP starts answering 401", async () => {
    const shortLived = await bearer(userToken('oExpiring00000000000000000', { expiresIn: '2s' }));
    const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl, shortLived).subscribe(DeductOrderUpdatedDocument, {
      outTradeNo: 'TEXPIRY00001',
    });
    await subscriber.connected();
    assert.equal((await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: 'TEXPIRY00001' }, shortLived)).status, 200);
    const closed = await eventually(async () => subscriber.error as { code?: number; reason?: string } | undefined, 'the connection to close', 5_000);
    assert.equal(closed.code, 4403);
    assert.equal(closed.reason, 'Forbidden: token expired');
    assert.equal((await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: 'TEXPIRY00001' }, shortLived)).status, 401);
    await subscriber.close();
  });
});
