/**
 * The only reader of `process.env`: one typed, frozen configuration object, validated at start.
 * A missing or malformed setting stops the start with a message naming the variable to fix.
 */
import { parseTemplateKinds, type TemplateKind } from './domain/template-kind.js';
import { isLoopbackHost } from './loopback-host.js';
import { NOTIFICATION_PATH } from './notification-path.js';
import { storeDialectOf } from './store/database-url.js';
import type { SqliteSynchronous } from './store/sqlite/sqlite-pragmas.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** Credentials for real WeChat Pay. Absent in sandbox mode, where the simulator provides them. */
export interface WechatpayConfig {
  baseUrl: string;
  mchid: string;
  merchantSerialNo: string;
  privateKeyFile: string;
  apiV3Key: string;
  /** WeChat Pay public key mode (recommended): the key file and its `PUB_KEY_ID_…`. */
  publicKeyFile?: string;
  publicKeyId?: string;
  /** Platform certificate mode: PEM files whose serials WeChat Pay names in `Wechatpay-Serial`. */
  platformCertificateFiles: string[];
  /** The service provider's AppID, the default `appid` of presigns. */
  appid?: string;
}

/** How bearer tokens are checked. `generated`: sandbox only, a random secret made at start. */
export type AuthConfig =
  | { kind: 'hs256'; secret: string; issuer?: string; audience: string }
  | { kind: 'public-key'; publicKeyFile: string; issuer?: string; audience: string }
  | { kind: 'jwks'; jwksFile: string; issuer?: string; audience: string }
  | { kind: 'generated'; audience: string }
  | { kind: 'disabled' };

export interface Config {
  mode: 'sandbox' | 'live';
  /** NODE_ENV=production: no introspection, no landing page. */
  production: boolean;
  auth: AuthConfig;
  /** Mutations one viewer may send per minute. */
  mutationRateLimitPerMinute: number;
  /** graphql-ws connections one borrower may hold at once on an instance. */
  wsMaxConnectionsPerBorrower: number;
  /** Browser origins allowed to call /graphql (CORS_ORIGINS); none by default. */
  corsOrigins: string[];
  host: string;
  port: number;
  /** Where WeChat Pay reaches us; notify URLs are built from it. Defaults to http://127.0.0.1:PORT. */
  publicUrl: string;
  databaseUrl: string;
  /**
   * SQLite's `synchronous`: FULL (a COMMIT is on disk before anything is acknowledged) in
   * production, NORMAL (survives a process crash, not a power loss) elsewhere.
   */
  sqliteSynchronous: SqliteSynchronous;
  redisUrl?: string;
  logLevel: string;
  wechatpay?: WechatpayConfig;
  /** Template kind (consumer loan / cash loan) per plan_id, for the min-repayment rule. */
  templateKinds: ReadonlyMap<string, TemplateKind>;
  simulator: {
    port: number;
    home: string;
    settleDelayMs: number | null;
    callbackIntervalScale: number;
  };
  /** How often the poller looks for orders that are not final, and the request timeout. */
  pollIntervalMs: number;
  wechatpayTimeoutMs: number;
  /**
   * How long a graceful stop (SIGTERM, SIGINT) may take before the process exits anyway (code 1).
   * Under Kubernetes' default 30 s grace period, so the log says why rather than a SIGKILL.
   */
  shutdownTimeoutMs: number;
  /**
   * After SIGTERM, how long the instance keeps serving while `/readyz` says 503 before it stops
   * accepting: a load balancer (Kubernetes' endpoints) takes a few seconds to stop sending it new
   * requests, and a listener closed before then refuses them. Part of `shutdownTimeoutMs`.
   */
  shutdownDrainDelayMs: number;
}

type Env = Record<string, string | undefined>;

const WECHATPAY_VARIABLES = [
  'WECHATPAY_MCHID',
  'WECHATPAY_MERCHANT_SERIAL',
  'WECHATPAY_PRIVATE_KEY_FILE',
  'WECHATPAY_APIV3_KEY',
] as const;

