/**
 * The Redis event target: `@graphql-yoga/redis-event-target` over two ioredis connections (a
 * connection in subscriber mode cannot publish), so an event published on one instance reaches the
 * subscribers of every instance.
 *
 * What this adds to the library:
 * - Channel names get a prefix. The library uses the event type verbatim as the channel (and
 *   ioredis' `keyPrefix` does not apply to pub/sub channels), so without it a shared Redis would
 *   carry bare `DEDUCT_ORDER_UPDATED:…` channels.
 * - Redis trouble never throws into a caller and never crashes the process. The library fires
 *   `publish`/`subscribe` and drops the promises, so an unreachable Redis would become an unhandled
 *   rejection; here each is caught and logged. The state change is already committed when it is
 *   published, and the publishing instance's own subscribers get it without Redis (pubsub.ts).
 * - Nothing published while Redis was away is lost for good (Redis pub/sub itself keeps nothing):
 *   a publish that failed is kept (the newest message per channel and record, redis-republisher.ts) and sent
 *   again once the publishing connection is back; and when the subscribing connection is back and
 *   has every channel again, `onMissedEvents` handlers learn since when events may have been
 *   missed, so the instance can re-read what its subscribers watch (missed-event-catch-up.ts).
 *   Either covers an outage of Redis itself; the first also a publisher cut off alone, the second a
 *   subscriber cut off alone or a publisher that died before Redis came back. Not covered: a
 *   publisher cut off alone that stops (or dies) before it is back; what it kept is lost, logged
 *   as an error at close. Messages are whole records with versions, so one that arrives twice is
 *   dropped by the subscription.
 * - Both connections are PINGed every 10 s (redis-heartbeat.ts): one that died silently (no reset
 *   reached us) is dropped and reconnected instead of looking ready for hours.
 * - Neither connection queues commands while Redis is away (an offline queue grows without limit,
 *   then flushes stale commands). Publishing fails fast (and is kept, above). Subscribing keeps only
 *   the set of channels watched: a watch opened or closed meanwhile sends nothing, and each time the
 *   subscribing connection is ready it subscribes to exactly the channels watched then
 *   (redis-subscriptions.ts).
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import { withTimeout } from '../with-timeout.js';
import type { TopicEventTarget } from './pubsub.js';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatOptions } from './redis-heartbeat.js';
import { Republisher } from './redis-republisher.js';
import { RedisSubscriptions, SUBSCRIBER_OPTIONS } from './redis-subscriptions.js';

/** Keeps our channels apart from anything else on a shared Redis. */
export const DEFAULT_CHANNEL_PREFIX = 'repayment-graphql:';

/** How long a new subscription waits for Redis to confirm it before reading the current state anyway. */
const LISTENING_TIMEOUT_MS = 1_000;

/** Upper bound of one PUBLISH or readiness PING, so a Redis that stopped answering is noticed. */
const COMMAND_TIMEOUT_MS = 2_000;

/**
 * How far before the subscribing connection last proved alive `onMissedEvents` reaches back:
 * messages Redis had sent that were still in flight, and clocks of instances that differ (records
 * are stamped by the instance that wrote them).
 */
export const MISSED_EVENTS_MARGIN_MS = 30_000;

export interface RedisTopicTargetOptions {
  /** `redis://…` or `rediss://…` (REDIS_URL). */
  url: string;
  log: Logger;
  /** Prepended to every channel; default `repayment-graphql:`. */
  channelPrefix?: string;
  /** Extra ioredis options for both connections (tests shorten the reconnect delay). */
  redisOptions?: RedisOptions;
  /** PING period and timeout of both connections; default every 10 s, 5 s to answer. */
  heartbeat?: HeartbeatOptions;
}

export interface RedisTopicTarget extends TopicEventTarget {
  readonly channelPrefix: string;
  /** Resolves once both connections are up (for start-up); rejects after `timeoutMs`. */
  connected(timeoutMs?: number): Promise<void>;
  /** Rejects unless Redis answers now on both connections (for `/readyz`). */
  ping(): Promise<void>;
  /** Quits both connections (gracefully when connected) and stops reconnecting. */
  close(): Promise<void>;
  /**
   * `handler(since)` runs when the subscribing connection is back after a loss (or first connects
   * after failing to) and is subscribed to every channel again; `handler(since, type)` when Redis
   * confirms, on a connection that did not break, a SUBSCRIBE that `listening(type)` stopped
   * waiting for. Events published by other instances since `since` may not have arrived.
   */
  onMissedEvents(handler: (since: Date, type?: string) => void): void;
}

