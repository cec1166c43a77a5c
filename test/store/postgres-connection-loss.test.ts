import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { createTestDatabase } from './test-setup.js';

describe('PostgreSQL connection lost mid-query', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  it('fails that query, does not crash the process, and the next query after the cut works', async () => {
    const database = await createTestDatabase('postgres');
    const real = new URL(database.url);
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const proxied = new URL(database.url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const store = await createStore(proxied.toString());
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
});
