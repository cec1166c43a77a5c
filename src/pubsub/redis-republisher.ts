import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { LruMap } from '../lru-map.js';

/**
 * Failed messages kept for publishing again (the newest per channel and record); beyond it the
 * oldest are dropped. Each order change goes to two channels (the order's and its contract's).
 */
export const MAX_UNPUBLISHED = 10_000;

interface Kept {
  /** Order of the publish call: a failure may arrive after a newer message's (a timeout vs. a refusal). */
  readonly seq: number;
  readonly channel: string;
  readonly message: string;
}

/**
 * PUBLISH, keeping the newest message of each channel and record whose publish failed, and
 * publishing those again when the connection is ready after a failure. A channel may carry several
 * records (a contract's channel carries each of its orders): the newest message of one record says
 * nothing about another's, so each record of a channel keeps its own. "Newest" is by the order of
 * the publish calls, not of the failures: a PUBLISH already written fails only at its timeout,
 * after a newer one refused at once while the connection was down. A message may arrive twice (a
 * PUBLISH that timed out may have reached Redis); subscribers drop a version they have already
 * sent. The first failure of an outage is logged, not every event's.
 */
export class Republisher {
  /** By `[channel, record]` (the channel alone for a message of no named record). */
  readonly #unpublished = new LruMap<string, Kept>(MAX_UNPUBLISHED);
  #seq = 0;
  #failing = false;
  #droppedSome = false;

  constructor(
    private readonly client: Pick<Redis, 'publish' | 'on'>,
    private readonly log: Logger,
  ) {
    client.on('ready', () => this.#republish());
  }

  /**
   * `record` names what the message is about (the same for every message of one record on the
   * channel); without it the channel carries one record.
   */
  publish(channel: string, message: string, record?: string): Promise<void> {
    const key = record === undefined ? channel : JSON.stringify([channel, record]);
    return this.#send(key, { seq: ++this.#seq, channel, message });
  }

  #send(key: string, sent: Kept): Promise<void> {
    return this.client.publish(sent.channel, sent.message).then(
      () => {
        // This message or a newer one of the record got through: what is kept for it is not newer.
        const kept = this.#unpublished.get(key);
        if (kept && kept.seq <= sent.seq) this.#unpublished.delete(key);
      },
      (error: unknown) => this.#keep(key, sent, error),
    );
  }

  #keep(key: string, failed: Kept, error: unknown): void {
    if (!this.#failing) {
      this.#failing = true;
      this.log.warn({ err: error instanceof Error ? error.message : String(error), channel: failed.channel }, 'redis publish failed; kept to publish again when redis is back');
    }
    const kept = this.#unpublished.get(key);
    if (kept && kept.seq > failed.seq) return;
    if (!kept && this.#unpublished.size >= MAX_UNPUBLISHED && !this.#droppedSome) {
      this.#droppedSome = true;
      this.log.error(
        { limit: MAX_UNPUBLISHED },
        'too many unpublished events; the oldest are dropped (subscribers on other instances see those changes when they resubscribe)',
      );
    }
    this.#unpublished.set(key, failed);
  }

  /** Messages kept that have not been published yet. */
  get unpublished(): number {
    return this.#unpublished.size;
  }

  #republish(): void {
    if (!this.#failing && this.#unpublished.size === 0) return;
    this.#failing = false;
    this.#droppedSome = false;
    const kept = this.#unpublished.drain();
    if (kept.length > 0) this.log.info({ messages: kept.length }, 'redis is back; publishing again what could not be published');
    for (const [key, sent] of kept) void this.#send(key, sent);
  }
}