/** Template kinds of the simulator's sandbox plans (it creates these two). */
const SANDBOX_TEMPLATE_KINDS = '100001=CONSUMER_LOAN,100002=CASH_LOAN';

/** A variable's trimmed value; unset and blank are both undefined. */
function readerOf(env: Env): (name: string) => string | undefined {
  return (name) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const read = readerOf(env);
  const port = readPort(read, 'PORT', 4000);
  const mode = WECHATPAY_VARIABLES.some((name) => read(name) !== undefined) ? 'live' : 'sandbox';
  const production = read('NODE_ENV') === 'production';
  if (production && mode === 'sandbox') {
    // A credential missing or misspelt in a production deployment must not start against the simulator.
    throw new ConfigError(
      'WECHATPAY_MCHID',
      `is required with NODE_ENV=production (with ${WECHATPAY_VARIABLES.slice(1).join(', ')}): the built-in simulator is not for production`,
    );
  }
  const host = read('HOST') ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0');
  const publicHost = localAddressOf(host);
  if (read('PUBLIC_URL') === undefined) {
    if (port === 0) throw new ConfigError('PORT', 'may be 0 (any free port) only with PUBLIC_URL set: notify URLs are built from the port');
    // The default PUBLIC_URL is plain http, which only a WeChat Pay stand-in on this machine calls.
    if (publicHost === undefined) throw new ConfigError('PUBLIC_URL', `is required when HOST names an address other than loopback or any ("${host}")`);
  }
  const config: Config = {
    mode,
    production,

    host,
    port,
    publicUrl: readUrl(read, 'PUBLIC_URL') ?? `http://${publicHost}:${port}`,
    databaseUrl: readDatabaseUrl(read),
    sqliteSynchronous: readSqliteSynchronous(read),
    redisUrl: readUrl(read, 'REDIS_URL'),
    logLevel: readEnum(read, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    wechatpay: mode === 'live' ? readWechatpay(read) : undefined,
    auth: readAuth(read, mode),
    mutationRateLimitPerMinute: readWholeNumber(read, 'MUTATION_RATE_LIMIT_PER_MINUTE', 60, COUNT),
    wsMaxConnectionsPerBorrower: readWholeNumber(read, 'WS_MAX_CONNECTIONS_PER_BORROWER', 20, COUNT),
    corsOrigins: readOrigins(read, 'CORS_ORIGINS'),
    templateKinds: readTemplateKinds(read, mode),
    simulator: readSimulator(read),
    pollIntervalMs: readWholeNumber(read, 'POLL_INTERVAL_MS', 1000, TIMER_MS),
    wechatpayTimeoutMs: readWholeNumber(read, 'WECHATPAY_TIMEOUT_MS', 10_000, TIMER_MS),
    shutdownTimeoutMs: readWholeNumber(read, 'SHUTDOWN_TIMEOUT_MS', 25_000, TIMER_MS),
    shutdownDrainDelayMs: 0, // below: its default depends on shutdownTimeoutMs
  };
  if (config.wechatpay) checkReachableNotifyUrl(config.publicUrl, config.wechatpay.baseUrl, read('PUBLIC_URL') !== undefined);
  if (config.auth.kind === 'disabled' && (production || (config.wechatpay && !isLoopbackHost(new URL(config.wechatpay.baseUrl).hostname)))) {
    // Every request would act as staff, where real users or real money are.
    throw new ConfigError('AUTH_DISABLED', 'is for local experiments only: refused with NODE_ENV=production or against a WeChat Pay that is not on this machine');
  }
  // Unset: 5 s in production, but never more than half the shutdown deadline, so a deployment
  // with a short SHUTDOWN_TIMEOUT_MS still starts. Only a value given explicitly can be refused.
  const drainDefault = production ? Math.min(5_000, Math.floor(config.shutdownTimeoutMs / 2)) : 0;
  config.shutdownDrainDelayMs = readWholeNumber(read, 'SHUTDOWN_DRAIN_DELAY_MS', drainDefault, { ...TIMER_MS, min: 0 });
  if (config.shutdownDrainDelayMs >= config.shutdownTimeoutMs) {
    throw new ConfigError(
      'SHUTDOWN_DRAIN_DELAY_MS',
      `must be less than SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs}), which it is part of; got ${config.shutdownDrainDelayMs}`,
    );
  }
  return Object.freeze(config);
}

function readSimulator(read: (name: string) => string | undefined): Config['simulator'] {
  return {
    port: readPort(read, 'SIMULATOR_PORT', 4010),
    home: read('SIMULATOR_HOME') ?? '.sandbox',
    settleDelayMs: readSettleDelay(read),
    // The longest retry interval (300 s) scaled must stay a Node.js timer (a longer one fires at once).
    callbackIntervalScale: readPositiveNumber(read, 'SIMULATOR_CALLBACK_SCALE', 1, 1000),
  };
}

/**
 * The settings of the simulator run on its own (`npm run simulator`): the same four, by the same
 * rules, as `npm start` reads for the one it runs, plus where sandbox-created contracts and
 * terminations send their callbacks (none by default). Throws ConfigError.
 */
export function loadStandaloneSimulatorConfig(env: Env = process.env): Config['simulator'] & {
  contractNotifyUrl: string | undefined;
  terminationNotifyUrl: string | undefined;
} {
  const read = readerOf(env);
  return {
    ...readSimulator(read),
    // Whole target URLs, used as given: a trailing slash may matter to the receiver.
    contractNotifyUrl: readUrl(read, 'SIMULATOR_CONTRACT_NOTIFY_URL', { asGiven: true }),
    terminationNotifyUrl: readUrl(read, 'SIMULATOR_TERMINATION_NOTIFY_URL', { asGiven: true }),
  };
}

/** SQLITE_SYNCHRONOUS, or its default: FULL with NODE_ENV=production, NORMAL otherwise. */
export function readSqliteSynchronous(read: (name: string) => string | undefined = readerOf(process.env)): SqliteSynchronous {
  return readEnum(read, 'SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'], read('NODE_ENV') === 'production' ? 'FULL' : 'NORMAL');
}

