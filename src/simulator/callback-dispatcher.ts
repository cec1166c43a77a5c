/**
 * Delivers callbacks with WeChat Pay's retry schedule for credit-repayment notifications (§5.4):
 * success only on HTTP 200/204 within 5 s; otherwise resend after 10 s, 10 s, 10 s, 30 s, 30 s, 30 s,
 * then every 300 s, at most 15 sends in total. A resend carries the same envelope (same `id`) with a
 * fresh signature.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { NotificationEnvelope } from '../wechatpay/types.js';
import { signNotificationBody } from './signed-notification.js';
import type { WechatpaySigningKey } from './wechatpay-signature-headers.js';

export const CALLBACK_RETRY_INTERVALS_SECONDS: readonly number[] = [10, 10, 10, 30, 30, 30];
export const CALLBACK_LATER_INTERVAL_SECONDS = 300;
export const MAX_CALLBACK_SENDS = 15;
export const CALLBACK_REPLY_TIMEOUT_MS = 5000;

export interface CallbackDispatcherOptions {
  key: WechatpaySigningKey;
  /** Multiplies every retry interval (not the 5 s reply timeout); 0.001 turns 10 s into 10 ms. */
  intervalScale: number;
  log: (line: string) => void;
}

/** Seconds to wait after send number `sent` (1-based) failed. */
export function retryIntervalSeconds(sent: number): number {
  return CALLBACK_RETRY_INTERVALS_SECONDS[sent - 1] ?? CALLBACK_LATER_INTERVAL_SECONDS;
}

export class CallbackDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<ClientRequest>();
  private closed = false;

  constructor(private readonly options: CallbackDispatcherOptions) {}

  deliver(url: string, envelope: NotificationEnvelope): void {
    const body = JSON.stringify(envelope);
    void this.attempt(url, envelope, body, 1);
  }

  /** Stops every pending resend and aborts requests in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }

  private async attempt(url: string, envelope: NotificationEnvelope, body: string, sent: number): Promise<void> {
    if (this.closed) return;
    const outcome = await this.post(url, body);
    if (this.closed) return;
    const what = `callback ${envelope.id} ${envelope.event_type} -> ${url}: ${outcome} (send ${sent}/${MAX_CALLBACK_SENDS})`;
    if (outcome === 200 || outcome === 204) {
      this.options.log(`${what}, delivered`);
      return;
    }
    if (sent >= MAX_CALLBACK_SENDS) {
      this.options.log(`${what}, giving up`);
      return;
    }
    const delayMs = retryIntervalSeconds(sent) * 1000 * this.options.intervalScale;
    this.options.log(`${what}, resending in ${delayMs} ms`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(url, envelope, body, sent + 1);
    }, delayMs);
    this.timers.add(timer);
  }

  /** Resolves to the HTTP status, or a short reason when there was none. Never rejects. */
  private post(url: string, body: string): Promise<number | string> {
    const signed = signNotificationBody(body, this.options.key);
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve('invalid url');
        return;
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      // agent: false, so no keep-alive socket outlives the delivery (and close() leaves nothing behind)
      const req = send(target, {
        method: 'POST',
        agent: false,
        headers: { ...signed.headers, 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'wechatpay-sandbox' },
      });
      this.inFlight.add(req);
      const done = (outcome: number | string) => {
        this.inFlight.delete(req);
        resolve(outcome);
      };
      req.setTimeout(CALLBACK_REPLY_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', (error) => done(error.message === 'timeout' ? 'no reply within 5 s' : error.message));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 'no status'));
        res.on('error', () => done('reply aborted'));
      });
      req.end(body);
    });
  }
}
