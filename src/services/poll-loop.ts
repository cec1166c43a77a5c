import type { Logger } from '../logger.js';
import { describe } from './deduct-order-service.js';
import { earliestPolledRepaymentDate, LATE_POLL_DELAY_MS } from './poll-schedule.js';

export interface PollLoopOptions {
  intervalMs: number;
  /** A claimed row is not handed to another poll round (this or another instance) before this. */
  leaseMs: number;
  batchSize?: number;
  log: Logger;
  now?: () => Date;
}

/**
 * The loop both pollers share: every `intervalMs`, claim what is due (with a lease, in one
 * statement, so several instances do not ask about the same row) and resolve each. In the first
 * round and every 15 minutes after, rows nobody polls that may still settle are made due again
 * (`resume`). What is polled, and how, is the subclass's.
 */
export abstract class PollLoop<Row> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  protected readonly now: () => Date;
  /** When `resumeStopped` last ran (by this poller's clock). */
  private resumedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** What is polled, for the log: "orders", "reservations". */
    private readonly rows: string,
    protected readonly loop: PollLoopOptions,
  ) {
    this.now = loop.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops claiming new work and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: claim what is due and resolve each. Exposed for tests and tools. */
  async pollOnce(): Promise<number> {
    const { batchSize = 20, leaseMs } = this.loop;
    const now = this.now();
    await this.resumeStopped(now);
    const due = await this.claimDue(now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batchSize);
    // allSettled: one row's failure must not end the round (and let stop() return) while the
    // others' WeChat Pay calls are still running against the store.
    const outcomes = await Promise.allSettled(due.map((row) => this.resolve(row)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return due.length;
  }

  /** Claims up to `limit` rows due at `now`, moving their next look to `leaseUntil`. */
  protected abstract claimDue(now: string, leaseUntil: string, limit: number): Promise<Row[]>;

  /** Asks WeChat Pay about one claimed row and stores what it learnt, or when to look again. */
  protected abstract resolve(row: Row): Promise<void>;

  /** Makes due at `at` the rows nobody polls whose repayment date is `repaymentDateFrom` or later. */
  protected abstract resume(at: string, repaymentDateFrom: string): Promise<number>;

  /** One UPDATE; a failure is logged and tried again in the next round. */
  private async resumeStopped(now: Date): Promise<void> {
    if (now.getTime() - this.resumedAt < LATE_POLL_DELAY_MS) return;
    this.resumedAt = now.getTime();
    try {
      const resumed = await this.resume(now.toISOString(), earliestPolledRepaymentDate(now));
      if (resumed > 0) this.loop.log.info({ [this.rows]: resumed }, `polling resumed for ${this.rows} nobody polled`);
    } catch (error) {
      this.resumedAt = Number.NEGATIVE_INFINITY;
      this.loop.log.warn({ err: describe(error) }, `could not resume polling of ${this.rows}`);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error) => this.loop.log.error({ err: describe(error) }, `${this.rows} poll round failed`))
        .finally(() => this.schedule());
    }, this.loop.intervalMs);
    this.timer.unref();
  }
}
