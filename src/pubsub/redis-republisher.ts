import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { LruMap } from '../lru-map.js';

/**
 * Channels whose newest failed message is kept for publishing again; beyond it the oldest are
 * dropped. Each order change goes to two channels (the order's and its contract's).
 */
export const MAX_UNPUBLISHED_CHANNELS = 10_000;

interface Kept {
  /** Order of the publish call: a failure may arrive after a newer message's (a timeout vs. a refusal). */
  readonly seq: number;
  readonly message: string;
}

/**
 * PUBLISH, keeping the newest message of each channel whose publish failed, and publishing those
 * again when the connection is ready after a failure. "Newest" is by the order of the publish
 * calls, not of the failures: a PUBLISH already written fails only at its timeout, after a newer
 * one refused at once while the connection was down. A message may arrive twice (a PUBLISH that
 * timed out may have reached Redis); subscribers drop a version they have already sent. The first
 * failure of an outage is logged, not every event's.
 */
export class Republisher {
  readonly #unpublished = new LruMap<string, Kept>(MAX_UNPUBLISHED_CHANNELS);
  #seq = 0;
  #failing = false;
  #droppedSome = false;

  constructor(
    private readonly client: Pick<Redis, 'publish' | 'on'>,
    private readonly log: Logger,
  ) {
    client.on('ready', () => this.#republish());
  }

  publish(channel: string, message: string): Promise<void> {
    return this.#send(channel, message, ++this.#seq);
  }

  #send(channel: string, message: string, seq: number): Promise<void> {
    return this.client.publish(channel, message).then(
      () => {
        // This message or a newer one got through: what is kept for the channel is not newer.
        const kept = this.#unpublished.get(channel);
        if (kept && kept.seq <= seq) this.#unpublished.delete(channel);
      },
      (error: unknown) => this.#keep(channel, { seq, message }, error),
    );
  }

  #keep(channel: string, failed: Kept, error: unknown): void {
    if (!this.#failing) {
      this.#failing = true;
      this.log.warn({ err: error instanceof Error ? error.message : String(error), channel }, 'redis publish failed; kept to publish again when redis is back');
    }
    const kept = this.#unpublished.get(channel);
    if (kept && kept.seq > failed.seq) return;
    if (!kept && this.#unpublished.size >= MAX_UNPUBLISHED_CHANNELS && !this.#droppedSome) {
      this.#droppedSome = true;
      this.log.error(
        { limit: MAX_UNPUBLISHED_CHANNELS },
        'too many channels with unpublished events; the oldest are dropped (subscribers on other instances see those changes when they resubscribe)',
      );
    }
    this.#unpublished.set(channel, failed);
  }

  #republish(): void {
    if (!this.#failing && this.#unpublished.size === 0) return;
    this.#failing = false;
    this.#droppedSome = false;
    const kept = this.#unpublished.drain();
    if (kept.length > 0) this.log.info({ channels: kept.length }, 'redis is back; publishing again what could not be published');
    for (const [channel, { seq, message }] of kept) void this.#send(channel, message, seq);
  }
}
