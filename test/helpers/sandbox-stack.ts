import path from 'node:path';
import { createLogger } from '../../src/logger.js';
import { NOTIFICATION_PATH, startApp, type RunningApp } from '../../src/server/start-app.js';
import { freePort } from './free-port.js';
import { wechatpayFromSandbox, type WechatpayWiring } from '../../src/server/wechatpay-from-config.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import type { TopicEventTarget } from '../../src/pubsub/pubsub.js';
import { testAuthenticator } from './test-auth.js';
import { tempDir } from './temp-dir.js';

export interface SandboxStack {
  app: RunningApp;
  simulator: RunningSimulator;
  store: Store;
  wechatpay: WechatpayWiring;
  graphqlUrl: string;
  wsUrl: string;
  databaseFile: string;
  /** Creates an effective contract in the simulator, whose SIGN_CONTRACT callback reaches the app. */
  sandboxContract(body?: Record<string, unknown>): Promise<SandboxContract>;
  close(): Promise<void>;
}

export interface SandboxContract {
  contract_id: string;
  out_contract_code: string;
  appid: string;
  openid: string;
  plan_id: string;
  repayment_amount_limit: string;
}

export interface SandboxStackOptions {
  simulator?: Partial<SimulatorOptions>;
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  databaseUrl?: string;
  /** Event transport (e.g. a Redis target); in-process by default. The caller closes it. */
  eventTarget?: TopicEventTarget;
  /** Whether the event transport answers (reported by `/readyz`), passed to startApp. */
  eventTransportCheck?: () => Promise<void>;
  /** Production mode: no introspection, no landing page. */
  production?: boolean;
  /** Tests make many mutations; the production default is far lower. */
  mutationRateLimitPerMinute?: number;
  /** Browser origins allowed by CORS. */
  corsOrigins?: readonly string[];
}

/**
 * The whole product on ephemeral ports: the simulator over HTTP, a SQLite file store, the GraphQL
 * server over HTTP and WebSocket. Nothing is mocked.
 */
export async function startSandboxStack(options: SandboxStackOptions = {}): Promise<SandboxStack> {
  const dir = await tempDir('repayment-stack');
  // The template's termination URL must name the app before it listens.
  const appPort = await freePort();
  const simulator = await startSimulator({
    home: path.join(dir.path, 'sandbox'),
    port: 0,
    terminationNotifyUrl: `http://127.0.0.1:${appPort}${NOTIFICATION_PATH}`,
    settleDelayMs: 300,
    callbackIntervalScale: 0.001,
    ...options.simulator,
  });
  const databaseFile = path.join(dir.path, 'store.db');
  const store = await createStore(options.databaseUrl ?? `file:${databaseFile}`);
  const wechatpay = wechatpayFromSandbox(simulator.credentials, simulator.url, options.requestTimeoutMs ?? 3_000);
  const app = await startApp({
    host: '127.0.0.1',
    port: appPort,
    store,
    wechatpay,
    templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN,100002=CASH_LOAN'),
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    pollIntervalMs: options.pollIntervalMs ?? 100,
    requestTimeoutMs: options.requestTimeoutMs ?? 3_000,
    eventTarget: options.eventTarget,
    eventTransportCheck: options.eventTransportCheck,
    authenticator: await testAuthenticator(),
    production: options.production,
    mutationRateLimitPerMinute: options.mutationRateLimitPerMinute ?? 10_000,
    corsOrigins: options.corsOrigins,
  });
  return {
    app,
    simulator,
    store,
    wechatpay,
    graphqlUrl: `${app.url}/graphql`,
    wsUrl: `${app.url.replace(/^http/, 'ws')}/graphql`,
    databaseFile,
    async sandboxContract(body = {}) {
      const response = await fetch(`${simulator.url}/sandbox/contracts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contract_notify_url: app.notificationUrl, ...body }),
      });
      if (response.status !== 201) throw new Error(`sandbox contract: ${response.status} ${await response.text()}`);
      return (await response.json()) as SandboxContract;
    },
    async close() {
      await app.close();
      await simulator.close();
      await store.close();
      await dir.remove();
    },
  };
}
