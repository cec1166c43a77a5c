import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeductOrderDocument, DeductOrderUpdatedDocument, type DeductOrderUpdatedSubscription } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { acknowledged, answer, connect } from '../helpers/graphql-ws-raw.js';
import { GRAPHQL_BODY_LIMIT_BYTES } from '../../src/server/graphql-http-handler.js';
import { MAX_OPERATIONS_PER_CONNECTION } from '../../src/server/graphql-ws-adapter.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, staffToken, userToken } from '../helpers/test-auth.js';

const ORDER_UPDATES = 'subscription ($o: String) { deductOrderUpdated(outTradeNo: $o) { outTradeNo } }';

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

  it('closes with 4403 a connection_init whose authorization is not a string', async () => {
    for (const authorization of [12345, ['Bearer x'], { token: 'x' }]) {
      const client = await connect(stack.wsUrl);
      client.send({ type: 'connection_init', payload: { authorization } });
      assert.deepEqual(await client.closed, { code: 4403, reason: 'Forbidden' }, JSON.stringify(authorization));
    }
  });

  it('gives parse, validation and operation errors the codes they have over HTTP', async () => {
    const client = await acknowledged(stack.wsUrl);
    const deep = '{ deductOrder(outTradeNo: "T1") { contract { deductOrders { reservation { deductOrders { contract { reservations { deductOrders { contract { openid } } } } } } } } } }';
    const cases: [string, Record<string, unknown>, string][] = [
      ['parse', { query: '{ deductOrder(' }, 'GRAPHQL_PARSE_FAILED'],
      ['unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['depth', { query: deep }, 'GRAPHQL_VALIDATION_FAILED'],
      ['operation name', { query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
    ];
    for (const [id, payload, code] of cases) {
      const frame = await answer(client, id, payload);
      assert.equal(frame.type, 'error', id);
      assert.equal(frame.payload[0].extensions.code, code, `${id}: ${JSON.stringify(frame.payload)}`);
      const http = await graphqlRequest(stack.graphqlUrl, payload.query as string);
      if (code !== 'OPERATION_RESOLUTION_FAILURE') assert.equal(http.errors?.[0].extensions?.code, code, `${id} over HTTP`);
    }
    assert.match((await answer(client, 'depth2', { query: deep })).payload[0].message, /depth/i);
    client.socket.close();
  });

  it('refuses a subscription sent over HTTP with BAD_REQUEST', async () => {
    const result = await graphqlRequest(stack.graphqlUrl, ORDER_UPDATES, { o: 'T1' });
    assert.equal(result.status, 400);
    assert.equal(result.errors?.[0].extensions?.code, 'BAD_REQUEST');
    assert.match(result.errors![0].message, /WebSocket/);
    assert.equal(result.data, undefined);
  });

  it('closes a connection with 1009 for a message larger than an HTTP body may be', async () => {
    const client = await acknowledged(stack.wsUrl);
    const fits = await answer(client, 'fits', { query: '{ __typename }', variables: { pad: 'x'.repeat(90 * 1024) } });
    assert.equal(fits.type, 'next');
    client.send({ id: 'big', type: 'subscribe', payload: { query: '{ __typename }', variables: { pad: 'x'.repeat(GRAPHQL_BODY_LIMIT_BYTES) } } });
    assert.equal((await client.closed).code, 1009);
  });

  it('answers TOO_MANY_OPERATIONS beyond the operations one connection may run at once', async () => {
    const client = await acknowledged(stack.wsUrl);
    for (let i = 0; i < MAX_OPERATIONS_PER_CONNECTION; i++) client.send({ id: `s${i}`, type: 'subscribe', payload: { query: ORDER_UPDATES, variables: { o: `TCAP${i}` } } });
    const refused = await answer(client, 'over', { query: ORDER_UPDATES, variables: { o: 'TCAPOVER' } });
    assert.equal(refused.id, 'over');
    assert.equal(refused.type, 'error');
    assert.equal(refused.payload[0].extensions.code, 'TOO_MANY_OPERATIONS');
    client.socket.close();
  });

  it('lets one borrower hold 20 connections at once (1013 beyond), and counts neither other borrowers nor staff', async () => {
    const init = async (token: Promise<string>) => {
      const client = await connect(stack.wsUrl);
      client.send({ type: 'connection_init', payload: await bearer(token) });
      return client;
    };
    const held = await Promise.all(Array.from({ length: 20 }, () => init(userToken('oQuota000000000000000000001'))));
    for (const client of held) assert.equal(await client.frame(0), '{"type":"connection_ack"}');
    const over = await init(userToken('oQuota000000000000000000001'));
    // A frame (an ack) instead of the close, or neither within 5 s, fails here.
    const frame = over.frame(0);
    frame.catch(() => {}); // no frame comes when the close does
    assert.equal(((await Promise.race([over.closed, frame])) as { code?: number }).code, 1013);
    const other = await init(userToken('oQuota000000000000000000002'));
    assert.equal(await other.frame(0), '{"type":"connection_ack"}');
    const staff = await Promise.all(Array.from({ length: 25 }, () => acknowledged(stack.wsUrl)));
    for (const client of [...held, other, ...staff]) client.socket.close();
  });

  it('serves introspection outside production', async () => {
    const client = await acknowledged(stack.wsUrl);
    const frame = await answer(client, 'i', { query: '{ __schema { queryType { name } } }' });
    assert.equal(frame.payload.data.__schema.queryType.name, 'Query');
    client.socket.close();
  });
});

describe('GraphQL over WebSocket in production', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack({ production: true });
  });
  after(() => stack.close());

  it('turns introspection off, as over HTTP', async () => {
    const client = await acknowledged(stack.wsUrl);
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const frame = await answer(client, query, { query });
      assert.equal(frame.type, 'error');
      assert.equal(frame.payload[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    }
    assert.equal((await answer(client, 'typename', { query: '{ __typename }' })).type, 'next');
    client.socket.close();
  });
});
