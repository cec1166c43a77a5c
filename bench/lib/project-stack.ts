/**
 * The product as `npm start` runs it in sandbox mode, assembled the way test/helpers/sandbox-stack.ts
 * does: a SQLite file store and the app on ephemeral ports, talking to the simulator. Unlike
 * sandbox mode, the simulator runs in a process of its own, as WeChat Pay is remote: its RSA
 * signing and verifying would otherwise share the measured server's event loop.
 *
 * Authentication (issue 6): when src/auth/ exists, the app gets a real JWT authenticator (HS256,
 * generated secret, as in sandbox mode) and the bench a staff token minted with it, sent on every
 * request and in graphql-ws' connection_init; BENCH_AUTH=off disables it. Before issue 6, the app
 * runs without authentication.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { startApp, type RunningApp } from '../../src/server/start-app.js';
import { wechatpayFromSandbox, type WechatpayWiring } from '../../src/server/wechatpay-from-config.js';
import { loadOrCreateSandboxCredentials, type SandboxCredentials } from '../../src/simulator/sandbox-credentials.js';
import { readSqliteSynchronous } from '../../src/config.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { ChildServer } from './child.js';

/** The simulator, running in its own process (bench/servers/simulator-server.ts). */
export interface SimulatorProcess {
  url: string;
  credentials: SandboxCredentials;
  close(): Promise<void>;
}

export interface ProjectStack {
  app: RunningApp;
  simulator: SimulatorProcess;
  store: Store;
  wechatpay: WechatpayWiring;
  dir: string;
  databaseFile: string;
  /** Staff bearer token when authentication is on. */
  bearerToken?: string;
  close(): Promise<void>;
}

export interface ProjectStackOptions {
  /** Simulator settlement delay; null = orders stay PENDING until a callback (what the bench wants). */
  settleDelayMs?: number | null;
  /** Before the app opens the store (e.g. to multiply rows with SQL). */
  beforeApp?: (store: Store, databaseFile: string, simulator: SimulatorProcess) => Promise<void>;
}

export async function startProjectStack(options: ProjectStackOptions = {}): Promise<ProjectStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repayment-bench-'));
  const simulator = await startSimulatorProcess(path.join(dir, 'sandbox'), options.settleDelayMs ?? null);
  const databaseFile = path.join(dir, 'store.db');
  // As the app would run here: NORMAL unless NODE_ENV=production or SQLITE_SYNCHRONOUS says otherwise.
  const sqliteSynchronous = readSqliteSynchronous();
  let store = await createStore(`file:${databaseFile}`, { sqliteSynchronous });
  if (options.beforeApp) {
    await options.beforeApp(store, databaseFile, simulator);
    // Reopen so the app starts on a fresh connection, as after a restart.
    await store.close();
    store = await createStore(`file:${databaseFile}`, { sqliteSynchronous });
  }
  // The defaults of src/config.ts: 10 s WeChat Pay timeout, 1 s poll interval.
  const wechatpay = wechatpayFromSandbox(simulator.credentials, simulator.url, 10_000);
  const auth = await authentication();
  const app = await startApp({
    ...auth.options,
    // The per-viewer mutation limit (issue 6) is kept in the path but must not throttle the bench.
    mutationRateLimitPerMinute: 1_000_000,
    host: '127.0.0.1',
    port: 0,
    store,
    wechatpay,
    templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN,100002=CASH_LOAN'),
    // Production's default level; the child's stdout goes to /dev/null.
    log: createLogger(process.env.BENCH_LOG_LEVEL ?? 'info'),
    pollIntervalMs: 1_000,
    requestTimeoutMs: 10_000,
  } as unknown as Parameters<typeof startApp>[0]);
  return {
    app,
    simulator,
    store,
    wechatpay,
    dir,
    databaseFile,
    bearerToken: auth.bearerToken,
    async close() {
      await app.close();
      await simulator.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startSimulatorProcess(home: string, settleDelayMs: number | null): Promise<SimulatorProcess> {
  const child = await ChildServer.start<{ url: string }>('servers/simulator-server.js', [], {
    env: { BENCH_SIMULATOR_HOME: home, BENCH_SETTLE_DELAY_MS: settleDelayMs === null ? undefined : String(settleDelayMs) },
  });
  return { url: child.info.url, credentials: await loadOrCreateSandboxCredentials(home), close: () => child.stop() };
}

/**
 * The authenticator of issue 6 when the tree has it. Loaded by computed path so this file compiles
 * both before and after src/auth/ exists.
 */
async function authentication(): Promise<{ options: Record<string, unknown>; bearerToken?: string }> {
  const authenticatorModule = '../../src/auth/authenticator.js';
  const tokensModule = '../../src/auth/sandbox-tokens.js';
  let auth: any;
  let tokens: any;
  try {
    auth = await import(authenticatorModule);
    tokens = await import(tokensModule);
  } catch {
    return { options: {} };
  }
  if (process.env.BENCH_AUTH === 'off') return { options: { authenticator: await auth.createAuthenticator({ kind: 'disabled' }) } };
  const secret = tokens.generateSandboxSecret();
  const audience = 'repayment-graphql';
  return {
    options: { authenticator: await auth.createAuthenticator({ kind: 'generated', audience }, secret) },
    bearerToken: await tokens.mintToken(secret, { sub: 'bench-staff', role: 'staff' }, { audience, expiresIn: '2h' }),
  };
}