type Listener = (event: Event) => void;

/** Builds a TopicEventTarget for `createTopicPubSub` that carries events through Redis. */
export function createRedisTopicTarget(options: RedisTopicTargetOptions): RedisTopicTarget {
  const { log } = options;
  const channelPrefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  const publisher = new Redis(options.url, {
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    ...options.redisOptions,
  });
  const subscriber = new Redis(options.url, { ...options.redisOptions, ...SUBSCRIBER_OPTIONS });
  watchConnection(publisher, 'publish', log);
  watchConnection(subscriber, 'subscribe', log);
  const publisherHeartbeat = new Heartbeat(publisher, options.heartbeat ?? DEFAULT_HEARTBEAT, log, 'publish');
  const subscriberHeartbeat = new Heartbeat(subscriber, options.heartbeat ?? DEFAULT_HEARTBEAT, log, 'subscribe');
  // Which channels are watched, and the subscribing connection kept subscribed to exactly those.
  const subscriptions = new RedisSubscriptions(subscriber, log);
  const missed = watchForMissedEvents(subscriber, subscriptions, subscriberHeartbeat);

  const publishing = new Republisher(publisher, log);
  /** SUBSCRIBEs (their confirmation promises) that already have a catch-up waiting on them. */
  const lateConfirmations = new WeakSet<Promise<void>>();
  // The library calls only these methods; each promise it would drop is handled here. (Publishing
  // goes through dispatchEvent below, not the library's.)
  const publishClient = {
    publish: (channel: string, message: string) => publishing.publish(channel, message),
  };
  // The library subscribes a channel when it gets its first listener and unsubscribes it when the
  // last goes, so `subscriptions` holds exactly the channels with listeners.
  const subscribeClient = {
    on(event: string, listener: (...args: any[]) => void) {
      subscriber.on(event, listener);
      return subscribeClient;
    },
    subscribe: (channel: string) => subscriptions.add(channel),
    unsubscribe: (channel: string) => subscriptions.remove(channel),
  };
  const inner = createRedisEventTarget<CustomEvent>({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
    serializer: {
      stringify: (message) => JSON.stringify(message),
      // A malformed message (someone else writing to our channel) is dropped, not thrown into ioredis.
      parse: (message) => {
        try {
          return JSON.parse(message);
        } catch {
          log.warn({ bytes: message.length }, 'dropped a redis message that is not JSON');
          return undefined;
        }
      },
    },
  });

  // Each listener of pubsub.ts is its own closure; the wrapper skips events without a payload.
  const wrapped = new WeakMap<Listener, Listener>();
  const wrap = (listener: Listener): Listener => {
    let wrapper = wrapped.get(listener);
    if (!wrapper) {
      wrapper = (event) => {
        const detail = (event as CustomEvent).detail;
        if (detail !== undefined && detail !== null) listener(event);
      };
      wrapped.set(listener, wrapper);
    }
    return wrapper;
  };

  return {
    channelPrefix,
    addEventListener(type, listener) {
      inner.addEventListener(channelPrefix + type, wrap(listener));
    },
    removeEventListener(type, listener) {
      const wrapper = wrapped.get(listener);
      if (wrapper) inner.removeEventListener(channelPrefix + type, wrapper);
    },
    async listening(type) {
      // A watcher reads the current state only after its channel is live.
      const done = subscriptions.live(channelPrefix + type);
      if (!done) return;
      const startedAt = Date.now();
      // Bounded: with Redis away or slow the caller serves the current state now rather than hang.
      const inTime = await withTimeout(done, LISTENING_TIMEOUT_MS).then(
        () => true,
        () => false,
      );
      // Then an event published between that read and Redis' confirmation never reaches it, and
      // on a slow link that never broke no reconnect brings a catch-up: once confirmed, one runs
      // for this subscription alone. Once per SUBSCRIBE: several watchers share the channel, and
      // the first to give up started first.
      if (!inTime && !lateConfirmations.has(done)) {
        lateConfirmations.add(done);
        void done.then(() => missed.lateSubscribe(type, startedAt));
      }
    },
    dispatchEvent(event) {
      // The library's dispatchEvent (its publishClient.publish with the serialized detail), naming
      // the record, so that a failed message is kept per record of the channel.
      const detail = (event as CustomEvent).detail;
      void publishing.publish(channelPrefix + event.type, detail === undefined ? '' : JSON.stringify(detail), recordOf(detail));
      return true;
    },
    async connected(timeoutMs = 5_000) {
      await Promise.all([publisher, subscriber].map((client) => untilReady(client, timeoutMs)));
    },
    async ping() {
      if (subscriber.status !== 'ready') throw new Error(`redis subscriber connection is ${subscriber.status}`);
      await publisher.ping();
    },
    async close() {
      publisherHeartbeat.stop();
      subscriberHeartbeat.stop();
      // Kept in memory only: if this instance's publishing connection alone was cut off, the other
      // instances' subscribers never lost theirs, so nothing makes them catch up on these.
      const unpublished = publishing.unpublished;
      if (unpublished > 0) {
        log.error({ messages: unpublished }, 'closing with events never published to redis; subscribers on other instances see those changes only when they resubscribe');
      }
      await Promise.all([quit(publisher), quit(subscriber)]);
    },
    onMissedEvents(handler) {
      missed.handlers.push(handler);
    },
  };
}

