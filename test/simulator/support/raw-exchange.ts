/**
 * Test support: one signed request on its own connection (node:http, no keep-alive, no retries), to see
 * what happened on the socket: an answer, a connection closed or reset without one, or no answer before
 * the client gave up. fetch hides these differences behind "fetch failed".
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { signedRequestHeaders } from './api-client.js';

export type RawOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; text: string; afterMs: number }
  /** The server closed or reset the connection with no response; `code` e.g. ECONNRESET. */
  | { kind: 'closed'; code: string | undefined; message: string; afterMs: number }
  /** Nothing arrived within the client's timeout; the client closed the connection. */
  | { kind: 'client-timeout'; afterMs: number };

export function rawSignedRequest(
  sim: RunningSimulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  clientTimeoutMs = 3000,
  /** Replaces (or, with null, removes) headers of the signed request; names are case-insensitive. */
  headerChanges: Record<string, string | null> = {},
): Promise<RawOutcome> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = signedRequestHeaders(sim, method, path, text);
  for (const [name, value] of Object.entries(headerChanges)) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== null) headers[name] = value;
  }
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request(`${sim.url}${path}`, {
      method,
      agent: false,
      headers: { ...headers, ...(method === 'POST' ? { 'Content-Length': String(Buffer.byteLength(text)) } : {}) },
    });
    const timer = setTimeout(() => {
      finish({ kind: 'client-timeout', afterMs: Date.now() - started });
      req.destroy();
    }, clientTimeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'closed', code: error.code, message: error.message, afterMs: Date.now() - started }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({
          kind: 'response',
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
          afterMs: Date.now() - started,
        }),
      );
    });
    req.end(method === 'POST' ? text : undefined);
  });
}