/**
 * Notify URLs must be HTTPS, reachable by WeChat Pay, without a query string and at most 256
 * characters (§3.1 contract_notify_url string(256), §5.4): one that is not is refused at presign
 * or, worse, accepted with callbacks that never arrive. Checked whenever WeChat Pay is not a
 * stand-in on this machine (WECHATPAY_BASE_URL on a loopback host, as in local tests).
 */
function checkReachableNotifyUrl(publicUrl: string, wechatpayBaseUrl: string, publicUrlSet: boolean): void {
  if (isLoopbackHost(new URL(wechatpayBaseUrl).hostname)) return;
  if (!publicUrlSet) {
    throw new ConfigError('PUBLIC_URL', 'is required in live mode: the public HTTPS address where WeChat Pay sends callbacks');
  }
  const url = new URL(publicUrl);
  // Only the scheme and host are repeated: the rest of a URL may carry a password.
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', `must be https:// in live mode (WeChat Pay sends callbacks over HTTPS only), got "${shown}…"`);
  if (isLoopbackHost(url.hostname)) throw new ConfigError('PUBLIC_URL', `must be reachable by WeChat Pay, not a loopback address, got "${shown}…"`);
  if (publicUrl.length + NOTIFICATION_PATH.length > 256) {
    throw new ConfigError('PUBLIC_URL', `makes notify URLs longer than WeChat Pay's 256 characters (${publicUrl.length + NOTIFICATION_PATH.length})`);
  }
}


