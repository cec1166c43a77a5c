/**
 * The WeChat Pay simulator: a stateful stand-in for the credit-repayment partner API on plain
 * node:http. It verifies merchant signatures, enforces the documented rules, signs every answer and
 * sends encrypted, signed callbacks with WeChat Pay's retry schedule.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toPrivateKey, toPublicKey } from '../wechatpay/crypto.js';
import type { DeductionPayNotificationResource } from '../wechatpay/types.js';
import { ApiError } from './api-error.js';
import { CallbackDispatcher } from './callback-dispatcher.js';
import { DeductSettlement, type FinalOutcome } from './deduct-settlement.js';
import { FaultInjector, type SimulatorFaults } from './fault-injector.js';
import { newRequestId } from './random-ids.js';
import { checkJsonHeaders } from './json-headers.js';
import { applyRequestFault } from './request-faults.js';
import { authenticateRequest, type MerchantIdentity } from './request-authenticator.js';
import type { RouteRequest, RouteResult } from './route.js';
import { ROUTES } from './routes.js';
import { loadOrCreateSandboxCredentials, type SandboxCredentials } from './sandbox-credentials.js';
import { SimulatorContext } from './simulator-context.js';
import { SimulatorState, type StoredDeductOrder } from './simulator-state.js';
import { wechatpaySignatureHeaders, type WechatpaySigningKey } from './wechatpay-signature-headers.js';

export interface SimulatorOptions {
  /** Directory holding the sandbox credentials (created on first use). */
  home: string;
  /** 0 = ephemeral; default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Delay before an order settles by itself; default 1000; null = never (use the control route). */
  settleDelayMs?: number | null;
  /** Default PAY_SUCCESS. */
  settleOutcome?: FinalOutcome;
  /** Multiplies callback retry intervals; default 1; 0.001 makes 10 s → 10 ms. */
  callbackIntervalScale?: number;
  /** Where SIGN_CONTRACT goes for sandbox-created contracts that name no URL. */
  defaultContractNotifyUrl?: string;
  /** The template-level termination URL (TERMINATE_CONTRACT). */
  terminationNotifyUrl?: string;
  /** Business clock (dates, create times); default the real clock. */
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  credentials: SandboxCredentials;
  /** Fault injection for tests in this process (fault-rules.ts); `/sandbox/faults` is the HTTP face. */
  faults: SimulatorFaults;
  /** Stops the server and every pending settlement timer and callback resend. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const credentials = await loadOrCreateSandboxCredentials(options.home);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const signingKey: WechatpaySigningKey = {
    // Parsed once: a PEM string would be parsed again for every signed response and callback.
    privateKey: toPrivateKey(credentials.wechatpayPrivateKeyPem),
    publicKeyId: credentials.wechatpayPublicKeyId,
  };
  const merchant: MerchantIdentity = {
    mchid: credentials.mchid,
    serialNo: credentials.merchantSerialNo,
    // The merchant's public key is the public half of its API private key (the certificate's key).
    publicKey: toPublicKey(credentials.merchantPrivateKeyPem),
  };

  let baseUrl = '';
  const faults = new FaultInjector();
  const faultTimers = new Set<NodeJS.Timeout>();
  const dispatcher = new CallbackDispatcher({
    key: signingKey,
    intervalScale: options.callbackIntervalScale ?? 1,
    log,
    faults,
  });
  const state = new SimulatorState();
  const settlement = new DeductSettlement({
    delayMs: options.settleDelayMs === undefined ? 1000 : options.settleDelayMs,
    outcome: options.settleOutcome ?? 'PAY_SUCCESS',
    now,
    onPaid: (stored) => ctx.notify(stored.notify_url, 'CREDIT_REPAYMENT.DEDUCTION_PAY', deductionPayResource(stored)),
  });
  const ctx = new SimulatorContext(credentials, state, dispatcher, settlement, faults, now, {
    defaultContractNotifyUrl: options.defaultContractNotifyUrl,
    terminationNotifyUrl: options.terminationNotifyUrl,
    baseUrl: () => baseUrl,
  });

  function deductionPayResource(stored: StoredDeductOrder): DeductionPayNotificationResource {
    const { order } = stored;
    const resource: DeductionPayNotificationResource = {
      sp_mchid: credentials.mchid,
      sub_mchid: stored.sub_mchid,
      appid: order.appid,
      // IM marks sub_appid required; we have one only if the reservation named it.
      ...(order.sub_appid !== undefined ? { sub_appid: order.sub_appid } : {}),
      openid: order.openid,
      order_state: order.order_state,
      out_trade_no: order.out_trade_no,
      out_record_id: order.out_record_id,
      contract_id: order.contract_id,
      deduct_amount: order.deduct_amount,
      pay_success_amount: order.pay_success_amount,
      description: order.description,
      ...(order.attach !== undefined ? { attach: order.attach } : {}),
      transaction_id: order.transaction_id,
    };
    return resource;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://simulator.invalid');
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const result = errorResult(error, method, url);
      send(res, result, requestId);
      log(`${method} ${url.pathname} -> ${result.status} ${requestId}`);
      return;
    }
    const answerNormally = () => processRequest(method, rawUrl, url, req, body);
    // The control routes are never faulted, so a test can always read and clear what it set.
    const fault = url.pathname.startsWith('/sandbox/') ? undefined : faults.takeRequestFault(method, url.pathname);
    if (fault) {
      const what = await applyRequestFault(fault, {
        res,
        process: answerNormally,
        answer: (result) => send(res, result, requestId),
        later: (ms, run) => {
          const timer = setTimeout(() => {
            faultTimers.delete(timer);
            run();
          }, ms);
          faultTimers.add(timer);
        },
      });
      log(`${method} ${url.pathname} -> ${what} ${requestId}`);
      return;
    }
    const result = await answerNormally();
    send(res, result, requestId);
    log(`${method} ${url.pathname} -> ${result.status} ${requestId}`);
  }

  /** The request's answer as WeChat Pay would give it; errors become error answers, never rejections. */
  async function processRequest(
    method: string,
    rawUrl: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
  ): Promise<RouteResult> {
    try {
      if (url.pathname.startsWith('/v3/')) {
        // Transport checks use the real clock: an injected business `now` must not make every
        // freshly signed request look stale.
        authenticateRequest({ method, url: rawUrl, authorization: req.headers.authorization, body }, merchant, Date.now());
        checkJsonHeaders(method, req.headers);
      }
      return await route(method, url, { headers: req.headers, body, query: url.searchParams, params: {} });
    } catch (error) {
      return errorResult(error, method, url);
    }
  }

  function errorResult(error: unknown, method: string, url: URL): RouteResult {
    if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
    log(`internal error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
    return { status: 500, body: { code: 'SYSTEM_ERROR', message: 'system error, retry later' } };
  }

  async function route(method: string, url: URL, request: RouteRequest): Promise<RouteResult> {
    for (const candidate of ROUTES) {
      if (candidate.method !== method) continue;
      const match = candidate.pattern.exec(url.pathname);
      if (!match) continue;
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) {
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          throw ApiError.param(name, 'is not correctly URL-encoded', 'path');
        }
      }
      return candidate.handle(ctx, { ...request, params });
    }
    throw ApiError.notFound(`no such API: ${method} ${url.pathname}`);
  }

  function send(res: ServerResponse, result: RouteResult, requestId: string): void {
    const body =
      result.body === undefined
        ? ''
        : typeof result.body === 'string'
          ? result.body
          : JSON.stringify(result.body);
    res.writeHead(result.status, {
      ...(body === '' ? {} : { 'Content-Type': result.contentType ?? 'application/json' }),
      'Content-Length': Buffer.byteLength(body),
      'Request-ID': requestId,
      ...wechatpaySignatureHeaders(body, signingKey),
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`failed to answer: ${String(error)}`);
      res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      // Once listening, an error (an accept() refused for want of file descriptors) is the
      // server's to survive: without a listener it would take the process down.
      server.on('error', (error) => log(`server error: ${String(error)}`));
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    credentials,
    faults,
    close() {
      closing ??= new Promise<void>((resolve) => {
        settlement.close();
        dispatcher.close();
        for (const timer of faultTimers) clearTimeout(timer);
        faultTimers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(400, 'PARAM_ERROR', `the request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