/**
 * Which record an event carries (topics.ts: every topic carries a whole stored record): orders by
 * out_trade_no, contracts by out_contract_code. A channel such as CONTRACT_DEDUCT_ORDER_UPDATED
 * carries many orders, whose failed messages are kept apart.
 */
function recordOf(detail: unknown): string | undefined {
  if (typeof detail !== 'object' || detail === null) return undefined;
  const { outTradeNo, outContractCode } = detail as { outTradeNo?: unknown; outContractCode?: unknown };
  if (typeof outTradeNo === 'string') return `order ${outTradeNo}`;
  if (typeof outContractCode === 'string') return `contract ${outContractCode}`;
  return undefined;
}

/**
 * Notes, when the subscribing connection closes, when it last proved alive (the first close of an
 * outage counts: the earliest moment that may have lost events), and once it is back with every
 * channel, tells the handlers.
 */
function watchForMissedEvents(
  subscriber: Redis,
  subscriptions: RedisSubscriptions,
  heartbeat: Heartbeat,
): { handlers: Array<(since: Date, type?: string) => void>; lateSubscribe(type: string, startedAt: number): void } {
  const handlers: Array<(since: Date, type?: string) => void> = [];
  const signal = (since: number, type?: string) => {
    for (const handler of handlers) handler(new Date(since), type);
  };
  let lostAt: number | undefined;
  subscriber.on('close', () => {
    lostAt ??= heartbeat.lastHeardAt;
  });
  // Redis has confirmed the SUBSCRIBE of every channel watched when the connection got ready, on
  // the connection still ready now: what is read from now on cannot miss an event. (A channel
  // watched since sends its own SUBSCRIBE, and its watcher reads the current state after it.) If
  // the connection breaks first, this waits for the next re-subscription.
  subscriptions.onResubscribed(() => {
    if (lostAt === undefined) return;
    const since = lostAt - MISSED_EVENTS_MARGIN_MS;
    lostAt = undefined;
    signal(since);
  });
  // One subscription confirmed late on a connection that did not break. Confirmed by a
  // re-subscription after a loss instead, the signal for every channel covers it.
  const lateSubscribe = (type: string, startedAt: number) => {
    if (lostAt === undefined) signal(startedAt - MISSED_EVENTS_MARGIN_MS, type);
  };
  return { handlers, lateSubscribe };
}

/** Logs the first error of an outage and the recovery, not every reconnect attempt. */
function watchConnection(client: Redis, role: string, log: Logger): void {
  let failing = false;
  client.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    log.warn({ err: error.message, role }, 'redis connection lost; events are not delivered across instances until it is back');
  });
  client.on('ready', () => {
    if (!failing) return;
    failing = false;
    log.info({ role }, 'redis connection restored');
  });
}

function untilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms (status ${client.status})`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/** QUIT waits for Redis' answer; a Redis that stopped answering must not hold up shutdown. */
const QUIT_TIMEOUT_MS = 2_000;

async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await withTimeout(client.quit(), QUIT_TIMEOUT_MS);
      return;
    } catch {
      // refused or not answered in time: drop the connection
    }
  }
  client.disconnect();
}