function readWechatpay(read: (name: string) => string | undefined): WechatpayConfig {
  for (const name of WECHATPAY_VARIABLES) {
    if (!read(name)) {
      throw new ConfigError(name, 'is required when any WECHATPAY_* credential is set (unset them all for sandbox mode)');
    }
  }
  const mchid = read('WECHATPAY_MCHID')!;
  if (!/^\d{1,32}$/.test(mchid)) throw new ConfigError('WECHATPAY_MCHID', 'must be the digits of your merchant number');
  const merchantSerialNo = read('WECHATPAY_MERCHANT_SERIAL')!;
  if (!/^[0-9A-Fa-f]{8,64}$/.test(merchantSerialNo)) {
    throw new ConfigError('WECHATPAY_MERCHANT_SERIAL', 'must be the hex serial number of your merchant API certificate');
  }
  const apiV3Key = read('WECHATPAY_APIV3_KEY')!;
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) {
    throw new ConfigError('WECHATPAY_APIV3_KEY', 'must be the 32-character APIv3 key set on the merchant platform');
  }
  const publicKeyFile = read('WECHATPAY_PUBLIC_KEY_FILE');
  const publicKeyId = read('WECHATPAY_PUBLIC_KEY_ID');
  const platformCertificateFiles = (read('WECHATPAY_PLATFORM_CERTIFICATE_FILES') ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  if (Boolean(publicKeyFile) !== Boolean(publicKeyId)) {
    throw new ConfigError(
      publicKeyFile ? 'WECHATPAY_PUBLIC_KEY_ID' : 'WECHATPAY_PUBLIC_KEY_FILE',
      'WECHATPAY_PUBLIC_KEY_FILE and WECHATPAY_PUBLIC_KEY_ID go together',
    );
  }
  if (publicKeyId && !/^PUB_KEY_ID_\d+$/.test(publicKeyId)) {
    throw new ConfigError('WECHATPAY_PUBLIC_KEY_ID', 'must look like PUB_KEY_ID_0114232134912410000000000000');
  }
  if (!publicKeyFile && platformCertificateFiles.length === 0) {
    throw new ConfigError(
      'WECHATPAY_PUBLIC_KEY_FILE',
      'set the WeChat Pay public key (with WECHATPAY_PUBLIC_KEY_ID) or WECHATPAY_PLATFORM_CERTIFICATE_FILES',
    );
  }
  const baseUrl = readUrl(read, 'WECHATPAY_BASE_URL') ?? 'https://api.mch.weixin.qq.com';
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && !isLoopbackHost(base.hostname)) {
    // Requests carry openids, contract ids and amounts; plain http only to a stand-in on this machine.
    throw new ConfigError('WECHATPAY_BASE_URL', 'must be https:// (plain http:// only to a loopback host, such as a local simulator)');
  }
  return {
    baseUrl,
    mchid,
    merchantSerialNo: merchantSerialNo.toUpperCase(),
    privateKeyFile: read('WECHATPAY_PRIVATE_KEY_FILE')!,
    apiV3Key,
    publicKeyFile,
    publicKeyId,
    platformCertificateFiles,
    appid: read('WECHATPAY_APPID'),
  };
}

const AUTH_VARIABLES = ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWKS_FILE'] as const;

function readAuth(read: (name: string) => string | undefined, mode: Config['mode']): AuthConfig {
  const disabled = readEnum(read, 'AUTH_DISABLED', ['true', 'false'], 'false') === 'true';
  const given = AUTH_VARIABLES.filter((name) => read(name) !== undefined);
  if (disabled) {
    if (given.length > 0) throw new ConfigError('AUTH_DISABLED', `cannot be true while ${given.join(', ')} is set`);
    return { kind: 'disabled' };
  }
  if (given.length > 1) throw new ConfigError(given[1], `set only one of ${AUTH_VARIABLES.join(', ')}`);
  const audience = read('AUTH_AUDIENCE') ?? 'repayment-graphql';
  const issuer = read('AUTH_ISSUER');
  const secret = read('AUTH_JWT_SECRET');
  if (secret !== undefined) {
    // HS256 with a short secret can be brute-forced offline from any token.
    if (Buffer.byteLength(secret, 'utf8') < 32) throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 bytes');
    return { kind: 'hs256', secret, issuer, audience };
  }
  const publicKeyFile = read('AUTH_JWT_PUBLIC_KEY_FILE');
  if (publicKeyFile !== undefined) return { kind: 'public-key', publicKeyFile, issuer, audience };
  const jwksFile = read('AUTH_JWKS_FILE');
  if (jwksFile !== undefined) return { kind: 'jwks', jwksFile, issuer, audience };
  // Sandbox mode is never production (loadConfig refuses that before this).
  if (mode === 'sandbox') return { kind: 'generated', audience };
  // Outside the sandbox (so always in production) there is no default secret: a server with no auth would serve anyone.
  throw new ConfigError(
    'AUTH_JWT_SECRET',
    'authentication is required outside sandbox mode and in production: set AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWKS_FILE (or AUTH_DISABLED=true, not for production)',
  );
}

