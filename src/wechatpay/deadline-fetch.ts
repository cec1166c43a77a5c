/**
 * A fetch that gives each attempt one deadline covering headers AND body, and returns the body
 * fully buffered (so signature verification reads the exact bytes without a second stall).
 * ky's own `timeout` stops at the headers, which would let a server that stalls mid-body hang us.
 * Transport failures become {@link WechatpayConnectionError}s here, in one place.
 */
import { WechatpayConnectionError } from './errors.js';

export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function transportCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function createDeadlineFetch(baseFetch: FetchFunction, timeoutMs: number): FetchFunction {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const upstream = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = upstream ? AbortSignal.any([upstream, deadline]) : deadline;
    try {
      const response = await baseFetch(input, { ...init, signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (deadline.aborted) {
        throw new WechatpayConnectionError({
          code: 'TIMEOUT',
          message:
            `no complete answer from WeChat Pay within ${timeoutMs} ms; the request may have been applied: ` +
            'query the resource before retrying a write',
          cause: error,
        });
      }
      const code = transportCode(error);
      throw new WechatpayConnectionError({
        code: 'CONNECTION_ERROR',
        message:
          `could not complete the exchange with WeChat Pay (${code ?? (error as Error)?.message ?? 'network error'}); ` +
          'check connectivity to the API host; the request may have been applied: query before retrying a write',
        cause: error,
      });
    }
  };
}
