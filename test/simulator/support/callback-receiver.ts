/**
 * Test support: a real node:http server standing in for the merchant's notify URL. It records every
 * callback and answers with the status the test chooses for each send.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  atMs: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CallbackReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT; any path is accepted. */
  url: string;
  received: ReceivedCallback[];
  /** Resolves once `count` callbacks have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/** `reply(n)` gives the status for the n-th callback (1-based); default 204. */
export async function startCallbackReceiver(reply: (n: number) => number = () => 204): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ atMs: Date.now(), path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = reply(received.length);
      res.writeHead(status, status === 204 ? {} : { 'Content-Type': 'application/json' });
      res.end(status === 204 ? undefined : JSON.stringify({ code: status === 200 ? 'SUCCESS' : 'FAIL', message: 'test' }));
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            cleanup();
            resolve(received.slice(0, count));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} callback(s) within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