function readTemplateKinds(read: (name: string) => string | undefined, mode: Config['mode']) {
  const spec = read('REPAYMENT_PLAN_TEMPLATES') ?? (mode === 'sandbox' ? SANDBOX_TEMPLATE_KINDS : '');
  try {
    return parseTemplateKinds(spec);
  } catch (error) {
    throw new ConfigError('REPAYMENT_PLAN_TEMPLATES', (error as Error).message);
  }
}

function readPort(read: (name: string) => string | undefined, name: string, fallback: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new ConfigError(name, `must be a port number 0..65535, got "${raw}"`);
  return port;
}

/** A base URL (trailing slashes dropped, paths are appended to it), or with `asGiven` a whole one. */
function readUrl(read: (name: string) => string | undefined, name: string, options: { asGiven?: boolean } = {}): string | undefined {
  const raw = read(name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not repeated: a URL may carry a password (redis://:secret@host).
    throw new ConfigError(name, 'must be an absolute URL (scheme://host…)');
  }
  if (url.search || url.hash) throw new ConfigError(name, 'must not have a query string or fragment');
  return options.asGiven ? raw : raw.replace(/\/+$/, '');
}

/** Comma-separated origins, each exactly as a browser sends it: scheme://host[:port], nothing after. */
function readOrigins(read: (name: string) => string | undefined, name: string): string[] {
  const raw = read(name);
  if (raw === undefined) return [];
  return raw.split(',').map((item) => {
    const origin = item.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // refused below
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== origin) {
      throw new ConfigError(name, `must list origins such as https://app.example.com (scheme and host, no path or trailing slash), separated by commas; got "${origin}"`);
    }
    return origin;
  });
}

function readPositiveNumber(read: (name: string) => string | undefined, name: string, fallback: number, max = Number.MAX_VALUE): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new ConfigError(name, `must be a positive number${max < Number.MAX_VALUE ? ` up to ${max}` : ''}, got "${raw}"`);
  }
  return value;
}

/** The longest delay a Node.js timer takes (2^31 - 1 ms, ~24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
const TIMER_MS = { min: 1, max: MAX_TIMER_MS, unit: 'milliseconds' } as const;
const COUNT = { min: 1, max: Number.MAX_SAFE_INTEGER, unit: 'a count' } as const;

/** A whole number within `min`..`max`: fractions, signs, exponents and overflowing timers are refused. */
function readWholeNumber(
  read: (name: string) => string | undefined,
  name: string,
  fallback: number,
  range: { min: number; max: number; unit: string },
): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < range.min || value > range.max) {
    throw new ConfigError(name, `must be a whole number (${range.unit}) from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

function readSettleDelay(read: (name: string) => string | undefined): number | null {
  if (read('SIMULATOR_SETTLE_DELAY_MS') === 'never') return null;
  return readWholeNumber(read, 'SIMULATOR_SETTLE_DELAY_MS', 1000, { min: 0, max: MAX_TIMER_MS, unit: 'milliseconds, or "never"' });
}

function readDatabaseUrl(read: (name: string) => string | undefined): string {
  const url = read('DATABASE_URL') ?? 'file:data/repayment.db';
  if (storeDialectOf(url) === undefined) {
    // Not repeated: it may hold a password.
    throw new ConfigError('DATABASE_URL', 'must be postgres://… or postgresql://… (PostgreSQL), or file:…, sqlite:… or a path (a SQLite file)');
  }
  return url;
}

/** The loopback address this machine reaches a server listening on `host` at; undefined when it listens on another address only. */
function localAddressOf(host: string): string | undefined {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return isLoopbackHost(bracketed.toLowerCase()) ? bracketed : undefined;
}

function readEnum<T extends string>(
  read: (name: string) => string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = read(name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}
