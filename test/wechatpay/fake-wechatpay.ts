/**
 * A minimal "WeChat Pay" on a real node:http server (port 0, 127.0.0.1): records each request with
 * its raw body, and lets each test answer as it likes, typically with {@link signedReply}.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomNonce, signSha256WithRsa, responseSignatureMessage, unixSeconds } from '../../src/wechatpay/crypto.js';
import { PUBLIC_KEY_ID, WECHATPAY_KEY } from './fixtures.js';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type FakeHandler = (request: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void;

export interface FakeWechatpay {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeWechatpay(handler: FakeHandler): Promise<FakeWechatpay> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      handler(recorded, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SignOptions {
  timestamp?: string;
  nonce?: string;
  serial?: string;
  privateKey?: string;
  /** Use this signature instead of computing one. */
  signature?: string;
  /** Sign this body while sending `body` (a tampering in transit). */
  signedBody?: string;
  headers?: Record<string, string>;
  requestId?: string;
}

/** Answers like WeChat Pay: `Request-ID` and the four `Wechatpay-*` signature headers over the exact body. */
export function signedReply(res: ServerResponse, status: number, body: string, options: SignOptions = {}): void {
  const timestamp = options.timestamp ?? unixSeconds();
  const nonce = options.nonce ?? randomNonce();
  const signature =
    options.signature ??
    signSha256WithRsa(responseSignatureMessage(timestamp, nonce, options.signedBody ?? body), options.privateKey ?? WECHATPAY_KEY);
  res.writeHead(status, {
    ...(body ? { 'Content-Type': 'application/json' } : {}),
    'Request-ID': options.requestId ?? 'REQ-0001',
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': options.serial ?? PUBLIC_KEY_ID,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    ...options.headers,
  });
  res.end(body);
}

/** An error answer as WeChat Pay gives it (not signed: only successful answers are). */
export function errorReply(
  res: ServerResponse,
  status: number,
  body: { code: string; message: string; detail?: unknown } | string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Request-ID': 'REQ-ERR-1', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
