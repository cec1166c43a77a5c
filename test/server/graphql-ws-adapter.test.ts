import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildSchema, GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../../src/logger.js';
import { createTopicPubSub } from '../../src/pubsub/pubsub.js';
import { sharingKey } from '../../src/graphql/shared-subscribe.js';
import { MAX_OPERATIONS_PER_CONNECTION, useGraphQLWs, type GraphQLWsServer } from '../../src/server/graphql-ws-adapter.js';
import { connect, type RawWsClient } from '../helpers/graphql-ws-raw.js';

type Item = { n: number; owner: string };
type TestTopics = { [topic: string]: unknown; ITEM: Item };

/** A tiny schema whose `seenBy` counts executions and shows the viewer (the sharing scope). */
function testSchema(pubsub: ReturnType<typeof createTopicPubSub<TestTopics>>, executions: { count: number }): GraphQLSchema {
  const schema = buildSchema(`
    type Query { hello: String }
    type Item { n: Int, owner: String, seenBy: String }
    type Subscription { item(topic: String!): Item }
  `);
  schema.getQueryType()!.getFields().hello.resolve = () => 'world';
  const item = schema.getSubscriptionType()!.getFields().item;
  item.subscribe = (_root, args: { topic: string }) => pubsub.subscribe('ITEM', args.topic).start([]);
  item.resolve = (root: Item) => root;
  (schema.getType('Item') as import('graphql').GraphQLObjectType).getFields().seenBy.resolve = async (_root: Item, _args, context: { viewer: string }) => {
    executions.count++;
    if (_root.n === 101) await new Promise((resolve) => setTimeout(resolve, 80)); // a slow execution
    return context.viewer;
  };
  return schema;
}

async function acknowledged(url: string, token = 'a', options?: WebSocket.ClientOptions): Promise<RawWsClient> {
  const client = await connect(url, undefined, options);
  client.send({ type: 'connection_init', payload: { token } });
  assert.equal(await client.frame(0), '{"type":"connection_ack"}');
  return client;
}

