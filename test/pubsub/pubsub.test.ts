import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTopicPubSub } from '../../src/pubsub/pubsub.js';

type TestTopics = { [topic: string]: unknown; T: { n: number } };

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('in-process topic pub/sub', () => {
  it('delivers one payload object to every subscriber of the topic, and nothing to other topics', async () => {
    const pubsub = createTopicPubSub<TestTopics>();
    const a = pubsub.subscribe('T', '1').start([]);
    const b = pubsub.subscribe('T', '1').start([]);
    const other = pubsub.subscribe('T', '2').start([]);
    const payload = { n: 1 };
    pubsub.publish('T', '1', payload);
    assert.equal((await a.next()).value, payload);
    assert.equal((await b.next()).value, payload);
    let otherGot = false;
    void other.next().then(() => (otherGot = true));
    await tick();
    assert.equal(otherGot, false);
    await Promise.all([a.return(), b.return(), other.return()]);
  });

  it('keeps events published before start(), puts initial first, and filters all of them', async () => {
    const pubsub = createTopicPubSub<TestTopics>();
    const queue = pubsub.subscribe('T', 'x');
    pubsub.publish('T', 'x', { n: 1 });
    pubsub.publish('T', 'x', { n: 2 });
    queue.start([{ n: 0 }], (event) => event.n % 2 === 0);
    pubsub.publish('T', 'x', { n: 3 });
    pubsub.publish('T', 'x', { n: 4 });
    assert.deepEqual((await queue.next()).value, { n: 0 });
    assert.deepEqual((await queue.next()).value, { n: 2 });
    assert.deepEqual((await queue.next()).value, { n: 4 });
    await queue.return();
    assert.equal((await queue.next()).done, true);
  });

  it('return() ends a pending next() at once and unsubscribes', async () => {
    const pubsub = createTopicPubSub<TestTopics>();
    const queue = pubsub.subscribe('T', 'y').start([]);
    const pending = queue.next();
    await queue.return();
    assert.deepEqual(await pending, { value: undefined, done: true });
    pubsub.publish('T', 'y', { n: 1 });
    assert.equal((await queue.next()).done, true);
  });

  it('subscribes and unsubscribes 20,000 watchers of one topic in linear time', async () => {
    const pubsub = createTopicPubSub<TestTopics>();
    const started = performance.now();
    const queues = Array.from({ length: 20_000 }, () => pubsub.subscribe('T', 'many').start([]));
    pubsub.publish('T', 'many', { n: 7 });
    for (const queue of queues) assert.equal((await queue.next()).value?.n, 7);
    await Promise.all(queues.map((queue) => queue.return()));
    // With EventTarget this was O(N²) (about 1 s on this machine); a Set is a few ms.
    assert.ok(performance.now() - started < 1_000, `took ${performance.now() - started} ms`);
  });

  it('goes through an external EventTarget with one listener per topic', async () => {
    const target = new EventTarget();
    let added = 0;
    let removed = 0;
    const counting = {
      addEventListener: (type: string, listener: (event: Event) => void) => (added++, target.addEventListener(type, listener)),
      removeEventListener: (type: string, listener: (event: Event) => void) => (removed++, target.removeEventListener(type, listener)),
      dispatchEvent: (event: Event) => target.dispatchEvent(event),
    };
    const publisher = createTopicPubSub<TestTopics>(counting);
    const subscriber = createTopicPubSub<TestTopics>(counting);
    const a = subscriber.subscribe('T', 'e').start([]);
    const b = subscriber.subscribe('T', 'e').start([]);
    publisher.publish('T', 'e', { n: 5 });
    const [first, second] = await Promise.all([a.next(), b.next()]);
    assert.equal(first.value, second.value);
    assert.equal(added, 1);
    await a.return();
    assert.equal(removed, 0);
    await b.return();
    assert.equal(removed, 1);
  });
});
