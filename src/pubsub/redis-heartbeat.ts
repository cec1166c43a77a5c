import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { withTimeout } from '../with-timeout.js';

export interface HeartbeatOptions {
  /** How often a ready connection is PINGed. */
  intervalMs: number;
  /** A PING not answered within this drops the connection, and ioredis reconnects. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 10_000, timeoutMs: 5_000 };

/**
 * PINGs a connection while it is ready; one that does not answer in time is dropped so that
 * ioredis reconnects (and the channels are subscribed again, redis-subscriptions.ts). A connection that died without a reset (a NAT's or a
 * load balancer's idle timeout, a partition) would otherwise look ready until TCP gave up, hours
 * later, and a subscriber on it would miss events without any error. `lastHeardAt` is when the
 * connection last proved alive: events published since may not have arrived once it is lost.
 */
export class Heartbeat {
  lastHeardAt = Date.now();
  readonly #timer: NodeJS.Timeout;
  #waiting = false;
  /** Counts lost connections: a PING unanswered on one since lost says nothing about the next. */
  #connection = 0;

  constructor(
    private readonly client: Redis,
    private readonly options: HeartbeatOptions,
    private readonly log: Logger,
    private readonly role: string,
  ) {
    client.on('ready', () => (this.lastHeardAt = Date.now()));
    client.on('close', () => this.#connection++);
    this.#timer = setInterval(() => this.#beat(), options.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #beat(): void {
    if (this.#waiting || this.client.status !== 'ready') return;
    this.#waiting = true;
    const connection = this.#connection;
    withTimeout(this.client.ping(), this.options.timeoutMs)
      .then(
        () => {
          this.lastHeardAt = Date.now();
        },
        () => {
          // Not answered in time, or failed: unless the connection is already being replaced, drop it.
          // (A PING in flight when its connection was lost may never settle: the subscribing
          // connection does not send it again, redis-subscriptions.ts.)
          if (this.client.status !== 'ready' || connection !== this.#connection) return;
          this.log.warn({ role: this.role, timeoutMs: this.options.timeoutMs }, 'redis did not answer a ping in time; reconnecting');
          this.client.disconnect(true);
        },
      )
      .finally(() => {
        this.#waiting = false;
      });
  }
}
