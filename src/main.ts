/**
 * `npm start`. With WeChat Pay credentials configured, serves against WeChat Pay; without any, runs
 * in sandbox mode: starts the simulator in-process and wires the client to it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createAuthenticator } from './auth/authenticator.js';
import { generateSandboxSecret, mintToken } from './auth/sandbox-tokens.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { reasonOf } from './error-reason.js';
import { createLogger, type Logger } from './logger.js';
import { createRedisTopicTarget, type RedisTopicTarget } from './pubsub/redis-event-target.js';
import { NOTIFICATION_PATH, startApp, type RunningApp } from './server/start-app.js';
import { wechatpayFromConfig, wechatpayFromSandbox, type WechatpayWiring } from './server/wechatpay-from-config.js';
import { startSimulator, type RunningSimulator } from './simulator/server.js';
import { createStore } from './store/create-store.js';

async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  // Everything that reads files (key files, the database) comes first: a bad key file stops the
  // start with a ConfigError, a database that cannot be opened with a StartupError, before the
  // simulator or the server listens on anything.
  const sandboxSecret = config.auth.kind === 'generated' ? generateSandboxSecret() : undefined;
  const authenticator = await createAuthenticator(config.auth, sandboxSecret);
  let wechatpay: WechatpayWiring | undefined = config.mode === 'live' ? await wechatpayFromConfig(config) : undefined;
  const store = await openStore(config);
  let simulator: RunningSimulator | undefined;
  if (!wechatpay) {
    simulator = await portOf('SIMULATOR_PORT', config.simulator.port, startSimulator({
      home: config.simulator.home,
      port: config.simulator.port,
      settleDelayMs: config.simulator.settleDelayMs,
      callbackIntervalScale: config.simulator.callbackIntervalScale,
      defaultContractNotifyUrl: `${config.publicUrl}${NOTIFICATION_PATH}`,
      // Stands for the termination URL registered with the template on the partner platform.
      terminationNotifyUrl: `${config.publicUrl}${NOTIFICATION_PATH}`,
      log: (line) => log.debug({ component: 'simulator' }, line),
    }));
    wechatpay = wechatpayFromSandbox(simulator.credentials, simulator.url, config.wechatpayTimeoutMs);
  }
  // Several instances share events through Redis; one instance alone keeps them in process.
  const redis: RedisTopicTarget | undefined = config.redisUrl ? createRedisTopicTarget({ url: config.redisUrl, log }) : undefined;
  if (redis) {
    // Not fatal: state lives in the store, and /readyz reports the missing pub/sub until it connects.
    await redis.connected().catch((error: Error) => log.warn({ err: error.message }, 'starting without redis'));
  }
  const app = await portOf('PORT', config.port, startApp({
    host: config.host,
    port: config.port,
    publicUrl: config.publicUrl,
    store,
    wechatpay,
    templateKinds: config.templateKinds,
    log,
    pollIntervalMs: config.pollIntervalMs,
    requestTimeoutMs: config.wechatpayTimeoutMs,
    eventTarget: redis,
    eventTransportCheck: redis ? () => redis.ping() : undefined,
    authenticator,
    production: config.production,
    mutationRateLimitPerMinute: config.mutationRateLimitPerMinute,
    wsMaxConnectionsPerBorrower: config.wsMaxConnectionsPerBorrower,
    corsOrigins: config.corsOrigins,
  }));
  announce(log, config, app, simulator);
  await announceAuth(log, config, sandboxSecret);
  installShutdown(log, config, app, async () => {
    await app.close();
    await redis?.close();
    await store.close();
    await simulator?.close();
  });
}

/** A port already taken is a setting to change, named as such (most often: a first server still runs). */
async function portOf<T>(variable: string, port: number, starting: Promise<T>): Promise<T> {
  try {
    return await starting;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new ConfigError(variable, `port ${port} is already in use (is another server still running?)`);
  }
}

function announce(log: Logger, config: Config, app: RunningApp, simulator: RunningSimulator | undefined): void {
  if (simulator) {
    log.info(
      { simulator: simulator.url, home: config.simulator.home, mchid: simulator.credentials.mchid },
      `SANDBOX MODE: no WeChat Pay credentials are set, so requests go to the built-in simulator at ${simulator.url}, not to WeChat Pay`,
    );
  } else {
    log.info({ wechatpay: config.wechatpay!.baseUrl, mchid: config.wechatpay!.mchid }, 'LIVE MODE: requests go to WeChat Pay');
  }
  log.info(
    { graphql: `${app.url}/graphql`, subscriptions: `${app.url.replace(/^http/, 'ws')}/graphql`, notifications: app.notificationUrl },
    `GraphQL at ${app.url}/graphql`,
  );
}

/** Sandbox: short-lived demo tokens, so the walk-through needs no identity provider. Never outside the sandbox. */
const SANDBOX_DEMO_OPENID = 'oSandboxDemoUser0000000000000';

async function announceAuth(log: Logger, config: Config, sandboxSecret: Uint8Array | undefined): Promise<void> {
  if (config.auth.kind === 'disabled') {
    log.warn('AUTHENTICATION IS DISABLED (AUTH_DISABLED=true): every request acts as staff. Never run like this in production.');
    return;
  }
  if (config.auth.kind !== 'generated' || !sandboxSecret) return;
  const options = { audience: config.auth.audience, expiresIn: '12h' };
  const staff = await mintToken(sandboxSecret, { sub: 'sandbox-staff', role: 'staff' }, options);
  const user = await mintToken(sandboxSecret, { sub: 'sandbox-user', role: 'user', openid: SANDBOX_DEMO_OPENID }, options);
  log.info(
    { staffToken: staff, userToken: user, userOpenid: SANDBOX_DEMO_OPENID, expiresIn: '12h' },
    'sandbox tokens (valid 12 h, for this run only): send "Authorization: Bearer <token>"',
  );
}

/**
 * One graceful stop per process, bounded by SHUTDOWN_TIMEOUT_MS: a part that does not finish (a
 * database that stopped answering, a WeChat Pay call still waiting) must not keep the process
 * half-stopped. What it leaves undone is crash-safe: order intents are stored before they are
 * sent, and the poller resolves them after a restart. It starts with SHUTDOWN_DRAIN_DELAY_MS of
 * serving as usual while `/readyz` says 503, so the load balancer stops sending new requests
 * before the listener closes. A second signal does not cut it short: `npm start` in a terminal
 * gets Ctrl-C twice (from the terminal and from npm).
 */
function installShutdown(
  log: Logger,
  config: Pick<Config, 'shutdownTimeoutMs' | 'shutdownDrainDelayMs'>,
  app: Pick<RunningApp, 'beginDraining'>,
  shutdown: () => Promise<void>,
): void {
  const { shutdownTimeoutMs: timeoutMs, shutdownDrainDelayMs: drainDelayMs } = config;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, timeoutMs, drainDelayMs }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs }, `shutdown did not finish within ${timeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    app.beginDraining();
    delay(drainDelayMs)
      .then(shutdown)
      .then(() => process.exit(0))
      .catch((error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** A start stopped by something outside the settings' form, said in one line (no stack trace). */
class StartupError extends Error {}

async function openStore(config: Readonly<Config>) {
  try {
    return await createStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  } catch (error) {
    // Not the URL: it may carry a password. Drivers' messages name a host and port or a path.
    throw new StartupError(`cannot open the database DATABASE_URL names: ${reasonOf(error)}`);
  }
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof StartupError ? `cannot start: ${error.message}` : error,
  );
  process.exit(error instanceof ConfigError ? 78 : 1); // EX_CONFIG, as for a malformed setting
});
