import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { Republisher } from '../../src/pubsub/redis-republisher.js';

/**
 * The order in which PUBLISH calls fail is ioredis' and the network's to decide: one written
 * before an outage fails at its command timeout, after a newer one refused at once while the
 * connection is down. A connection whose every PUBLISH is settled by the test plays that order.
 */
class ScriptedConnection extends EventEmitter {
  readonly sent: { channel: string; message: string; resolve(): void; reject(error: Error): void }[] = [];

  publish(channel: string, message: string): Promise<number> {
    return new Promise<number>((resolve, reject) => this.sent.push({ channel, message, resolve: () => resolve(1), reject }));
  }

  /** The PUBLISH calls of `message` so far. */
  calls(message: string) {
    return this.sent.filter((call) => call.message === message);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Republisher', () => {
  it('keeps the newest message of a channel even when an older one fails after it, and publishes it again when ready', async () => {
    const connection = new ScriptedConnection();
    const republisher = new Republisher(connection as unknown as Pick<Redis, 'publish' | 'on'>, createLogger('silent'));
    void republisher.publish('c', 'v1');
    void republisher.publish('c', 'v2');
    connection.calls('v2')[0]!.reject(new Error('Stream is not writeable')); // refused at once
    await tick();
    connection.calls('v1')[0]!.reject(new Error('Command timed out')); // fails later
    await tick();
    connection.emit('ready');
    assert.deepEqual(connection.sent.slice(2).map((call) => call.message), ['v2'], 'only v2 is published again');
  });

  it('forgets a kept message once a newer one of the channel got through, but not once an older one did', async () => {
    const connection = new ScriptedConnection();
    const republisher = new Republisher(connection as unknown as Pick<Redis, 'publish' | 'on'>, createLogger('silent'));
    void republisher.publish('c', 'v1');
    void republisher.publish('c', 'v2');
    void republisher.publish('d', 'd1');
    connection.calls('v2')[0]!.reject(new Error('refused'));
    connection.calls('d1')[0]!.reject(new Error('refused'));
    await tick();
    connection.calls('v1')[0]!.resolve(); // older than the kept v2: v2 stays kept
    void republisher.publish('d', 'd2');
    connection.calls('d2')[0]!.resolve(); // newer than the kept d1: d1 is forgotten
    await tick();
    connection.emit('ready');
    assert.deepEqual(connection.sent.slice(4).map((call) => call.message), ['v2']);
  });

  it('keeps the newest failed message of each record of a channel, and publishes each again when ready', async () => {
    const connection = new ScriptedConnection();
    const republisher = new Republisher(connection as unknown as Pick<Redis, 'publish' | 'on'>, createLogger('silent'));
    // One channel carries several records (a contract's channel carries each of its orders).
    void republisher.publish('contract', 'x1', 'X');
    void republisher.publish('contract', 'y1', 'Y');
    void republisher.publish('contract', 'x2', 'X');
    connection.calls('x2')[0]!.reject(new Error('refused'));
    connection.calls('y1')[0]!.reject(new Error('refused'));
    await tick();
    connection.calls('x1')[0]!.reject(new Error('Command timed out')); // older than the kept x2
    await tick();
    connection.emit('ready');
    assert.deepEqual(connection.sent.slice(3).map((call) => call.message).sort(), ['x2', 'y1']);
  });

  it("forgets a record's kept message when a newer message of that record got through, not when another record's did", async () => {
    const connection = new ScriptedConnection();
    const republisher = new Republisher(connection as unknown as Pick<Redis, 'publish' | 'on'>, createLogger('silent'));
    void republisher.publish('contract', 'x1', 'X');
    void republisher.publish('contract', 'z1', 'Z');
    connection.calls('x1')[0]!.reject(new Error('Command timed out'));
    connection.calls('z1')[0]!.reject(new Error('Command timed out'));
    await tick();
    void republisher.publish('contract', 'y1', 'Y');
    void republisher.publish('contract', 'z2', 'Z');
    connection.calls('y1')[0]!.resolve(); // another record: x1 stays kept
    connection.calls('z2')[0]!.resolve(); // newer than the kept z1: z1 is forgotten
    await tick();
    connection.emit('ready');
    assert.deepEqual(connection.sent.slice(4).map((call) => call.message), ['x1']);
  });
});
