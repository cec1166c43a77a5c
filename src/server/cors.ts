import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for `/graphql`, for browser front ends served from other origins (CORS_ORIGINS). Only the
 * origins listed are told they may read answers; nothing is sent for any other. Tokens travel in
 * the Authorization header, never in cookies, so credentials are not allowed. WebSockets are not
 * subject to CORS: graphql-ws authenticates with the token in connection_init.
 */
const ALLOWED_METHODS = 'GET, POST';
/** What our clients send: the token, JSON, and the headers Apollo's CSRF prevention asks of a GET. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export interface Cors {
  /** Answers a preflight (OPTIONS) request, before authentication: it never carries a token. */
  preflight(request: IncomingMessage, response: ServerResponse): void;
  /** Lets an allowed origin read this answer, whatever its status (a 401 included). */
  allow(request: IncomingMessage, response: ServerResponse): void;
}

export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins);
  const allowedOrigin = (request: IncomingMessage) => {
    const origin = request.headers.origin;
    return origin !== undefined && allowed.has(origin) ? origin : undefined;
  };
  return {
    preflight(request, response) {
      request.resume();
      response.setHeader('vary', 'Origin');
      const origin = allowedOrigin(request);
      if (origin !== undefined) {
        response.setHeader('access-control-allow-origin', origin);
        response.setHeader('access-control-allow-methods', ALLOWED_METHODS);
        response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        response.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
      }
      response.writeHead(204).end();
    },
    allow(request, response) {
      if (allowed.size === 0) return;
      response.setHeader('vary', 'Origin');
      const origin = allowedOrigin(request);
      if (origin !== undefined) response.setHeader('access-control-allow-origin', origin);
    },
  };
}
