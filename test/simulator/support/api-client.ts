/**
 * Test support: signs requests to the simulator exactly as a merchant SDK does (crypto.ts and the
 * credentials the simulator wrote), and checks the simulator's response signatures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatAuthorization,
  randomNonce,
  requestSignatureMessage,
  responseSignatureMessage,
  signSha256WithRsa,
  unixSeconds,
  verifySha256WithRsa,
} from '../../../src/wechatpay/crypto.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator/server.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  timestamp?: string;
  mchid?: string;
  serialNo?: string;
  /** Sign with this private key instead of the merchant's. */
  privateKey?: string;
  /** Sign this body text instead of the one sent. */
  signedBody?: string;
  authorization?: string | null;
  headers?: Record<string, string>;
}

/** Signed call to a `/v3/…` path (path may include `?query`). `body` objects are JSON-encoded. */
export async function callApi(
  sim: RunningSimulator,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const headers = signedRequestHeaders(sim, method, pathAndQuery, text, options);
  return send(sim, method, pathAndQuery, headers, method === 'POST' ? text : undefined);
}

/** The headers a merchant SDK sends with `text` as the body (Authorization, Accept, Content-Type). */
export function signedRequestHeaders(
  sim: RunningSimulator,
  method: string,
  pathAndQuery: string,
  text: string,
  options: CallOptions = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? unixSeconds();
  const nonce = randomNonce();
  const signature = signSha256WithRsa(
    requestSignatureMessage(method, pathAndQuery, timestamp, nonce, options.signedBody ?? text),
    options.privateKey ?? sim.credentials.merchantPrivateKeyPem,
  );
  const authorization =
    options.authorization === undefined
      ? formatAuthorization({
          mchid: options.mchid ?? sim.credentials.mchid,
          nonce_str: nonce,
          signature,
          timestamp,
          serial_no: options.serialNo ?? sim.credentials.merchantSerialNo,
        })
      : options.authorization;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (authorization !== null) headers.Authorization = authorization;
  if (method === 'POST' && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  return headers;
}

/** Unsigned call, for the `/sandbox/…` control routes. */
export async function callSandbox(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const text = body === undefined ? '' : JSON.stringify(body);
  return send(sim, method, path, { 'Content-Type': 'application/json' }, method === 'POST' ? text : undefined);
}

async function send(
  sim: RunningSimulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<ApiResponse> {
  const response = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** True when the response carries a valid WeChat Pay signature from the sandbox's key. */
export function responseVerifies(sim: RunningSimulator, response: ApiResponse): boolean {
  const timestamp = response.headers.get('wechatpay-timestamp') ?? '';
  const nonce = response.headers.get('wechatpay-nonce') ?? '';
  const signature = response.headers.get('wechatpay-signature') ?? '';
  return (
    response.headers.get('wechatpay-serial') === sim.credentials.wechatpayPublicKeyId &&
    verifySha256WithRsa(
      responseSignatureMessage(timestamp, nonce, response.text),
      signature,
      sim.credentials.wechatpayPublicKeyPem,
    )
  );
}

export interface TestSimulator {
  sim: RunningSimulator;
  home: string;
  close(): Promise<void>;
}

/** A simulator on an ephemeral port with a fresh temp home; `close` removes both. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'wechatpay-sim-')));
  const sim = await startSimulator({ port: 0, settleDelayMs: null, ...options, home });
  return {
    sim,
    home,
    async close() {
      await sim.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A date in Beijing time, `days` after the Beijing date of `now`. */
export function beijingDatePlus(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
