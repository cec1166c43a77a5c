import type { Logger } from '../logger.js';
import type { DeductOrderRecord, Store } from '../store/store.js';
import { isWechatpayError, longestGetMs, type WechatpayClient } from '../wechatpay/index.js';
import { describe, type DeductOrderService } from './deduct-order-service.js';
import { lateLookAt, nextPollAt, pastGiveUpAge, pollingEndsAt } from './poll-schedule.js';
import { PollLoop } from './poll-loop.js';

/**
 * How long a poll round holds an order: longer than any query it makes (every attempt timing out,
 * with the longest waits between them), plus 10 s for the store around it, so no other round takes
 * the order over while it is still being asked about.
 */
export function pollLeaseMs(requestTimeoutMs?: number): number {
  return longestGetMs(requestTimeoutMs) + 10_000;
}

export interface OrderPollerOptions {
  store: Store;
  wechatpay: WechatpayClient;
  orders: DeductOrderService;
  intervalMs: number;
  /**
   * A claimed order is not handed to another poller (this or another instance) before this; at
   * least as long as a query may take with its retries. Default `pollLeaseMs()`: 60 s.
   */
  leaseMs?: number;
  batchSize?: number;
  log: Logger;
  now?: () => Date;
}

/**
 * Asks WeChat Pay about orders that are not final: PENDING/NOT_PAY until they settle (failures are
 * never notified), and SUBMITTING/UNKNOWN whose create call's fate we do not know.
 */
export class OrderPoller extends PollLoop<DeductOrderRecord> {
  constructor(private readonly options: OrderPollerOptions) {
    super('orders', { ...options, leaseMs: options.leaseMs ?? pollLeaseMs() });
  }

  protected claimDue(now: string, leaseUntil: string, limit: number): Promise<DeductOrderRecord[]> {
    return this.options.store.deductOrders.claimDueForPoll(now, leaseUntil, limit);
  }

  /**
   * Orders WeChat Pay holds open that were stopped while their repayment date may still settle
   * them (`pollingEndsAt`). An older version stopped them three days after creation, and one still
   * running beside this during a rolling deploy goes on doing so.
   */
  protected resume(at: string, repaymentDateFrom: string): Promise<number> {
    return this.options.store.deductOrders.resumePolling(at, repaymentDateFrom);
  }

  protected async resolve(order: DeductOrderRecord): Promise<void> {
    const { wechatpay, orders, log } = this.options;
    const attempts = order.pollAttempts + 1;
    try {
      const remote = await wechatpay.deductOrders.get(order.outTradeNo);
      const { changed, contradiction } = await orders.applyAnswer(remote);
      // What contradicts ours stays on the order for whoever reconciles it (stuckDeductOrders).
      if (!changed) await this.later(order, attempts, contradiction && `WeChat Pay's answer contradicts this order (${contradiction}); not applied: reconcile it`);
    } catch (error) {
      const notFound = isWechatpayError(error) && error.status === 404;
      const createInDoubt = order.state === 'SUBMITTING' || order.state === 'UNKNOWN';
      if (notFound && createInDoubt && order.resubmissionRefusedAt === null) {
        // Our create never reached WeChat Pay: send it again with the same out_trade_no, unless it
        // is too old for that (see `resubmit`: past the give-up age or its repayment date).
        log.info({ outTradeNo: order.outTradeNo }, 'order unknown to WeChat Pay; submitting it again');
        const after = await orders.resubmit(order, attempts);
        if (after) log.info({ outTradeNo: order.outTradeNo, state: after.state }, 'order resubmitted');
        return;
      }
      if (notFound && createInDoubt) {
        // Its resubmission was refused: only WeChat Pay's own answer settles it (or, after the
        // give-up age, reconciliation), never a third send.
        await this.later(order, attempts, `not known to WeChat Pay; resubmission refused at ${order.resubmissionRefusedAt}, not sent again`);
        return;
      }
      log.warn({ outTradeNo: order.outTradeNo, err: describe(error) }, 'order query failed');
      await this.later(order, attempts, describe(error));
    }
  }

  /**
   * Books the next look, only while the order still holds this round's lease (`order.nextPollAt`
   * as claimed): a query that outlasted the lease must not overwrite what the poller that took the
   * order over has set since, such as the in-flight guard of its resubmission (then a third round
   * would send the same create again while that one runs).
   */
  private async later(order: DeductOrderRecord, attempts: number, lastError: string | null): Promise<void> {
    const next = await this.nextLook(order, attempts);
    const booked = await this.options.store.deductOrders.reschedulePoll(
      order.outTradeNo,
      [order.state],
      {
        pollAttempts: attempts,
        lastError: next === null ? `polling stopped after ${attempts} attempts: ${lastError ?? 'still not final'}` : lastError,
        nextPollAt: next,
      },
      order.nextPollAt,
    );
    if (!booked) this.options.log.info({ outTradeNo: order.outTradeNo }, 'order taken over by another poll round while it was queried; leaving it to that one');
  }

  /**
   * When to look at an order again, or null once polling stops and the order is left for
   * reconciliation. Past the give-up age, only an order WeChat Pay holds open goes on being asked
   * about, every 15 minutes, until `pollingEndsAt` (its repayment date may still settle it).
   */
  private async nextLook(order: DeductOrderRecord, attempts: number): Promise<string | null> {
    const now = this.now();
    if (!pastGiveUpAge(order.createdAt, now)) return nextPollAt(now, attempts);
    if (order.state !== 'PENDING' && order.state !== 'NOT_PAY') return null;
    const reservation = await this.options.store.reservations.get(order.outRecordId);
    return lateLookAt(now, pollingEndsAt(order.createdAt, reservation?.repaymentDate));
  }
}
