import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger, type Logger } from '../../src/logger.js';
import { createTopicPubSub, type PubSub } from '../../src/pubsub/pubsub.js';
import { createRedisTopicTarget, DEFAULT_CHANNEL_PREFIX, MISSED_EVENTS_MARGIN_MS, type RedisTopicTarget } from '../../src/pubsub/redis-event-target.js';
import type { HeartbeatOptions } from '../../src/pubsub/redis-heartbeat.js';
import type { Topics } from '../../src/pubsub/topics.js';
import { RepaymentEvents } from '../../src/services/repayment-events.js';
import type { ContractRecord, DeductOrderRecord } from '../../src/store/store.js';
import { eventually } from '../helpers/eventually.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const REDIS_URL = process.env.TEST_REDIS_URL;

/** A TCP proxy in front of the test Redis, to cut, stall or silence. */
function redisProxy() {
  const { hostname, port } = new URL(REDIS_URL!);
  return startTcpProxy({ host: hostname, port: Number(port || 6379) });
}

/** Log lines written by the code under test, parsed. */
function capturingLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('debug', destination), lines };
}

function order(overrides: Partial<DeductOrderRecord> = {}): DeductOrderRecord {
  return {
    outTradeNo: `T${randomBytes(6).toString('hex')}`,
    contractId: 'C2026000000000001',
    outRecordId: 'R1',
    deductAmount: 12_345,
    description: '信贷还款',
    attach: null,
    notifyUrl: 'https://example.com/wechatpay/notifications',
    appid: 'wx0000000000000001',
    subAppid: null,
    openid: 'o_user',
    state: 'PAY_SUCCESS',
    paySuccessAmount: 12_345,
    transactionId: '4200000000202611280000000001',
    version: 3,
    pollAttempts: 0,
    nextPollAt: null,
    lastError: null,
    resubmissionRefusedAt: null,
    requestedBy: 'staff-1',
    createdAt: '2026-11-28T01:02:03.456Z',
    updatedAt: '2026-11-28T01:02:04.000Z',
    ...overrides,
  };
}