/** A connection for `token`, tried again while the server still counts a closing one (1013). */
async function ackedOnceFree(url: string, token: string): Promise<RawWsClient> {
  for (let attempt = 0; ; attempt++) {
    const client = await connect(url);
    client.send({ type: 'connection_init', payload: { token } });
    const ack = client.frame(0);
    ack.catch(() => {}); // a refused connection never gets one; its close settles the race
    const outcome = await Promise.race([ack, client.closed]);
    if (outcome === '{"type":"connection_ack"}') return client;
    assert.ok(typeof outcome === 'object' && outcome.code === 1013 && attempt < 50, `unexpected: ${JSON.stringify(outcome)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('graphql-ws adapter (graphql-transport-ws over ws)', () => {
  let server: Server;
  let wsServer: GraphQLWsServer;
  let url: string;
  const pubsub = createTopicPubSub<TestTopics>();
  const executions = { count: 0 };
  const prepared = { count: 0 };

  before(async () => {
    const schema = testSchema(pubsub, executions);
    const documents = new Map<string, import('graphql').DocumentNode>();
    server = createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    wsServer = useGraphQLWs<string>(
      {
        authenticate: async (params) => {
          if (params?.token === 'boom') throw new Error('authenticator exploded');
          // 54 characters, 162 bytes of UTF-8: too long for a close reason (at most 123 bytes).
          if (params?.token === 'boom-cjk') throw new Error('认证服务暂时不可用'.repeat(6));
          if (typeof params?.token !== 'string' || params.token === 'bad') return false;
          // `expiresInMs` stands for the token's exp.
          return { viewer: params.token, expiresAtMs: typeof params.expiresInMs === 'number' ? Date.now() + params.expiresInMs : undefined };
        },
        prepare: async (payload, viewer): Promise<ExecutionArgs | readonly GraphQLError[]> => {
          prepared.count++;
          // `extensions.delayMs` stands for a slow setup (e.g. a database read before the subscription starts).
          const delayMs = (payload.extensions as { delayMs?: number } | undefined)?.delayMs;
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          let document = documents.get(payload.query);
          if (!document) {
            document = parse(payload.query);
            const errors = validate(schema, document);
            if (errors.length > 0) return errors;
            documents.set(payload.query, document);
          }
          return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: { viewer } };
        },
        sharingKey: (args, viewer) => sharingKey(args, viewer),
        formatError: (error) => ({ message: error.message, extensions: { code: 'TEST' } }),
        log: createLogger('silent'),
        keepAliveMs: 150,
        connectionInitWaitTimeoutMs: 300,
        maxBufferedBytes: 256 * 1024,
        // Only `quota-…` viewers are counted, so the other tests may open as many as they like.
        connectionQuota: { key: (viewer) => (viewer.startsWith('quota-') ? viewer : undefined), max: 2 },
        isProd: false,
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  after(async () => {
    await wsServer.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lives through errors of the HTTP server (twice), and its clients stay connected', async () => {
    const client = await acknowledged(url);
    for (let i = 0; i < 2; i++) server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
    client.send({ type: 'ping' });
    assert.equal(await client.frame(1), '{"type":"pong"}');
    client.socket.close();
  });

  it('acknowledges, answers pings, and runs a query as next + complete', async () => {
    const client = await acknowledged(url);
    client.send({ type: 'ping', payload: { at: 1 } });
    assert.equal(await client.frame(1), '{"type":"pong","payload":{"at":1}}');
    client.send({ type: 'ping' });
    assert.equal(await client.frame(2), '{"type":"pong"}');
    client.send({ id: 'q1', type: 'subscribe', payload: { query: '{ hello }' } });
    assert.equal(await client.frame(3), '{"id":"q1","type":"next","payload":{"data":{"hello":"world"}}}');
    assert.equal(await client.frame(4), '{"id":"q1","type":"complete"}');
    client.socket.close();
  });

  it('sends validation errors as an error message, formatted', async () => {
    const client = await acknowledged(url);
    client.send({ id: 'bad', type: 'subscribe', payload: { query: '{ nope }' } });
    const frame = JSON.parse(await client.frame(1));
    assert.equal(frame.id, 'bad');
    assert.equal(frame.type, 'error');
    assert.equal(frame.payload[0].extensions.code, 'TEST');
    client.socket.close();
  });

  it('holds a viewer to its connection quota (1013 beyond it), counting each connection until it closes', async () => {
    const [a1, a2] = [await acknowledged(url, 'quota-a'), await acknowledged(url, 'quota-a')];
    const a3 = await connect(url);
    a3.send({ type: 'connection_init', payload: { token: 'quota-a' } });
    assert.deepEqual(await a3.closed, { code: 1013, reason: 'too many connections for this viewer: at most 2 at once; close one first' });
    const b = await acknowledged(url, 'quota-b'); // another viewer has its own quota
    // Closed by the client: a new connection is taken once the server has seen the close.
    a1.socket.close();
    await a1.closed;
    const a4 = await ackedOnceFree(url, 'quota-a');
    // The refused connection never counted: a2 and a4 are the two.
    const a5 = await connect(url);
    a5.send({ type: 'connection_init', payload: { token: 'quota-a' } });
    assert.equal((await a5.closed).code, 1013);
    // Closed by the server (the token expired): counted no more from that moment, even while the
    // client (which stopped reading) never answers the close and the socket stays open.
    const expiring = await connect(url);
    expiring.send({ type: 'connection_init', payload: { token: 'quota-e', expiresInMs: 150 } });
    assert.equal(await expiring.frame(0), '{"type":"connection_ack"}');
    expiring.socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const [e1, e2] = [await acknowledged(url, 'quota-e'), await acknowledged(url, 'quota-e')];
    expiring.socket.terminate();
    for (const client of [a2, a4, b, e1, e2]) client.socket.close();
  });

  it('closes with the graphql-ws close codes', async () => {
    const wrongProtocol = await connect(url, ''); // none offered (ws refuses a handshake that names only others)
    assert.equal((await wrongProtocol.closed).code, 4406);

    const silent = await connect(url);
    assert.deepEqual(await silent.closed, { code: 4408, reason: 'Connection initialisation timeout' });

    const twice = await acknowledged(url);
    twice.send({ type: 'connection_init' });
    assert.deepEqual(await twice.closed, { code: 4429, reason: 'Too many initialisation requests' });

    const refused = await connect(url);
    refused.send({ type: 'connection_init', payload: { token: 'bad' } });
    assert.deepEqual(await refused.closed, { code: 4403, reason: 'Forbidden' });

    const exploding = await connect(url);
    exploding.send({ type: 'connection_init', payload: { token: 'boom' } });
    assert.deepEqual(await exploding.closed, { code: 4500, reason: 'authenticator exploded' });

    const early = await connect(url);
    early.send({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } });
    assert.deepEqual(await early.closed, { code: 4401, reason: 'Unauthorized' });

    const duplicate = await acknowledged(url);
    duplicate.send({ id: 'dup', type: 'subscribe', payload: { query: 'subscription { item(topic: "dup") { n } }' } });
    duplicate.send({ id: 'dup', type: 'subscribe', payload: { query: 'subscription { item(topic: "dup") { n } }' } });
    assert.deepEqual(await duplicate.closed, { code: 4409, reason: 'Subscriber for dup already exists' });

    const garbage = await acknowledged(url);
    garbage.send('{not json');
    assert.deepEqual(await garbage.closed, { code: 4400, reason: 'Invalid message received' });

    // Messages only a server sends are invalid from a client (PROTOCOL.md: 4400), not an internal error.
    for (const message of [{ id: 'n', type: 'next', payload: { data: null } }, { id: 'e', type: 'error', payload: [] }, { type: 'connection_ack' }]) {
      const serverOnly = await acknowledged(url);
      serverOnly.send(message);
      assert.deepEqual(await serverOnly.closed, { code: 4400, reason: 'Invalid message received' }, message.type);
    }
  });

  it('cuts a close reason to at most 123 bytes of UTF-8 without splitting a character', async () => {
    const cjk = await connect(url);
    cjk.send({ type: 'connection_init', payload: { token: 'boom-cjk' } });
    try {
      const closed = await Promise.race([cjk.closed, new Promise<never>((_, reject) => setTimeout(reject, 1_500, new Error('not closed')))]);
      assert.equal(closed.code, 4500);
      assert.equal(closed.reason, '认证服务暂时不可用'.repeat(6).slice(0, 41)); // 41 characters, 123 bytes
      assert.equal(Buffer.byteLength(closed.reason), 123);
    } finally {
      cjk.socket.terminate();
    }

    const id = 'i'.repeat(200); // the id is the client's: its 4409 reason would be too long
    const duplicate = await acknowledged(url);
    duplicate.send({ id, type: 'subscribe', payload: { query: 'subscription { item(topic: "dup-long") { n } }' } });
    duplicate.send({ id, type: 'subscribe', payload: { query: 'subscription { item(topic: "dup-long") { n } }' } });
    assert.deepEqual(await duplicate.closed, { code: 4409, reason: `Subscriber for ${id}`.slice(0, 123) });
  });

  it("ends a connection's operations when the server starts closing it, not when the client answers the close", async () => {
    const client = await acknowledged(url, 'a');
    client.send({ id: 'held', type: 'subscribe', payload: { query: 'subscription { item(topic: "closing") { n } }' } });
    client.send({ type: 'ping' });
    await client.frame(1);
    assert.equal(pubsub.localTopics().filter(({ id }) => id === 'closing').length, 1);
    client.socket.pause(); // reads nothing more, so it never answers the server's close frame
    client.send({ id: 'held', type: 'subscribe', payload: { query: 'subscription { item(topic: "closing") { n } }' } }); // 4409
    // Sent before the client could have seen the close: not acted on either.
    client.send({ id: 'late', type: 'subscribe', payload: { query: 'subscription { item(topic: "closing-late") { n } }' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const left = pubsub.localTopics().filter(({ id }) => id === 'closing' || id === 'closing-late');
      assert.deepEqual(left, [], 'subscriptions wait for the close handshake');
    } finally {
      client.socket.terminate();
    }
  });

  it('closes the socket with 4403 when the token expires, ending its subscriptions', async () => {
    const client = await connect(url);
    const started = Date.now();
    client.send({ type: 'connection_init', payload: { token: 'a', expiresInMs: 400 } });
    assert.equal(await client.frame(0), '{"type":"connection_ack"}');
    client.send({ id: 'e', type: 'subscribe', payload: { query: 'subscription { item(topic: "expiry") { n } }' } });
    client.send({ type: 'ping' });
    await client.frame(1);
    pubsub.publish('ITEM', 'expiry', { n: 1, owner: 'x' });
    assert.equal(await client.frame(2), '{"id":"e","type":"next","payload":{"data":{"item":{"n":1}}}}');
    assert.deepEqual(await client.closed, { code: 4403, reason: 'Forbidden: token expired' });
    assert.ok(Date.now() - started >= 400, 'not before the expiry');
    pubsub.publish('ITEM', 'expiry', { n: 2, owner: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.frames.length, 3);
  });

  it('does not act on a message that arrives after the expiry, even when the expiry timer is late', async () => {
    const client = await connect(url);
    client.send({ type: 'connection_init', payload: { token: 'a', expiresInMs: 200 } });
    assert.equal(await client.frame(0), '{"type":"connection_ack"}');
    const before = prepared.count;
    const until = Date.now() + 300; // the loop is busy past the expiry: the message is read after it
    while (Date.now() < until);
    client.send({ id: 'late', type: 'subscribe', payload: { query: '{ hello }' } });
    assert.equal((await client.closed).code, 4403);
    assert.equal(prepared.count, before, 'the operation was not even prepared');
    assert.equal(client.frames.length, 1);
  });

  it('keeps a connection whose token has no expiry', async () => {
    const client = await acknowledged(url, 'a');
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.send({ id: 'q', type: 'subscribe', payload: { query: '{ hello }' } });
    assert.equal(await client.frame(1), '{"id":"q","type":"next","payload":{"data":{"hello":"world"}}}');
    client.socket.close();
  });

  it(`runs at most ${MAX_OPERATIONS_PER_CONNECTION} operations at once per connection`, async () => {
    const client = await acknowledged(url, 'a');
    for (let i = 0; i < MAX_OPERATIONS_PER_CONNECTION; i++) {
      client.send({ id: `c${i}`, type: 'subscribe', payload: { query: 'subscription { item(topic: "cap") { n } }' } });
    }
    client.send({ id: 'over', type: 'subscribe', payload: { query: 'subscription { item(topic: "cap") { n } }' } });
    const refused = JSON.parse(await client.frame(1));
    assert.equal(refused.id, 'over');
    assert.equal(refused.type, 'error');
    assert.match(refused.payload[0].message, /too many operations on this connection: at most 100/);
    // Completing one makes room for another.
    client.send({ id: 'c0', type: 'complete' });
    client.send({ id: 'again', type: 'subscribe', payload: { query: 'subscription { item(topic: "cap") { n } }' } });
    client.send({ type: 'ping' });
    assert.equal(await client.frame(2), '{"type":"pong"}');
    pubsub.publish('ITEM', 'cap', { n: 1, owner: 'x' });
    await client.frame(2 + MAX_OPERATIONS_PER_CONNECTION);
    const ids = client.frames.slice(3).map((frame) => JSON.parse(frame).id as string);
    assert.ok(ids.includes('again') && !ids.includes('c0') && !ids.includes('over'), JSON.stringify(ids));
    client.socket.close();
  });

  // PROTOCOL.md: "Once a client completes an operation, it is free to re-use that ID."
  it('re-uses an id completed while its subscription was being set up: one subscription, nothing left once closed', async () => {
    const client = await acknowledged(url, 'a');
    const slow = (delayMs: number) => ({ query: 'subscription { item(topic: "reuse") { n } }', extensions: { delayMs } });
    for (let i = 0; i < 5; i++) {
      client.send({ id: 'x', type: 'subscribe', payload: slow(100 - i * 10) });
      client.send({ id: 'x', type: 'complete' });
    }
    client.send({ id: 'x', type: 'subscribe', payload: slow(10) });
    await new Promise((resolve) => setTimeout(resolve, 250)); // every setup has finished
    pubsub.publish('ITEM', 'reuse', { n: 1, owner: 'x' });
    assert.equal(await client.frame(1), '{"id":"x","type":"next","payload":{"data":{"item":{"n":1}}}}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.frames.length, 2, 'one frame for one event');
    client.socket.close();
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(pubsub.localTopics().filter(({ id }) => id === 'reuse'), [], 'no subscription outlives its socket');
  });

  it('does not answer a query the client completed under the id it then re-used for a subscription', async () => {
    const client = await acknowledged(url, 'a');
    client.send({ id: 'q', type: 'subscribe', payload: { query: '{ hello }', extensions: { delayMs: 50 } } });
    client.send({ id: 'q', type: 'complete' });
    client.send({ id: 'q', type: 'subscribe', payload: { query: 'subscription { item(topic: "reused-query") { n } }' } });
    await new Promise((resolve) => setTimeout(resolve, 150)); // the query has finished
    pubsub.publish('ITEM', 'reused-query', { n: 1, owner: 'x' });
    assert.equal(await client.frame(1), '{"id":"q","type":"next","payload":{"data":{"item":{"n":1}}}}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.frames.length, 2, JSON.stringify(client.frames));
    client.socket.close();
  });

  it('counts setups the client completed toward the operation limit until they have finished', async () => {
    const client = await acknowledged(url, 'a');
    for (let i = 0; i < MAX_OPERATIONS_PER_CONNECTION; i++) {
      client.send({ id: `s${i}`, type: 'subscribe', payload: { query: '{ hello }', extensions: { delayMs: 200 } } });
      client.send({ id: `s${i}`, type: 'complete' });
    }
    client.send({ id: 'over', type: 'subscribe', payload: { query: '{ hello }' } });
    const refused = JSON.parse(await client.frame(1));
    assert.equal(refused.id, 'over');
    assert.equal(refused.payload[0].extensions.code, 'TEST');
    assert.match(refused.payload[0].message, /too many operations/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the setups have finished
    client.send({ id: 'after', type: 'subscribe', payload: { query: '{ hello }' } });
    assert.equal(await client.frame(2), '{"id":"after","type":"next","payload":{"data":{"hello":"world"}}}');
    assert.equal(await client.frame(3), '{"id":"after","type":"complete"}');
    client.socket.close();
  });

  it('executes an event once per sharing key and gives each subscriber its own id', async () => {
    const before = executions.count;
    const clients = await Promise.all(Array.from({ length: 40 }, (_, i) => acknowledged(url, i % 2 === 0 ? 'a' : 'b')));
    clients.forEach((client, i) =>
      client.send({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription ($t: String!) { item(topic: $t) { n owner seenBy } }', variables: { t: 'shared' } } }),
    );
    // Subscriptions are live once the server has processed the subscribe messages: probe with a ping.
    await Promise.all(clients.map(async (client) => (client.send({ type: 'ping' }), await client.frame(1))));
    pubsub.publish('ITEM', 'shared', { n: 1, owner: 'x' });
    const frames = await Promise.all(clients.map((client) => client.frame(2)));
    frames.forEach((frame, i) => {
      assert.equal(frame, `{"id":"s${i}","type":"next","payload":{"data":{"item":{"n":1,"owner":"x","seenBy":"${i % 2 === 0 ? 'a' : 'b'}"}}}}`);
    });
    assert.equal(executions.count - before, 2, 'one execution per viewer scope');

    // complete from the client stops delivery to that subscriber only
    clients[0].send({ id: 's0', type: 'complete' });
    clients[1].send({ type: 'ping' });
    await clients[1].frame(3);
    clients[0].send({ type: 'ping' });
    await clients[0].frame(3);
    pubsub.publish('ITEM', 'shared', { n: 2, owner: 'x' });
    assert.match(await clients[1].frame(4), /"n":2/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(clients[0].frames.length, 4);
    for (const client of clients) client.socket.close();
  });

  it('keeps event order when an earlier execution is slower than a later one', async () => {
    const client = await acknowledged(url, 'a');
    client.send({ id: 'o', type: 'subscribe', payload: { query: 'subscription { item(topic: "order") { n seenBy } }' } });
    client.send({ type: 'ping' });
    await client.frame(1);
    pubsub.publish('ITEM', 'order', { n: 101, owner: 'x' });
    pubsub.publish('ITEM', 'order', { n: 102, owner: 'x' });
    assert.match(await client.frame(2), /"n":101/);
    assert.match(await client.frame(3), /"n":102/);
    client.socket.close();
  });

  it('terminates a socket that stopped reading instead of buffering for it without limit', async () => {
    const reader = await acknowledged(url, 'a');
    const stalled = await acknowledged(url, 'a');
    for (const client of [reader, stalled]) {
      client.send({ id: 'big', type: 'subscribe', payload: { query: 'subscription { item(topic: "big") { owner } }' } });
      client.send({ type: 'ping' });
      await client.frame(1);
    }
    stalled.socket.pause();
    const owner = 'x'.repeat(64 * 1024);
    for (let n = 0; n < 200 && stalled.socket.readyState === WebSocket.OPEN; n++) {
      pubsub.publish('ITEM', 'big', { n, owner });
      await new Promise((resolve) => setImmediate(resolve));
    }
    stalled.socket.resume();
    const { code } = await stalled.closed;
    assert.equal(code, 1006);
    assert.equal(reader.socket.readyState, WebSocket.OPEN);
    reader.socket.close();
  });

  it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
    const deaf = await acknowledged(url, 'a', { autoPong: false });
    const healthy = await acknowledged(url, 'a');
    const started = Date.now();
    const { code } = await deaf.closed;
    assert.equal(code, 1006);
    assert.ok(Date.now() - started >= 150, 'not before a whole keep-alive period without a pong');
    assert.equal(healthy.socket.readyState, WebSocket.OPEN);
    healthy.socket.close();
  });

  it('does not terminate sockets after a keep-alive tick delayed by a blocked event loop', async () => {
    const client = await acknowledged(url, 'a');
    const until = Date.now() + 600; // four keep-alive periods without reading any pong
    while (Date.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(client.socket.readyState, WebSocket.OPEN);
    client.socket.close();
  });
});

describe('graphql-ws adapter with permessage-deflate (frames go through ws send)', () => {
  it('delivers the same frames', async () => {
    const pubsub = createTopicPubSub<TestTopics>();
    const schema = testSchema(pubsub, { count: 0 });
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/graphql', perMessageDeflate: true });
    const ws = useGraphQLWs<string>(
      {
        authenticate: async () => ({ viewer: 'a' }),
        prepare: async (payload, viewer) => ({ schema, document: parse(payload.query), variableValues: payload.variables, contextValue: { viewer } }),
        sharingKey: (args, viewer) => sharingKey(args, viewer),
        formatError: (error) => ({ message: error.message }),
        log: createLogger('silent'),
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const client = await acknowledged(url, 'a', { perMessageDeflate: true });
    assert.match(client.socket.extensions, /permessage-deflate/);
    client.send({ id: 'z', type: 'subscribe', payload: { query: 'subscription { item(topic: "z") { n seenBy } }' } });
    client.send({ type: 'ping' });
    await client.frame(1);
    pubsub.publish('ITEM', 'z', { n: 9, owner: 'x' });
    assert.equal(await client.frame(2), '{"id":"z","type":"next","payload":{"data":{"item":{"n":9,"seenBy":"a"}}}}');
    client.socket.close();
    await ws.dispose();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('graphql-ws adapter keep-alive', () => {
  it('pings every socket once per period, spread over the period rather than in one burst', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const ws = useGraphQLWs<string>(
      {
        authenticate: async () => ({ viewer: 'a' }),
        prepare: async () => [new GraphQLError('unused')],
        sharingKey: () => '',
        formatError: (error) => ({ message: error.message }),
        log: createLogger('silent'),
        keepAliveMs: 1_000,
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const clients = await Promise.all(Array.from({ length: 30 }, () => acknowledged(url)));
    const started = performance.now();
    const pings = clients.map(() => [] as number[]);
    clients.forEach((client, i) => client.socket.on('ping', () => pings[i].push(performance.now() - started)));
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    assert.ok(pings.every((times) => times.length >= 1), JSON.stringify(pings));
    const firsts = pings.map((times) => times[0]);
    assert.ok(Math.max(...firsts) - Math.min(...firsts) >= 500, `first pings at ${firsts.map((t) => t.toFixed(0)).join(', ')} ms`);
    assert.ok(pings.every((times) => times.length <= 2));
    for (const client of clients) client.socket.close();
    await ws.dispose();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('graphql-ws adapter: an internal error whose message is too long for a close reason', () => {
  it('closes with 4500 and a reason cut to 123 bytes, with no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    const listeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onRejection);
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/graphql' });
    const message = 'é'.repeat(100); // 100 characters (under 124), 200 bytes
    const wsServer = useGraphQLWs<string>(
      {
        authenticate: async () => {
          throw new Error(message);
        },
        prepare: async () => [new GraphQLError('unused')],
        sharingKey: () => '',
        formatError: (error) => ({ message: error.message }),
        log: createLogger('silent'),
        isProd: false,
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = await connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    try {
      client.send({ type: 'connection_init', payload: {} });
      const closed = await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 1_500, 'still open'))]);
      assert.deepEqual(rejections, [], 'no unhandled rejection');
      assert.deepEqual(closed, { code: 4500, reason: 'é'.repeat(61) }); // 122 bytes: a 62nd would be 124
    } finally {
      client.socket.terminate();
      process.off('unhandledRejection', onRejection);
      for (const listener of listeners) process.on('unhandledRejection', listener);
      await wsServer.dispose();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
