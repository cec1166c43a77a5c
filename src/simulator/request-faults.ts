/**
 * Plays a request fault (fault-rules.ts) on one HTTP exchange: the misbehaviours a client must survive
 * without losing or doubling a repayment.
 */
import type { ServerResponse } from 'node:http';
import type { FaultStatus, RequestFault } from './fault-rules.js';
import type { RouteResult } from './route.js';

/**
 * The documented shapes of WeChat Pay's server-side errors (§6.1). UNCONFIRMED: the 429 code is
 * FREQUENCY_LIMITED or RATELIMIT_EXCEEDED depending on the product; clients should go by the status.
 */
const STATUS_BODIES: Record<FaultStatus, { code: string; message: string }> = {
  // A refusal whose reason WeChat Pay does not document for every case (UNCONFIRMED, §6.7): e.g.
  // how a product answers a replayed id it already holds.
  400: { code: 'INVALID_REQUEST', message: 'request refused' },
  // What a query answers while a record just created is not visible to it yet.
  404: { code: 'RESOURCE_NOT_EXISTS', message: 'resource does not exist' },
  429: { code: 'FREQUENCY_LIMITED', message: 'frequency limit exceeded, retry later' },
  500: { code: 'SYSTEM_ERROR', message: 'system error, retry later with the same parameters' },
  502: { code: 'SERVICE_UNAVAILABLE', message: 'service unavailable, retry later' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'service unavailable, retry later' },
};

export interface FaultedExchange {
  res: ServerResponse;
  /** Handles the request as if there were no fault (state changes happen). Never rejects. */
  process(): Promise<RouteResult>;
  /** Sends a signed answer. */
  answer(result: RouteResult): void;
  /** Registers a timer the simulator clears on close. */
  later(ms: number, run: () => void): void;
}

/** Returns a short description for the log. */
export async function applyRequestFault(fault: RequestFault, exchange: FaultedExchange): Promise<string> {
  const { res } = exchange;
  switch (fault.fault) {
    case 'status': {
      exchange.answer({ status: fault.status, body: STATUS_BODIES[fault.status] });
      return `fault status ${fault.status} (not processed)`;
    }
    case 'reset': {
      // RST rather than FIN: the client sees ECONNRESET, the classic "connection reset by peer".
      res.socket?.resetAndDestroy();
      return 'fault reset (not processed)';
    }
    case 'accept_then_drop': {
      const result = await exchange.process();
      res.socket?.destroy();
      return `fault accept_then_drop (processed: ${result.status}, answer dropped)`;
    }
    case 'timeout': {
      const processed = fault.process ? ` (processed: ${(await exchange.process()).status})` : ' (not processed)';
      // No answer at all; the socket stays open until the simulator closes (closeAllConnections).
      if (fault.close_after_ms !== undefined) exchange.later(fault.close_after_ms, () => res.socket?.destroy());
      return `fault timeout${processed}`;
    }
    case 'delay': {
      // Processed first, answered late: the state change is visible to a query while the answer waits.
      const result = await exchange.process();
      exchange.later(fault.delay_ms, () => {
        if (!res.destroyed) exchange.answer(result);
      });
      return `fault delay ${fault.delay_ms} ms (processed: ${result.status})`;
    }
  }
}
