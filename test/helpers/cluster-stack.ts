import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DISABLED_AUTHENTICATION } from '../../src/auth/authenticator.js';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';
import { createLogger } from '../../src/logger.js';
import { createRedisTopicTarget, type RedisTopicTarget } from '../../src/pubsub/redis-event-target.js';
import { startApp, type RunningApp } from '../../src/server/start-app.js';
import { wechatpayFromSandbox } from '../../src/server/wechatpay-from-config.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import type { SandboxContract } from './sandbox-stack.js';
import { tempDir } from './temp-dir.js';

/** One app instance of a cluster: its own store pool, its own Redis connections, its own port. */
export interface ClusterInstance {
  name: string;
  app: RunningApp;
  store: Store;
  redis: RedisTopicTarget;
  graphqlUrl: string;
  wsUrl: string;
  stopped: boolean;
  /** Graceful stop, as on SIGTERM: the app, then its Redis connections and its store pool. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  simulator?: Partial<SimulatorOptions>;
  pollIntervalMs?: number;
}

export interface InstanceOptions {
  pollIntervalMs?: number;
  /** Where the Redis connections go (e.g. through a proxy a test can cut); the cluster's Redis by default. */
  redisUrl?: string;
}

/** A line the simulator logged (`GET /v3/… -> 200 …`), with when. */
export interface SimulatorLogLine {
  at: number;
  line: string;
}

export interface ClusterStack {
  simulator: RunningSimulator;
  /** Every instance started, stopped ones included. */
  instances: ClusterInstance[];
  /** The PostgreSQL schema all instances share (dropped by close). */
  schema: string;
  /** Channel prefix all instances share (unique per run, so parallel runs on one Redis stay apart). */
  channelPrefix: string;
  simulatorLog: SimulatorLogLine[];
  startInstance(name: string, options?: InstanceOptions): Promise<ClusterInstance>;
  /** An effective contract whose SIGN_CONTRACT callback goes to `notifyUrl`. */
  sandboxContract(notifyUrl: string): Promise<SandboxContract>;
  close(): Promise<void>;
}

/**
 * Several app instances as in production: one simulator (WeChat Pay), one PostgreSQL schema and one
 * Redis shared by every instance, each instance with its own connections, on ephemeral ports.
 */
export async function startClusterStack(options: ClusterOptions): Promise<ClusterStack> {
  const dir = await tempDir('repayment-cluster');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const base = options.databaseUrl;
  const databaseUrl = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  const channelPrefix = `repayment-graphql-test-${randomBytes(4).toString('hex')}:`;
  const simulatorLog: SimulatorLogLine[] = [];
  const simulator = await startSimulator({
    home: path.join(dir.path, 'sandbox'),
    port: 0,
    settleDelayMs: null,
    callbackIntervalScale: 0.001,
    log: (line) => simulatorLog.push({ at: Date.now(), line }),
    ...options.simulator,
  });
  const wechatpay = wechatpayFromSandbox(simulator.credentials, simulator.url, 3_000);
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const instances: ClusterInstance[] = [];

  return {
    simulator,
    instances,
    schema,
    channelPrefix,
    simulatorLog,
    async startInstance(name, instanceOptions = {}) {
      // Instances are started one after the other; the first one migrates the shared schema.
      const store = await createStore(databaseUrl);
      const redis = createRedisTopicTarget({
        url: instanceOptions.redisUrl ?? options.redisUrl,
        log: log.child({ instance: name }),
        channelPrefix,
        // Reconnect quickly after a test cuts the connection.
        redisOptions: { retryStrategy: () => 50 },
      });
      await redis.connected();
      const app = await startApp({
        host: '127.0.0.1',
        port: 0,
        store,
        wechatpay,
        templateKinds: parseTemplateKinds('100001=CONSUMER_LOAN,100002=CASH_LOAN'),
        log: log.child({ instance: name }),
        pollIntervalMs: instanceOptions.pollIntervalMs ?? options.pollIntervalMs ?? 100,
        requestTimeoutMs: 3_000,
        eventTarget: redis,
        eventTransportCheck: () => redis.ping(),
        // Authentication is not what these tests are about: every request acts as staff.
        authenticator: { authenticate: async () => DISABLED_AUTHENTICATION },
      });
      let stopping: Promise<void> | undefined;
      const instance: ClusterInstance = {
        name,
        app,
        store,
        redis,
        graphqlUrl: `${app.url}/graphql`,
        wsUrl: `${app.url.replace(/^http/, 'ws')}/graphql`,
        stopped: false,
        stop() {
          instance.stopped = true;
          stopping ??= (async () => {
            await app.close();
            await redis.close();
            await store.close();
          })();
          return stopping;
        },
      };
      instances.push(instance);
      return instance;
    },
    async sandboxContract(notifyUrl) {
      const response = await fetch(`${simulator.url}/sandbox/contracts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contract_notify_url: notifyUrl }),
      });
      if (response.status !== 201) throw new Error(`sandbox contract: ${response.status} ${await response.text()}`);
      return (await response.json()) as SandboxContract;
    },
    async close() {
      await Promise.all(instances.map((instance) => instance.stop()));
      await simulator.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
      await dir.remove();
    },
  };
}
