import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * What `RedisSubscriptions` needs of its connection's ioredis options (they win over any given):
 * no offline queue, and none of ioredis' own replays after a reconnect (its re-subscription names
 * the channels of the lost connection, and an unanswered SUBSCRIBE sent again could name a channel
 * nobody watches any more). Commands that were unanswered when a connection was lost then never
 * settle; the next re-subscription covers them.
 */
export const SUBSCRIBER_OPTIONS = {
  enableOfflineQueue: false,
  autoResubscribe: false,
  autoResendUnfulfilledCommands: false,
} as const satisfies RedisOptions;

/** Channels per SUBSCRIBE when subscribing again: one command per 1,000 rather than one huge one. */
const RESUBSCRIBE_BATCH = 1_000;
/** A refused SUBSCRIBE is sent again after 1 s, then 2, 4… up to once a minute. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

interface Watch {
  /** Resolves once Redis has confirmed a SUBSCRIBE of the channel. */
  readonly live: Promise<void>;
  readonly confirm: () => void;
}

function newWatch(): Watch {
  let confirm!: () => void;
  const live = new Promise<void>((resolve) => (confirm = resolve));
  return { live, confirm };
}

/**
 * The channels that have listeners, and a subscribing connection (created with
 * `SUBSCRIBER_OPTIONS`) kept subscribed to exactly those.
 *
 * Nothing is kept per SUBSCRIBE or UNSUBSCRIBE while the connection is away: with ioredis' offline
 * queue, every watch opened and closed during an outage left both commands queued, all replayed
 * once Redis was back (memory grew with the outage's length times the churn). Here a change is
 * sent only while the connection is ready, and each time it gets ready (a new connection has no
 * subscriptions), SUBSCRIBE names every channel watched at that moment; memory is then bounded by
 * the channels watched. A watch opened or closed while that SUBSCRIBE is in flight sends its own
 * SUBSCRIBE or UNSUBSCRIBE after it on the same connection, where Redis runs commands in order, so
 * the later one wins. A re-subscription that fails (the connection dropped mid-way) is simply
 * done again at the next 'ready'; one that succeeds on a connection lost since counts for nothing.
 */
export class RedisSubscriptions {
  readonly #channels = new Map<string, Watch>();
  readonly #resubscribed: Array<() => void> = [];
  /** Which 'ready' the latest re-subscription answers. */
  #generation = 0;

  constructor(
    private readonly client: Pick<Redis, 'status' | 'on' | 'subscribe' | 'unsubscribe'>,
    private readonly log: Logger,
  ) {
    client.on('ready', () => this.#resubscribe());
  }

  /** Watches `channel`; resolves once Redis confirmed it (never rejects; stays pending while Redis is away). */
  add(channel: string): Promise<void> {
    const watch = newWatch();
    this.#channels.set(channel, watch);
    // Not ready: the next 'ready' subscribes it with the others.
    if (this.client.status === 'ready') this.#subscribeAlone(channel, watch, RETRY_FIRST_MS);
    return watch.live;
  }

  /**
   * One channel's SUBSCRIBE. Refused by a connection that is still ready (an ACL without the
   * channel, a server out of memory), it is sent again, backing off, for as long as the channel
   * is watched by this same watch: otherwise nothing would until the connection is next lost.
   * A connection lost meanwhile subscribes it with the others at its next 'ready'.
   */
  #subscribeAlone(channel: string, watch: Watch, retryMs: number): void {
    void this.#send('subscribe', [channel]).then((done) => {
      if (this.#channels.get(channel) !== watch) return;
      if (done) return watch.confirm();
      if (this.client.status !== 'ready') return;
      const retry = setTimeout(() => {
        if (this.#channels.get(channel) === watch && this.client.status === 'ready') {
          this.#subscribeAlone(channel, watch, Math.min(retryMs * 2, RETRY_MAX_MS));
        }
      }, retryMs);
      retry.unref();
    });
  }

  /** Stops watching `channel`. Resolves once Redis confirmed it, or at once when not ready. */
  async remove(channel: string): Promise<void> {
    this.#channels.delete(channel);
    // Not ready: the connection Redis will be back on has no subscriptions.
    if (this.client.status === 'ready') await this.#send('unsubscribe', [channel]);
  }

  /** Resolves once `channel` is live; undefined when it is not watched. */
  live(channel: string): Promise<void> | undefined {
    return this.#channels.get(channel)?.live;
  }

  /** `handler` runs each time the connection is ready and subscribed to every watched channel again. */
  onResubscribed(handler: () => void): void {
    this.#resubscribed.push(handler);
  }

  #resubscribe(): void {
    const generation = ++this.#generation;
    // Lost again before the event reached us: the next 'ready' does it.
    if (this.client.status !== 'ready') return;
    const watched = [...this.#channels];
    const batches: Array<Array<[string, Watch]>> = [];
    for (let i = 0; i < watched.length; i += RESUBSCRIBE_BATCH) batches.push(watched.slice(i, i + RESUBSCRIBE_BATCH));
    const current = () => generation === this.#generation && this.client.status === 'ready';
    void Promise.all(
      batches.map(async (batch) => {
        const done = await this.#send('subscribe', batch.map(([channel]) => channel));
        if (!done || !current()) return false;
        for (const [channel, watch] of batch) if (this.#channels.get(channel) === watch) watch.confirm();
        return true;
      }),
    ).then((results) => {
      if (!results.every(Boolean) || !current()) return;
      for (const handler of this.#resubscribed) handler();
    });
  }

  /** True once Redis confirmed; a failure is logged, never thrown (the next 'ready' subscribes again). */
  #send(command: 'subscribe' | 'unsubscribe', channels: string[]): Promise<boolean> {
    return this.client[command](...channels).then(
      () => true,
      (error: unknown) => {
        this.log.warn(
          { err: error instanceof Error ? error.message : String(error), channel: channels[0], channels: channels.length },
          `redis ${command} failed`,
        );
        return false;
      },
    );
  }
}
