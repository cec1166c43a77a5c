import type { ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { withTimeout } from '../with-timeout.js';
import { sendJson } from './send-json.js';

/** How long `/readyz` waits for the store's answer before it says not ready. */
export const READINESS_STORE_TIMEOUT_MS = 2_000;

export interface ReadinessOptions {
  store: Store;
  /** Rejects when the event transport (Redis) does not answer; absent in process only. */
  eventTransportCheck?: () => Promise<void>;
  /** True once the server is shutting down. */
  draining: () => boolean;
  log: Logger;
}

/**
 * `/readyz`: 503 while draining or without the store (no answer within READINESS_STORE_TIMEOUT_MS,
 * as a pool waiting on a database that stopped answering would otherwise hang the probe); 200
 * otherwise, `degraded` without the event transport: the instance serves queries, mutations and
 * callbacks without Redis, and its subscribers are caught up once Redis is back, whereas failing
 * readiness on Redis would take every instance out of the load balancer whenever Redis restarts.
 * The store's loss and return are logged once each, not at every probe.
 */
export function createReadinessRoute(options: ReadinessOptions): (response: ServerResponse) => Promise<void> {
  const { store, log } = options;
  let storeDown = false;
  return async (response) => {
    if (options.draining()) return sendJson(response, 503, { status: 'draining' });
    const storeError = await withTimeout(store.ping(), READINESS_STORE_TIMEOUT_MS).then(
      () => undefined,
      (error: unknown) => error ?? new Error('store ping failed'),
    );
    if (storeError !== undefined) {
      if (!storeDown) log.warn({ err: String(storeError) }, 'not ready: the store does not answer');
      storeDown = true;
      return sendJson(response, 503, { status: 'not ready', store: 'unavailable' });
    }
    if (storeDown) log.info('ready again: the store answers');
    storeDown = false;
    const transportUp = await (options.eventTransportCheck?.().then(() => true, () => false) ?? true);
    if (!transportUp) return sendJson(response, 200, { status: 'degraded', events: 'this instance only until redis is back' });
    return sendJson(response, 200, { status: 'ready' });
  };
}
