import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { POSTGRES_CONNECT_TIMEOUT_MS } from '../../src/store/postgres/postgres-connection.js';
import { proxiedPostgres } from './test-setup.js';

describe('PostgreSQL connections lost or silent', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  it('fails that query, does not crash the process, and the next query after the cut works', async () => {
    const { database, proxy, url } = await proxiedPostgres();
    const store = await createStore(url);
    const uncaught: Error[] = [];
    const onUncaught = (error: Error) => uncaught.push(error);
    // The test runner would report it as a failure anyway; recorded to say what it was.
    process.on('uncaughtException', onUncaught);
    try {
      await store.ping();
      proxy.stall();
      const hanging = store.ping();
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.cut(); // the query's connection goes away while the query waits for its answer
      await assert.rejects(hanging, /Connection terminated unexpectedly/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(uncaught.map((error) => error.message), []);
      proxy.restore();
      await store.ping();
    } finally {
      process.off('uncaughtException', onUncaught);
      await store.close();
      await proxy.close();
      await database.drop();
    }
  });

  it('connections that went silent (no reset) fail their queries after the bound and are dropped, so the store answers once the network is back', async () => {
    const { database, proxy, url } = await proxiedPostgres();
    const store = await createStore(url, { postgresQueryTimeoutMs: 500 });
    try {
      // Every pooled connection open (the pool holds 10), then all of them go silent.
      await Promise.all(Array.from({ length: 10 }, () => store.ping()));
      proxy.silence();
      const startedAt = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => store.ping()));
      // The ten on silent connections fail; the two that waited for a slot get new connections.
      assert.equal(results.filter((result) => result.status === 'rejected').length, 10);
      assert.ok(Date.now() - startedAt < 5_000, `failed after ${Date.now() - startedAt} ms`);
      // New connections pass (the silenced ones stay open): the store answers again.
      await store.ping();
      assert.equal(await store.deductOrders.get('T-none'), undefined);
    } finally {
      await store.close();
      await proxy.close();
      await database.drop();
    }
  });

  it(`opening the store fails after ${POSTGRES_CONNECT_TIMEOUT_MS} ms on a server that accepts connections and never answers`, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const startedAt = Date.now();
      await assert.rejects(createStore(`postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/test`), /timeout/i);
      const tookMs = Date.now() - startedAt;
      assert.ok(tookMs >= POSTGRES_CONNECT_TIMEOUT_MS - 100 && tookMs < POSTGRES_CONNECT_TIMEOUT_MS + 3_000, `failed after ${tookMs} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
