import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, loadStandaloneSimulatorConfig } from '../src/config.js';

const live = {
  WECHATPAY_MCHID: '1900000001',
  WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  WECHATPAY_PRIVATE_KEY_FILE: '/etc/wechatpay/apiclient_key.pem',
  WECHATPAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
  WECHATPAY_PUBLIC_KEY_FILE: '/etc/wechatpay/pub_key.pem',
  WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
  AUTH_JWT_SECRET: 'an-hs256-secret-of-at-least-32-bytes!!',
  PUBLIC_URL: 'https://pay.example.com',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in sandbox mode with defaults when no WeChat Pay credential is set', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'sandbox');
    assert.equal(config.port, 4000);
    assert.equal(config.simulator.port, 4010);
    assert.equal(config.simulator.home, '.sandbox');
    assert.equal(config.publicUrl, 'http://127.0.0.1:4000');
    assert.equal(config.databaseUrl, 'file:data/repayment.db');
    assert.equal(config.templateKinds.get('100001'), 'CONSUMER_LOAN');
    assert.equal(config.sqliteSynchronous, 'NORMAL');
    assert.equal(config.shutdownTimeoutMs, 25_000);
    assert.equal(loadConfig({ SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownTimeoutMs, 5_000);
    assert.ok(Object.isFrozen(config));
  });

  it('makes SQLite commits durable at COMMIT in production, unless told otherwise', () => {
    const production = { ...live, NODE_ENV: 'production' };
    assert.equal(loadConfig(production).sqliteSynchronous, 'FULL');
    assert.equal(loadConfig({ ...production, SQLITE_SYNCHRONOUS: 'NORMAL' }).sqliteSynchronous, 'NORMAL');
    assert.equal(loadConfig({ SQLITE_SYNCHRONOUS: 'FULL' }).sqliteSynchronous, 'FULL');
    assert.equal(refusal({ SQLITE_SYNCHRONOUS: 'OFF' }).variable, 'SQLITE_SYNCHRONOUS');
  });

  it('lets a borrower hold 20 WebSocket connections at once, unless told otherwise', () => {
    assert.equal(loadConfig({}).wsMaxConnectionsPerBorrower, 20);
    assert.equal(loadConfig({ WS_MAX_CONNECTIONS_PER_BORROWER: '3' }).wsMaxConnectionsPerBorrower, 3);
  });

  it('allows no browser origin (CORS) unless CORS_ORIGINS lists them', () => {
    assert.deepEqual(loadConfig({}).corsOrigins, []);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins, ['https://app.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'https://app.example.com/', 'https://app.example.com/path', 'app.example.com', 'ftp://app.example.com', 'https://a.example.com,']) {
      assert.equal(refusal({ CORS_ORIGINS: bad }).variable, 'CORS_ORIGINS', bad);
    }
  });

  it('keeps serving for a drain delay after SIGTERM in production only, unless told otherwise', () => {
    const production = { ...live, NODE_ENV: 'production' };
    assert.equal(loadConfig({}).shutdownDrainDelayMs, 0);
    assert.equal(loadConfig(production).shutdownDrainDelayMs, 5_000);
    // A short shutdown deadline still starts: the default drain delay takes at most half of it.
    assert.equal(loadConfig({ ...production, SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownDrainDelayMs, 2_500);
    assert.equal(loadConfig({ ...production, SHUTDOWN_TIMEOUT_MS: '1' }).shutdownDrainDelayMs, 0);
    assert.equal(loadConfig({ ...production, SHUTDOWN_DRAIN_DELAY_MS: '0' }).shutdownDrainDelayMs, 0);
    assert.equal(loadConfig({ SHUTDOWN_DRAIN_DELAY_MS: '2500' }).shutdownDrainDelayMs, 2_500);
    // The delay is part of the shutdown deadline, so it must leave time for the drain itself.
    assert.match(refusal({ SHUTDOWN_DRAIN_DELAY_MS: '25000' }).message, /less than SHUTDOWN_TIMEOUT_MS \(25000\)/);
    assert.equal(refusal({ SHUTDOWN_TIMEOUT_MS: '3000', SHUTDOWN_DRAIN_DELAY_MS: '4000' }).variable, 'SHUTDOWN_DRAIN_DELAY_MS');
  });

  it('refuses a notify URL WeChat Pay cannot use in live mode, unless WeChat Pay is a stand-in on this machine', () => {
    const { PUBLIC_URL: _unset, ...noPublicUrl } = live;
    const noPublicUrlFor = (baseUrl: string) => ({ ...noPublicUrl, WECHATPAY_BASE_URL: baseUrl });
    assert.match(refusal(noPublicUrl).message, /^PUBLIC_URL: is required in live mode/);
    assert.match(refusal({ ...live, PUBLIC_URL: 'http://pay.example.com' }).message, /must be https/);
    assert.match(refusal({ ...live, PUBLIC_URL: 'https://127.0.0.1:4000' }).message, /not a loopback address/);
    assert.match(refusal({ ...live, PUBLIC_URL: 'https://localhost' }).message, /not a loopback address/);
    // What a URL may carry after its host is not repeated.
    for (const PUBLIC_URL of ['http://user:pw-secret@pay.example.com/pw-secret', 'https://user:pw-secret@127.0.0.1/pw-secret']) {
      assert.doesNotMatch(refusal({ ...live, PUBLIC_URL }).message, /pw-secret/);
    }
    // A name under .localhost may resolve anywhere: not "this machine".
    assert.match(refusal({ ...noPublicUrlFor('https://api.mch.weixin.qq.com.localhost') }).message, /^PUBLIC_URL: is required/);
    assert.equal(refusal({ ...noPublicUrlFor('https://api.mch.weixin.qq.com.localhost'), PUBLIC_URL: 'https://pay.example.com', AUTH_DISABLED: 'true', AUTH_JWT_SECRET: '' }).variable, 'AUTH_DISABLED');
    const longest = `https://pay.example.com/${'a'.repeat(256 - 'https://pay.example.com//wechatpay/notifications'.length)}`;
    assert.equal(loadConfig({ ...live, PUBLIC_URL: longest }).publicUrl.length + '/wechatpay/notifications'.length, 256);
    assert.match(refusal({ ...live, PUBLIC_URL: `${longest}a` }).message, /longer than WeChat Pay's 256 characters \(257\)/);
    // Live mode against the simulator (or another stand-in) on this machine: its callbacks stay local.
    const standIn = { ...noPublicUrl, WECHATPAY_BASE_URL: 'http://127.0.0.1:4010' };
    assert.equal(loadConfig(standIn).publicUrl, 'http://127.0.0.1:4000');
  });

  it('runs in live mode with a complete credential set', () => {
    const config = loadConfig({ ...live, PUBLIC_URL: 'https://pay.example.com/', PORT: '8080' });
    assert.equal(config.mode, 'live');
    assert.equal(config.wechatpay?.baseUrl, 'https://api.mch.weixin.qq.com');
    assert.equal(config.publicUrl, 'https://pay.example.com');
    assert.equal(config.port, 8080);
    assert.equal(config.templateKinds.size, 0);
  });

  it('names the variable to fix', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
      [{ PUBLIC_URL: 'https://a.example/?x=1' }, 'PUBLIC_URL'],
      [{ WECHATPAY_MCHID: '1900000001' }, 'WECHATPAY_MERCHANT_SERIAL'],
      [{ ...live, WECHATPAY_APIV3_KEY: 'short' }, 'WECHATPAY_APIV3_KEY'],
      [{ ...live, WECHATPAY_MCHID: 'abc' }, 'WECHATPAY_MCHID'],
      [{ ...live, WECHATPAY_PUBLIC_KEY_ID: 'KEY1' }, 'WECHATPAY_PUBLIC_KEY_ID'],
      [{ ...live, WECHATPAY_PUBLIC_KEY_ID: '' }, 'WECHATPAY_PUBLIC_KEY_ID'],
      [{ ...live, WECHATPAY_PUBLIC_KEY_FILE: '', WECHATPAY_PUBLIC_KEY_ID: '' }, 'WECHATPAY_PUBLIC_KEY_FILE'],
      [{ REPAYMENT_PLAN_TEMPLATES: '100001=PAYDAY' }, 'REPAYMENT_PLAN_TEMPLATES'],
      [{ SIMULATOR_SETTLE_DELAY_MS: 'soon' }, 'SIMULATOR_SETTLE_DELAY_MS'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ SHUTDOWN_TIMEOUT_MS: '0' }, 'SHUTDOWN_TIMEOUT_MS'],
      [{ SHUTDOWN_DRAIN_DELAY_MS: '-1' }, 'SHUTDOWN_DRAIN_DELAY_MS'],
      [{ SHUTDOWN_DRAIN_DELAY_MS: '1.5' }, 'SHUTDOWN_DRAIN_DELAY_MS'],
      [{ WS_MAX_CONNECTIONS_PER_BORROWER: '0' }, 'WS_MAX_CONNECTIONS_PER_BORROWER'],
      [{ WS_MAX_CONNECTIONS_PER_BORROWER: '2.5' }, 'WS_MAX_CONNECTIONS_PER_BORROWER'],
      [{ ...live, AUTH_JWT_SECRET: '' }, 'AUTH_JWT_SECRET'],
      [{ ...live, AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
      [{ ...live, AUTH_JWKS_FILE: '/etc/jwks.json' }, 'AUTH_JWKS_FILE'],
      [{ ...live, AUTH_DISABLED: 'true' }, 'AUTH_DISABLED'],
    ];
    for (const [env, variable] of cases) {
      const error = refusal(env);
      assert.equal(error.variable, variable, JSON.stringify(env));
      assert.ok(error.message.startsWith(`${variable}: `));
      assert.doesNotMatch(error.message, /abcdefghijklmnopqrstuvwxyz012345/, 'the APIv3 key is never echoed');
    }
  });

  it('refuses to start outside the sandbox without authentication, unless it is explicitly disabled', () => {
    const { AUTH_JWT_SECRET: _secret, ...noAuth } = live;
    assert.equal(refusal(noAuth).variable, 'AUTH_JWT_SECRET');
    // Disabled only for local experiments: against a WeChat Pay stand-in on this machine, never in production.
    const local = { ...noAuth, WECHATPAY_BASE_URL: 'http://127.0.0.1:4010', AUTH_DISABLED: 'true' };
    assert.deepEqual(loadConfig(local).auth, { kind: 'disabled' });
    assert.deepEqual(loadConfig({ AUTH_DISABLED: 'true' }).auth, { kind: 'disabled' });
    assert.match(refusal({ ...noAuth, AUTH_DISABLED: 'true' }).message, /^AUTH_DISABLED: is for local experiments only/);
    assert.equal(refusal({ ...local, NODE_ENV: 'production' }).variable, 'AUTH_DISABLED');
    assert.equal(refusal({ ...noAuth, NODE_ENV: 'production', AUTH_DISABLED: 'true' }).variable, 'AUTH_DISABLED');
    assert.equal(loadConfig({}).auth.kind, 'generated', 'sandbox mode makes its own secret');
    assert.equal(refusal({ ...noAuth, NODE_ENV: 'production' }).variable, 'AUTH_JWT_SECRET', 'but never in production');
    assert.equal(loadConfig({ ...noAuth, AUTH_JWT_PUBLIC_KEY_FILE: '/etc/jwt.pem' }).auth.kind, 'public-key');
  });

  it('never runs against the built-in simulator with NODE_ENV=production', () => {
    // E.g. a credential variable misspelt, or its secret not mounted, in a production deployment.
    const { WECHATPAY_MCHID: _mchid, WECHATPAY_MERCHANT_SERIAL: _serial, WECHATPAY_PRIVATE_KEY_FILE: _key, WECHATPAY_APIV3_KEY: _v3, ...rest } = live;
    const error = refusal({ ...rest, NODE_ENV: 'production', WECHATPAY_MCH_ID: '1900000001' });
    assert.equal(error.variable, 'WECHATPAY_MCHID');
    assert.match(error.message, /required with NODE_ENV=production .*simulator is not for production/);
    assert.equal(loadConfig({ ...live, NODE_ENV: 'production' }).mode, 'live');
  });

  it('takes only whole numbers within range for timers and counts (Node.js timers overflow past 2^31 - 1 ms)', () => {
    for (const name of ['WECHATPAY_TIMEOUT_MS', 'SHUTDOWN_TIMEOUT_MS', 'POLL_INTERVAL_MS', 'MUTATION_RATE_LIMIT_PER_MINUTE', 'WS_MAX_CONNECTIONS_PER_BORROWER']) {
      for (const raw of ['2500.5', '0', '-1', '1e4', 'soon']) assert.equal(refusal({ [name]: raw }).variable, name, `${name}=${raw}`);
    }
    for (const name of ['WECHATPAY_TIMEOUT_MS', 'SHUTDOWN_TIMEOUT_MS', 'POLL_INTERVAL_MS', 'SIMULATOR_SETTLE_DELAY_MS']) {
      assert.match(refusal({ [name]: '2147483648' }).message, /from \d to 2147483647, got "2147483648"/, name);
    }
    assert.equal(loadConfig({ WECHATPAY_TIMEOUT_MS: '2147483647' }).wechatpayTimeoutMs, 2_147_483_647);
    assert.equal(loadConfig({ SIMULATOR_SETTLE_DELAY_MS: '0' }).simulator.settleDelayMs, 0);
    assert.equal(loadConfig({ SIMULATOR_SETTLE_DELAY_MS: 'never' }).simulator.settleDelayMs, null);
  });

  it('refuses a DATABASE_URL that names neither PostgreSQL nor a SQLite file, without repeating it', () => {
    for (const url of ['mysql://u:secretpw@db.example.com/repay', 'postgress://u:secretpw@db/x', 'pg://u:secretpw@db/x']) {
      const error = refusal({ DATABASE_URL: url });
      assert.equal(error.variable, 'DATABASE_URL', url);
      assert.doesNotMatch(error.message, /secretpw/);
    }
    for (const url of ['postgres://db/x', 'postgresql://db/x?schema=s', 'file:data/x.db', 'sqlite://./x.db', 'data/x.db', '/abs/x.db', ':memory:']) {
      assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
    }
  });

  it('never repeats a URL it cannot parse: it may hold a password', () => {
    const error = refusal({ REDIS_URL: 'redis://:s3cr3t@redis host:6379' });
    assert.equal(error.variable, 'REDIS_URL');
    assert.doesNotMatch(error.message, /s3cr3t/);
  });

  it('sends to WeChat Pay over https only, unless it is a stand-in on this machine', () => {
    assert.equal(refusal({ ...live, WECHATPAY_BASE_URL: 'http://api.mch.weixin.qq.com' }).variable, 'WECHATPAY_BASE_URL');
    assert.equal(loadConfig({ ...live, WECHATPAY_BASE_URL: 'http://127.0.0.1:4010' }).wechatpay?.baseUrl, 'http://127.0.0.1:4010');
    assert.equal(loadConfig({ ...live, WECHATPAY_BASE_URL: 'https://api2.mch.weixin.qq.com' }).wechatpay?.baseUrl, 'https://api2.mch.weixin.qq.com');
  });

  it('builds the default PUBLIC_URL from a port and address the callbacks can reach', () => {
    assert.equal(refusal({ PORT: '0' }).variable, 'PORT');
    assert.equal(loadConfig({ PORT: '0', PUBLIC_URL: 'http://127.0.0.1:4555' }).publicUrl, 'http://127.0.0.1:4555');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).publicUrl, 'http://127.0.0.1:4000');
    assert.equal(loadConfig({ HOST: '::1' }).publicUrl, 'http://[::1]:4000');
    assert.equal(loadConfig({ HOST: '127.0.0.2' }).publicUrl, 'http://127.0.0.2:4000');
    // Plain http to another address is refused by the simulator (and by WeChat Pay): say so at start.
    assert.equal(refusal({ HOST: '10.1.2.3' }).variable, 'PUBLIC_URL');
    assert.equal(loadConfig({ HOST: '10.1.2.3', PUBLIC_URL: 'http://127.0.0.1:4000' }).host, '10.1.2.3');
  });

  it('accepts platform certificates instead of the public key', () => {
    const config = loadConfig({
      ...live,
      WECHATPAY_PUBLIC_KEY_FILE: '',
      WECHATPAY_PUBLIC_KEY_ID: '',
      WECHATPAY_PLATFORM_CERTIFICATE_FILES: '/etc/a.pem, /etc/b.pem',
    });
    assert.deepEqual(config.wechatpay?.platformCertificateFiles, ['/etc/a.pem', '/etc/b.pem']);
  });
});