async function next<T>(iterator: AsyncIterableIterator<T>, timeoutMs = 3_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    assert.equal(result.done, false);
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

describe('the Redis event target', { skip: REDIS_URL ? false : 'TEST_REDIS_URL is not set' }, () => {
  const prefix = `repayment-graphql-test-${randomBytes(4).toString('hex')}:`;
  const targets: RedisTopicTarget[] = [];
  let a: PubSub<Topics>;
  let b: PubSub<Topics>;
  let raw: Redis;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  /** A connected target through `proxy`, and a pub/sub over it: an instance whose network the test plays. */
  const proxied = async (proxy: TcpProxy, log?: Logger, heartbeat?: HeartbeatOptions) => {
    const through = target(`redis://127.0.0.1:${proxy.port}`, log, heartbeat);
    await through.connected();
    return { target: through, pubsub: createTopicPubSub<Topics>(through) };
  };

  const target = (url = REDIS_URL!, log = createLogger('silent'), heartbeat?: HeartbeatOptions) => {
    const created = createRedisTopicTarget({ url, log, channelPrefix: prefix, redisOptions: { retryStrategy: () => 50 }, heartbeat });
    targets.push(created);
    return created;
  };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    const [first, second] = [target(), target()];
    await Promise.all([first.connected(), second.connected()]);
    // Two instances: A subscribes, B publishes; only Redis connects them.
    a = createTopicPubSub<Topics>(first);
    b = createTopicPubSub<Topics>(second);
    raw = new Redis(REDIS_URL!);
  });
  after(async () => {
    await Promise.all(targets.map((created) => created.close()));
    raw.disconnect();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
  });

  it('names channels with the prefix, by default repayment-graphql:', async () => {
    assert.equal(DEFAULT_CHANNEL_PREFIX, 'repayment-graphql:');
    const watcher = new Redis(REDIS_URL!);
    try {
      const seen: string[] = [];
      watcher.on('pmessage', (_pattern, channel) => seen.push(channel));
      await watcher.psubscribe('*DEDUCT_ORDER_UPDATED:*');
      const record = order();
      b.publish('DEDUCT_ORDER_UPDATED', record.outTradeNo, record);
      await eventually(async () => (seen.length > 0 ? true : undefined), 'the published message');
      assert.deepEqual(seen, [`${prefix}DEDUCT_ORDER_UPDATED:${record.outTradeNo}`]);
    } finally {
      watcher.disconnect();
    }
  });

  it('carries a deduct order record across instances unchanged: Fen and versions stay numbers, times stay ISO strings', async () => {
    const sent = order();
    const events = a.subscribe('DEDUCT_ORDER_UPDATED', sent.outTradeNo);
    await eventually(async () => ((await numsub(raw, `${prefix}DEDUCT_ORDER_UPDATED:${sent.outTradeNo}`)) === 1 ? true : undefined), 'SUBSCRIBE');
    b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
    const received = await next(events);
    assert.deepEqual(received, sent);
    assert.equal(typeof received.deductAmount, 'number');
    assert.equal(typeof received.paySuccessAmount, 'number');
    assert.equal(typeof received.version, 'number');
    assert.equal(received.createdAt, '2026-11-28T01:02:03.456Z');
    assert.equal(received.attach, null);
    await events.return!();
  });

  it('carries a contract record unchanged', async () => {
    const contract: ContractRecord = {
      outContractCode: `OC${randomBytes(4).toString('hex')}`,
      contractId: null,
      planId: '100001',
      appid: 'wx0000000000000001',
      openid: null,
      displayName: '**明',
      state: 'PENDING' as ContractRecord['state'],
      repaymentAmountLimit: 500_000,
      repaymentDay: null,
      signedAt: null,
      terminatedAt: null,
      terminationMode: null,
      terminationRemark: null,
      version: 1,
      createdAt: '2026-11-28T01:02:03.456Z',
      updatedAt: '2026-11-28T01:02:03.456Z',
    };
    const events = a.subscribe('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode);
    await eventually(async () => ((await numsub(raw, `${prefix}REPAYMENT_CONTRACT_UPDATED:${contract.outContractCode}`)) === 1 ? true : undefined), 'SUBSCRIBE');
    b.publish('REPAYMENT_CONTRACT_UPDATED', contract.outContractCode, contract);
    assert.deepEqual(await next(events), contract);
    await events.return!();
  });

  it('unsubscribes from Redis when the last listener of a channel goes', async () => {
    const id = `T${randomBytes(6).toString('hex')}`;
    const channel = `${prefix}DEDUCT_ORDER_UPDATED:${id}`;
    const first = a.subscribe('DEDUCT_ORDER_UPDATED', id);
    const second = a.subscribe('DEDUCT_ORDER_UPDATED', id);
    await eventually(async () => ((await numsub(raw, channel)) === 1 ? true : undefined), 'one SUBSCRIBE for both listeners');
    await first.return!();
    assert.equal(await numsub(raw, channel), 1);
    await second.return!();
    await eventually(async () => ((await numsub(raw, channel)) === 0 ? true : undefined), 'UNSUBSCRIBE');
  });

  it('drops a message that is not JSON and keeps delivering the next ones', async () => {
    const sent = order();
    const channel = `${prefix}DEDUCT_ORDER_UPDATED:${sent.outTradeNo}`;
    const events = a.subscribe('DEDUCT_ORDER_UPDATED', sent.outTradeNo);
    await eventually(async () => ((await numsub(raw, channel)) === 1 ? true : undefined), 'SUBSCRIBE');
    await raw.publish(channel, '{not json');
    await raw.publish(channel, '');
    b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
    assert.deepEqual(await next(events), sent);
    await events.return!();
  });

  it('never throws or rejects into the process when Redis is unreachable, still delivers locally; ping says so; close still works', async () => {
    const { log, lines } = capturingLogger();
    const proxy = await redisProxy();
    try {
      const { target: unreachable, pubsub } = await proxied(proxy, log);
      await unreachable.ping();
      // Another instance, with its own connection to Redis, watches what this one publishes.
      const elsewhere = a.subscribe('DEDUCT_ORDER_UPDATED', 'T-while-down');
      await eventually(async () => ((await numsub(raw, `${prefix}DEDUCT_ORDER_UPDATED:T-while-down`)) === 1 ? true : undefined), 'SUBSCRIBE elsewhere');
      proxy.cut();
      await eventually(async () => unreachable.ping().then(() => undefined, () => true), 'ping to fail');
      const events = pubsub.subscribe('DEDUCT_ORDER_UPDATED', 'T-while-down');
      const whileDown = order({ outTradeNo: 'T-while-down', version: 2 });
      assert.doesNotThrow(() => pubsub.publish('DEDUCT_ORDER_UPDATED', 'T-while-down', whileDown));
      // This instance's own subscribers do not need Redis for this instance's events.
      assert.equal(await next(events), whileDown);
      await eventually(async () => (lines.some((line) => /^redis publish failed/.test(line.msg)) ? true : undefined), 'a logged publish failure');
      assert.ok(lines.some((line) => /redis connection lost/.test(line.msg)));

      // Back: what could not be published is published now, so the other instance gets it.
      proxy.restore();
      await eventually(async () => unreachable.ping().then(() => true, () => undefined), 'ping to succeed again');
      assert.deepEqual(await next(elsewhere), whileDown, 'the event published during the outage reaches the other instance');
      await elsewhere.return!();
      // The subscription made during the outage is sent, and events flow again. It may also get
      // the republished event back from Redis (its subscription decides what is a duplicate).
      await eventually(async () => ((await numsub(raw, `${prefix}DEDUCT_ORDER_UPDATED:T-while-down`)) === 1 ? true : undefined), 'SUBSCRIBE after reconnect');
      const sent = order({ outTradeNo: 'T-while-down', version: 3 });
      b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
      let received = await next(events);
      if (received.version === whileDown.version) received = await next(events);
      assert.deepEqual(received, sent);
      await events.return!();
      assert.ok(lines.some((line) => line.msg === 'redis connection restored'));

      proxy.cut();
      await unreachable.close();
    } finally {
      await proxy.close();
    }
  });

  it('says at close how many events it could never publish (they live in memory only)', async () => {
    const { log, lines } = capturingLogger();
    const proxy = await redisProxy();
    try {
      const { target: cutOff, pubsub } = await proxied(proxy, log);
      proxy.cut();
      await eventually(async () => cutOff.ping().then(() => undefined, () => true), 'ping to fail');
      pubsub.publish('DEDUCT_ORDER_UPDATED', 'T-lost-1', order({ outTradeNo: 'T-lost-1' }));
      pubsub.publish('DEDUCT_ORDER_UPDATED', 'T-lost-2', order({ outTradeNo: 'T-lost-2' }));
      await eventually(async () => (lines.some((line) => /^redis publish failed/.test(line.msg)) ? true : undefined), 'a logged publish failure');
      await cutOff.close();
      const closing = lines.find((line) => /^closing with events never published/.test(line.msg));
      assert.ok(closing, JSON.stringify(lines.map((line) => line.msg)));
      assert.equal((closing as { messages?: number }).messages, 2);
    } finally {
      await proxy.close();
    }
  });

  it('publishes again every order of a contract that changed while only the publishing instance was cut off', async () => {
    const proxy = await redisProxy();
    try {
      const { target: cutOff, pubsub } = await proxied(proxy);
      const events = new RepaymentEvents(pubsub);
      // A contract-wide subscriber on an instance whose connection never drops: no catch-up runs there.
      const contractId = `C-republish-${randomBytes(4).toString('hex')}`;
      const elsewhere = a.subscribe('CONTRACT_DEDUCT_ORDER_UPDATED', contractId);
      await eventually(async () => ((await numsub(raw, `${prefix}CONTRACT_DEDUCT_ORDER_UPDATED:${contractId}`)) === 1 ? true : undefined), 'SUBSCRIBE elsewhere');
      proxy.cut();
      await eventually(async () => cutOff.ping().then(() => undefined, () => true), 'ping to fail');
      const settled = order({ outTradeNo: 'T-contract-x', contractId, state: 'PAY_SUCCESS', version: 3 });
      const moved = order({ outTradeNo: 'T-contract-y', contractId, state: 'PENDING', paySuccessAmount: null, transactionId: null, version: 2 });
      events.deductOrderChanged(settled); // one order of the contract settles
      events.deductOrderChanged(moved); // then another order of the same contract moves
      proxy.restore();
      const received = [await next(elsewhere), await next(elsewhere)];
      assert.deepEqual(
        received.map((record) => `${record.outTradeNo}:${record.state}`).sort(),
        ['T-contract-x:PAY_SUCCESS', 'T-contract-y:PENDING'],
      );
      await elsewhere.return!();
      proxy.cut();
      await cutOff.close();
    } finally {
      await proxy.close();
    }
  });

  it('after its subscribing connection was lost, says since when events may have been missed, once every channel is subscribed again', async () => {
    const proxy = await redisProxy();
    try {
      const { target: losing, pubsub } = await proxied(proxy);
      const calls: Date[] = [];
      const channel = `${prefix}DEDUCT_ORDER_UPDATED:T-missed`;
      // Published the moment the handler runs: it arrives only if the channel is subscribed again by then.
      const atSignal = order({ outTradeNo: 'T-missed', version: 7 });
      pubsub.onMissedEvents((since) => {
        calls.push(since);
        void raw.publish(channel, JSON.stringify(atSignal));
      });
      const events = pubsub.subscribe('DEDUCT_ORDER_UPDATED', 'T-missed');
      await pubsub.listening('DEDUCT_ORDER_UPDATED', 'T-missed');
      assert.equal(await numsub(raw, channel), 1);

      const cutAt = Date.now();
      proxy.cut();
      await eventually(async () => losing.ping().then(() => undefined, () => true), 'ping to fail');
      assert.equal(calls.length, 0, 'nothing while Redis is away');
      proxy.restore();
      await eventually(async () => (calls.length > 0 ? true : undefined), 'the missed-events signal', 10_000);
      assert.equal(await numsub(raw, channel), 1, 'the channel is subscribed again by then');
      assert.equal(calls.length, 1);
      const sinceMs = calls[0]!.getTime();
      const expected = cutAt - MISSED_EVENTS_MARGIN_MS;
      assert.ok(sinceMs <= expected && sinceMs >= expected - 15_000, `since ${calls[0]!.toISOString()} for a cut at ${new Date(cutAt).toISOString()}`);
      assert.deepEqual(await next(events), atSignal, 'what is published when the handler runs arrives');
      // Events flow again without resubscribing.
      const sent = order({ outTradeNo: 'T-missed' });
      b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
      assert.deepEqual(await next(events), sent);
      await events.return!();
      await losing.close();
    } finally {
      await proxy.close();
    }
  });

  it('once Redis confirms, late, a SUBSCRIBE that listening() stopped waiting for, says since when that subscription alone may have missed events', async () => {
    const proxy = await redisProxy();
    try {
      const { target: slowed, pubsub } = await proxied(proxy);
      const calls: Array<{ since: Date; only?: { topic: string; id: string } }> = [];
      pubsub.onMissedEvents((since, only) => calls.push({ since, only }));
      // A slow link, not a broken one: no reconnect, no heartbeat failure, so no other catch-up.
      proxy.slow(1_500);
      const ids = ['T-late-1', 'T-late-2', 'T-late-3'];
      const started: number[] = [];
      const events = [];
      for (const id of ids) {
        started.push(Date.now());
        // Two watchers of the first channel at once: they share its SUBSCRIBE, and its catch-up.
        const watchers = id === ids[0] ? 2 : 1;
        for (let watcher = 0; watcher < watchers; watcher++) events.push(pubsub.subscribe('DEDUCT_ORDER_UPDATED', id));
        await Promise.all(Array.from({ length: watchers }, () => pubsub.listening('DEDUCT_ORDER_UPDATED', id)));
        assert.ok(Date.now() - started.at(-1)! < 1_400, 'listening() stopped waiting before Redis confirmed');
      }
      await eventually(async () => (calls.length === ids.length ? true : undefined), 'a signal per late subscription', 8_000);
      // Each names its own subscription: a catch-up re-reads that one, not every subscription here.
      assert.deepEqual(calls.map((call) => call.only), ids.map((id) => ({ topic: 'DEDUCT_ORDER_UPDATED', id })));
      calls.forEach(({ since }, index) => {
        const sinceMs = since.getTime() + MISSED_EVENTS_MARGIN_MS;
        assert.ok(sinceMs >= started[index]! && sinceMs <= started[index]! + 1_400, `since ${since.toISOString()}`);
      });
      proxy.slow(0);
      const sent = order({ outTradeNo: 'T-late-1' });
      b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
      assert.deepEqual(await next(events[0]!), sent, 'the channel is live');
      for (const queue of events) await queue.return!();
      assert.equal(calls.length, ids.length);
      await slowed.close();
    } finally {
      await proxy.close();
    }
  });

  it('a subscription started while Redis is away brings no signal of its own when Redis is back: the one for every channel covers it', async () => {
    const proxy = await redisProxy();
    try {
      const { target: losing, pubsub } = await proxied(proxy);
      const calls: Array<{ since: Date; only?: { topic: string; id: string } }> = [];
      pubsub.onMissedEvents((since, only) => calls.push({ since, only }));
      proxy.cut();
      await eventually(async () => losing.ping().then(() => undefined, () => true), 'ping to fail');
      const events = pubsub.subscribe('DEDUCT_ORDER_UPDATED', 'T-during-outage');
      await pubsub.listening('DEDUCT_ORDER_UPDATED', 'T-during-outage');
      proxy.restore();
      await eventually(async () => (calls.length > 0 ? true : undefined), 'the missed-events signal', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(calls.map((call) => call.only), [undefined], 'one signal, for every channel');
      await events.return!();
      await losing.close();
    } finally {
      await proxy.close();
    }
  });

  it('sends a SUBSCRIBE that a ready connection refused again, backing off, and catches that subscription up once confirmed', async () => {
    // A Redis user that may not use channels yet: its SUBSCRIBE is refused (NOPERM) on a ready connection.
    const user = `repayment-graphql-test-${randomBytes(4).toString('hex')}`;
    await raw.call('ACL', 'SETUSER', user, 'on', '>test-password', '~*', 'resetchannels', '+@all');
    try {
      const url = new URL(REDIS_URL!);
      url.username = user;
      url.password = 'test-password';
      const limited = target(url.toString());
      await limited.connected();
      const pubsub = createTopicPubSub<Topics>(limited);
      const calls: Array<{ topic: string; id: string } | undefined> = [];
      pubsub.onMissedEvents((_since, only) => calls.push(only));
      const channel = `${prefix}DEDUCT_ORDER_UPDATED:T-refused`;
      const events = pubsub.subscribe('DEDUCT_ORDER_UPDATED', 'T-refused');
      await pubsub.listening('DEDUCT_ORDER_UPDATED', 'T-refused');
      assert.equal(await numsub(raw, channel), 0, 'refused');

      await raw.call('ACL', 'SETUSER', user, 'allchannels');
      await eventually(async () => ((await numsub(raw, channel)) === 1 ? true : undefined), 'the SUBSCRIBE sent again', 8_000);
      await eventually(async () => (calls.length > 0 ? true : undefined), 'the catch-up signal');
      assert.deepEqual(calls, [{ topic: 'DEDUCT_ORDER_UPDATED', id: 'T-refused' }], 'that subscription alone');
      const sent = order({ outTradeNo: 'T-refused' });
      b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
      assert.deepEqual(await next(events), sent);
      await events.return!();
      await limited.close();
    } finally {
      await raw.call('ACL', 'DELUSER', user);
    }
  });

  it('queues nothing per watch while its subscribing connection is away: once back, it subscribes exactly the channels watched then', async () => {
    const proxy = await redisProxy();
    // MONITOR shows every command Redis runs, so the test sees what the instance sends when it is back.
    const monitor = await raw.monitor();
    try {
      const { target: churning, pubsub } = await proxied(proxy);
      const run = `T-churn-${randomBytes(4).toString('hex')}-`;
      const channelOf = (name: string) => `${prefix}DEDUCT_ORDER_UPDATED:${run}${name}`;
      const seen: string[][] = [];
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (args.some((arg) => arg.includes(run))) seen.push(args);
      });
      const kept = pubsub.subscribe('DEDUCT_ORDER_UPDATED', `${run}kept`); // watched before, during and after
      const closedDuring = pubsub.subscribe('DEDUCT_ORDER_UPDATED', `${run}closed`); // watched before, closed during
      await Promise.all([pubsub.listening('DEDUCT_ORDER_UPDATED', `${run}kept`), pubsub.listening('DEDUCT_ORDER_UPDATED', `${run}closed`)]);
      assert.equal(await numsub(raw, channelOf('closed')), 1);

      proxy.cut();
      await eventually(async () => churning.ping().then(() => undefined, () => true), 'ping to fail');
      await closedDuring.return!();
      // Watches opened and closed while Redis is away (clients that come and go): nothing to keep for them.
      const cycles = 1_000;
      for (let i = 0; i < cycles; i++) await pubsub.subscribe('DEDUCT_ORDER_UPDATED', `${run}cycle-${i}`).return!();
      const opened = pubsub.subscribe('DEDUCT_ORDER_UPDATED', `${run}opened`); // opened during, still watched

      // Redis feeds MONITOR in the order it runs commands: once a mark is seen, so is all it ran before.
      const throughMonitor = async (mark: string) => {
        await raw.echo(mark);
        await eventually(async () => (seen.some((args) => args.includes(mark)) ? true : undefined), 'a mark through MONITOR');
      };
      await throughMonitor(`${run}before`);
      seen.length = 0; // what was sent before the outage
      proxy.restore();
      await eventually(async () => ((await numsub(raw, channelOf('opened'))) === 1 ? true : undefined), 'SUBSCRIBE of the channel watched during the outage');
      await throughMonitor(`${run}after`);
      // (The test's own PUBSUB NUMSUB and ECHO show up too.)
      const sent = seen.filter(([name]) => /subscribe$/i.test(name!));
      const subscribed = sent.filter(([name]) => name!.toLowerCase() === 'subscribe').flatMap((args) => args.slice(1));
      assert.deepEqual(subscribed.sort(), [channelOf('kept'), channelOf('opened')].sort(), 'subscribes the channels watched now, once each, and nothing else');
      assert.deepEqual(
        sent.filter(([name]) => name!.toLowerCase() !== 'subscribe'),
        [],
        'sends nothing about the channels watched and unwatched while away',
      );
      assert.equal(await numsub(raw, channelOf('closed')), 0);
      assert.equal(await numsub(raw, channelOf('cycle-0')), 0);
      assert.equal(await numsub(raw, channelOf('kept')), 1);

      // Events flow on both channels watched now.
      const toOpened = order({ outTradeNo: `${run}opened`, version: 2 });
      const toKept = order({ outTradeNo: `${run}kept`, version: 2 });
      b.publish('DEDUCT_ORDER_UPDATED', toOpened.outTradeNo, toOpened);
      b.publish('DEDUCT_ORDER_UPDATED', toKept.outTradeNo, toKept);
      assert.deepEqual(await next(opened), toOpened);
      assert.deepEqual(await next(kept), toKept);
      await opened.return!();
      await kept.return!();
      await churning.close();
    } finally {
      monitor.disconnect();
      await proxy.close();
    }
  });

  it('ends subscribed to exactly the channels watched when watches open and close while its connection flaps', async () => {
    const proxy = await redisProxy();
    try {
      const { target: flapping, pubsub } = await proxied(proxy);
      const calls: Date[] = [];
      pubsub.onMissedEvents((since) => calls.push(since));
      const run = `T-flap-${randomBytes(4).toString('hex')}-`;
      const watched = new Map<string, ReturnType<typeof pubsub.subscribe<'DEDUCT_ORDER_UPDATED'>>>();
      // Watches come and go on every turn of the event loop, so some meet a (re)subscription in flight.
      let churning = true;
      let turn = 0;
      const churn = (async () => {
        while (churning) {
          const name = `${run}${turn % 40}`;
          const open = watched.get(name);
          if (open) {
            await open.return!();
            watched.delete(name);
          } else {
            watched.set(name, pubsub.subscribe('DEDUCT_ORDER_UPDATED', name));
          }
          turn += 7; // visits the 40 names in another order each round
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Cut at various points of reconnecting: before, during and after the connection gets ready.
      for (const ms of [0, 20, 40, 60, 80, 120, 200]) {
        proxy.cut();
        await pause(ms);
        proxy.restore();
        await pause(ms + 40);
      }
      await eventually(async () => (flapping.ping().then(() => true, () => undefined)), 'the connection back');
      await pause(200);
      churning = false;
      await churn;
      const expected = [...watched.keys()].map((name) => `${prefix}DEDUCT_ORDER_UPDATED:${name}`).sort();
      await eventually(async () => {
        const channels = ((await raw.pubsub('CHANNELS', `${prefix}DEDUCT_ORDER_UPDATED:${run}*`)) as string[]).sort();
        return JSON.stringify(channels) === JSON.stringify(expected) ? true : undefined;
      }, `exactly ${expected.length} channels subscribed`);
      assert.ok(calls.length > 0, 'the missed-events signal ran');
      // And each of them carries events.
      for (const [name, events] of watched) {
        const sent = order({ outTradeNo: name, version: 9 });
        b.publish('DEDUCT_ORDER_UPDATED', name, sent);
        assert.deepEqual(await next(events), sent);
        await events.return!();
      }
      await flapping.close();
    } finally {
      await proxy.close();
    }
  });

  it('does not drop a new connection for a PING left unanswered on the connection it replaced', async () => {
    const proxy = await redisProxy();
    try {
      const { log, lines } = capturingLogger();
      const { target: replaced } = await proxied(proxy, log, { intervalMs: 100, timeoutMs: 1_500 });
      // A PING goes unanswered, then the connection is reset; the new one is ready well before that PING's timeout.
      proxy.silence();
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.cut();
      proxy.restore();
      await eventually(async () => replaced.ping().then(() => true, () => undefined), 'the connections back');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.deepEqual(
        lines.filter((line) => line.msg === 'redis did not answer a ping in time; reconnecting'),
        [],
      );
      await replaced.close();
    } finally {
      await proxy.close();
    }
  });

  it('notices a subscribing connection that died silently (no reset), reconnects, and says since when events may have been missed', async () => {
    const proxy = await redisProxy();
    try {
      const { log, lines } = capturingLogger();
      const { target: quiet, pubsub } = await proxied(proxy, log, { intervalMs: 200, timeoutMs: 300 });
      const calls: Date[] = [];
      pubsub.onMissedEvents((since) => calls.push(since));
      const events = pubsub.subscribe('DEDUCT_ORDER_UPDATED', 'T-silent');
      await pubsub.listening('DEDUCT_ORDER_UPDATED', 'T-silent');

      const silencedAt = Date.now();
      proxy.silence();
      b.publish('DEDUCT_ORDER_UPDATED', 'T-silent', order({ outTradeNo: 'T-silent', version: 2 }));
      await eventually(async () => (calls.length > 0 ? true : undefined), 'the missed-events signal after a reconnect', 10_000);
      assert.ok(lines.some((line) => line.msg === 'redis did not answer a ping in time; reconnecting'));
      assert.ok(calls[0]!.getTime() <= silencedAt - MISSED_EVENTS_MARGIN_MS, 'reaches back from before the connection went silent');
      const sent = order({ outTradeNo: 'T-silent', version: 3 });
      b.publish('DEDUCT_ORDER_UPDATED', sent.outTradeNo, sent);
      assert.deepEqual(await next(events), sent, 'the new connection carries events');
      await events.return!();
      await quiet.close();
    } finally {
      await proxy.close();
    }
  });
});

describe('closing the Redis event target', { skip: REDIS_URL ? false : 'TEST_REDIS_URL is not set' }, () => {
  it('does not wait for ever on a Redis that stopped answering', async () => {
    const proxy = await redisProxy();
    try {
      const stalling = createRedisTopicTarget({ url: `redis://127.0.0.1:${proxy.port}`, log: createLogger('silent') });
      await stalling.connected();
      proxy.stall();
      const closed = stalling.close().then(() => 'closed');
      const stuck = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting').unref());
      assert.equal(await Promise.race([closed, stuck]), 'closed');
    } finally {
      await proxy.close();
    }
  });
});

async function numsub(redis: Redis, channel: string): Promise<number> {
  const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(count);
}
