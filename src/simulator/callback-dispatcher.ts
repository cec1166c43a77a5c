/**
 * Delivers callbacks with WeChat Pay's retry schedule for credit-repayment notifications (§5.4):
 * success only on HTTP 200/204 with the whole reply received within 5 s of the send (a total
 * deadline, not an idle timeout); otherwise resend after 10 s, 10 s, 10 s, 30 s, 30 s, 30 s, then
 * every 300 s, at most 15 sends in total. A resend carries the same envelope (same `id`) with a
 * fresh signature and timestamp: INFERENCE, the docs do not say how a resend is signed. Re-signing
 * is the only reading that works, since receivers refuse a Wechatpay-Timestamp more than 300 s off
 * (§6.4), and the original timestamp would be too old from the 8th send on (at least
 * 10+10+10+30+30+30+300 = 420 s after the first). Callback fault rules (fault-rules.ts) can lose sends, duplicate a notification,
 * hold it back so a later one overtakes it, or precede it with a probe.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PROBE_SIGNATURE_PREFIX } from '../wechatpay/crypto.js';
import type { NotificationEnvelope } from '../wechatpay/types.js';
import type { FaultInjector } from './fault-injector.js';
import type { CallbackFaultKind } from './fault-rules.js';
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
  /** Callback fault rules (drop, duplicate, delay, reorder, probe: fault-rules.ts); none when absent. */
  faults?: Pick<FaultInjector, 'takeCallbackFault'>;
}

/** Seconds to wait after send number `sent` (1-based) failed. */
export function retryIntervalSeconds(sent: number): number {
  return CALLBACK_RETRY_INTERVALS_SECONDS[sent - 1] ?? CALLBACK_LATER_INTERVAL_SECONDS;
}

interface Delivery {
  url: string;
  envelope: NotificationEnvelope;
  body: string;
  /** Runs once, after the first send that was not dropped by a fault has an outcome. */
  onArrived?: () => void;
}

interface DeliveryFaults {
  probe: boolean;
  duplicate: boolean;
}

export class CallbackDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Requests in flight, each with its reply deadline. */
  private readonly inFlight = new Map<ClientRequest, NodeJS.Timeout>();
  /** Notifications held back by a `reorder` fault until another one has arrived. */
  private readonly held = new Map<() => void, NodeJS.Timeout | undefined>();
  private closed = false;

  constructor(private readonly options: CallbackDispatcherOptions) {}

  deliver(url: string, envelope: NotificationEnvelope): void {
    const delivery: Delivery = { url, envelope, body: JSON.stringify(envelope) };
    const take = <K extends CallbackFaultKind>(kind: K) => this.options.faults?.takeCallbackFault(envelope.event_type, kind);
    const faults: DeliveryFaults = { probe: take('probe') !== undefined, duplicate: take('duplicate') !== undefined };
    const reorder = take('reorder');
    const delay = reorder ? undefined : take('delay');
    if (reorder) {
      this.options.log(`${label(delivery)}: held until another callback arrives (fault reorder)`);
      this.hold(() => void this.start(delivery, faults, false), reorder.delay_ms);
    } else if (delay) {
      this.options.log(`${label(delivery)}: held for ${delay.delay_ms} ms (fault delay)`);
      this.after(delay.delay_ms, () => void this.start(delivery, faults, true));
    } else {
      void this.start(delivery, faults, true);
    }
  }

  /** Stops every pending resend and held callback and aborts requests in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.held.values()) if (timer) clearTimeout(timer);
    this.held.clear();
    for (const [req, deadline] of this.inFlight) {
      clearTimeout(deadline);
      req.destroy();
    }
    this.inFlight.clear();
  }

  /** `releasesHeld`: once this one has arrived, callbacks held by `reorder` go (it has overtaken them). */
  private async start(delivery: Delivery, faults: DeliveryFaults, releasesHeld: boolean): Promise<void> {
    if (faults.probe) {
      // As WeChat Pay does (§5.4): a deliberately wrong signature first; a receiver must refuse it.
      const signature = `${PROBE_SIGNATURE_PREFIX}${randomBytes(32).toString('base64')}`;
      const outcome = await this.post(delivery.url, delivery.body, signature);
      this.options.log(`${label(delivery)}: probe ${signature.slice(0, 24)}… answered ${outcome} (fault probe)`);
    }
    delivery.onArrived = () => {
      if (releasesHeld) this.releaseHeld();
      if (faults.duplicate) {
        this.options.log(`${label(delivery)}: delivering again with the same id (fault duplicate)`);
        void this.attempt({ ...delivery, onArrived: undefined }, 1);
      }
    };
    await this.attempt(delivery, 1);
  }

  private async attempt(delivery: Delivery, sent: number): Promise<void> {
    if (this.closed) return;
    const dropped = this.options.faults?.takeCallbackFault(delivery.envelope.event_type, 'drop') !== undefined;
    const outcome = dropped ? 'lost on the way (fault drop)' : await this.post(delivery.url, delivery.body);
    if (this.closed) return;
    if (!dropped && delivery.onArrived) {
      const arrived = delivery.onArrived;
      delivery.onArrived = undefined;
      arrived();
    }
    const what = `${label(delivery)}: ${outcome} (send ${sent}/${MAX_CALLBACK_SENDS})`;
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
    this.after(delayMs, () => void this.attempt(delivery, sent + 1));
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private hold(release: () => void, maxMs: number | undefined): void {
    const timer =
      maxMs === undefined
        ? undefined
        : setTimeout(() => {
            this.held.delete(release);
            release();
          }, maxMs);
    this.held.set(release, timer);
  }

  private releaseHeld(): void {
    const releases = [...this.held];
    this.held.clear();
    for (const [release, timer] of releases) {
      if (timer) clearTimeout(timer);
      release();
    }
  }

  /** Resolves to the HTTP status, or a short reason when there was none. Never rejects. */
  private post(url: string, body: string, signature?: string): Promise<number | string> {
    const signed = signNotificationBody(body, this.options.key, signature === undefined ? {} : { signature });
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
      let finished = false;
      const done = (outcome: number | string) => {
        if (finished) return;
        finished = true;
        clearTimeout(deadline);
        this.inFlight.delete(req);
        resolve(outcome);
      };
      // §5.4: the reply (status, headers and body) must be complete within 5 s of the send. One timer
      // for the whole exchange: a socket idle timeout (req.setTimeout) would let a receiver that
      // trickles its reply byte by byte take as long as it likes and still count as answered.
      const deadline = setTimeout(() => {
        done(`no complete reply within ${CALLBACK_REPLY_TIMEOUT_MS / 1000} s`);
        req.destroy();
      }, CALLBACK_REPLY_TIMEOUT_MS);
      this.inFlight.set(req, deadline);
      req.on('error', (error) => done(error.message));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 'no status'));
        res.on('error', () => done('reply aborted'));
        res.on('close', () => {
          if (!res.complete) done('reply aborted');
        });
      });
      req.end(body);
    });
  }
}

function label(delivery: Delivery): string {
  return `callback ${delivery.envelope.id} ${delivery.envelope.event_type} -> ${delivery.url}`;
}