describe('the standalone simulator (npm run simulator)', () => {
  it('reads its settings by the rules npm start applies to the simulator it runs', () => {
    assert.deepEqual(loadStandaloneSimulatorConfig({}), {
      port: 4010, home: '.sandbox', settleDelayMs: 1000, callbackIntervalScale: 1, contractNotifyUrl: undefined, terminationNotifyUrl: undefined,
    });
    const set = loadStandaloneSimulatorConfig({
      SIMULATOR_PORT: '4999', SIMULATOR_SETTLE_DELAY_MS: 'never', SIMULATOR_CALLBACK_SCALE: '0.01',
      SIMULATOR_CONTRACT_NOTIFY_URL: 'http://127.0.0.1:4000/wechatpay/notifications/',
    });
    assert.equal(set.port, 4999);
    assert.equal(set.settleDelayMs, null);
    assert.equal(set.callbackIntervalScale, 0.01);
    assert.equal(set.contractNotifyUrl, 'http://127.0.0.1:4000/wechatpay/notifications/', 'a whole target URL, as given');
    for (const [env, variable] of [
      [{ SIMULATOR_PORT: '1.5' }, 'SIMULATOR_PORT'],
      [{ SIMULATOR_SETTLE_DELAY_MS: '1e3' }, 'SIMULATOR_SETTLE_DELAY_MS'],
      [{ SIMULATOR_CALLBACK_SCALE: '0' }, 'SIMULATOR_CALLBACK_SCALE'],
      [{ SIMULATOR_CALLBACK_SCALE: '100000' }, 'SIMULATOR_CALLBACK_SCALE'], // 300 s × 100000 is no Node.js timer

      [{ SIMULATOR_TERMINATION_NOTIFY_URL: 'not a url' }, 'SIMULATOR_TERMINATION_NOTIFY_URL'],
    ] as const) {
      assert.throws(() => loadStandaloneSimulatorConfig(env), (error: unknown) => error instanceof ConfigError && error.variable === variable, variable);
    }
  });
});
