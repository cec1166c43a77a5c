import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import type { DeductOrderState } from '../../src/domain/states.js';
import type { FaultRule } from '../../src/simulator/fault-rules.js';
import { loadOrCreateSandboxCredentials } from '../../src/simulator/sandbox-credentials.js';
import { wechatpayFromSandbox } from '../../src/server/wechatpay-from-config.js';
import type { WechatpayClient } from '../../src/wechatpay/index.js';
import { DeductOrderDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import {
  assertAgrees,
  assertPath,
  awaitContract,
  awaitFinalEvent,
  events,
  initiate,
  schedule,
  uniqueId,
  watchOrder,
  type Endpoint,
} from '../helpers/repayment-driver.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * SIGKILL the server at the worst moments of a repayment and start it again on the same database:
 * the simulator (its own process, so it outlives the server and keeps retrying callbacks) and the
 * server (live mode, pointed at the simulator as at WeChat Pay) are separate processes, as in
 * production. Every order must end in the state WeChat Pay has, with exactly one PAY_SUCCESS
 * transition, and a subscriber that reconnects gets the current state first.
 */

const SERVER_MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const SIMULATOR_MAIN = fileURLToPath(new URL('../../src/simulator/main.js', import.meta.url));
const DEDUCT_ORDERS = '/v3/credit-repayment/partner/deduct-orders';
const JWT_SECRET = 'crash-safety-test-secret-of-at-least-32-bytes';
const REQUEST_TIMEOUT_MS = 1_500;

interface Child {
  process: ChildProcess;
  output: string;
}

function start(main: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<Child> {
  const child: Child = { process: spawn(process.execPath, [main], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }), output: '' };
  child.process.stdout!.on('data', (chunk) => (child.output += chunk));
  child.process.stderr!.on('data', (chunk) => (child.output += chunk));
  return eventually(async () => {
    if (child.process.exitCode !== null) throw new Error(`${path.basename(main)} exited: ${child.output}`);
    return ready.test(child.output) ? child : undefined;
  }, `${main} to start; output so far: ${child.output}`, 20_000);
}

async function kill(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

describe('crash safety: SIGKILL the server mid-repayment and restart it', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let simulator: Child | undefined;
  let server: Child | undefined;
  let simulatorUrl: string;
  let serverEnv: NodeJS.ProcessEnv;
  let endpoint: Endpoint;
  let wechatpay: WechatpayClient;
  let notificationUrl: string;
  let databaseFile: string;
  let contractId: string;

  const startServer = async () => {
    server = await start(SERVER_MAIN, serverEnv, /GraphQL at/);
  };

  async function faults(rules: FaultRule[]): Promise<void> {
    const response = await fetch(`${simulatorUrl}/sandbox/faults`, {
      method: rules.length ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: rules.length ? JSON.stringify(rules) : undefined,
    });
    assert.ok(response.ok, await response.text());
  }

  async function settle(outTradeNo: string, state: 'PAY_SUCCESS' | 'PAY_FAIL'): Promise<void> {
    const response = await fetch(`${simulatorUrl}/sandbox/deduct-orders/${outTradeNo}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_state: `DEDUCT_ORDER_STATE_${state}` }),
    });
    assert.equal(response.status, 200, await response.text());
  }

  async function scheduled(outRecordId: string): Promise<void> {
    const result = await schedule(endpoint, contractId, outRecordId);
    assert.equal(result.data?.scheduleRepayment.state, 'SCHEDULED', JSON.stringify(result));
  }

  async function localOrder(outTradeNo: string) {
    const { data, errors } = await graphqlRequest(endpoint.graphqlUrl, DeductOrderDocument, { outTradeNo }, endpoint.headers);
    assert.equal(errors, undefined, JSON.stringify(errors));
    const order = data!.deductOrder!;
    return {
      outTradeNo,
      state: order.orderState as DeductOrderState,
      version: order.version,
      transactionId: order.transactionId ?? null,
      paySuccessAmount: order.paySuccessAmount === null || order.paySuccessAmount === undefined ? null : Number(order.paySuccessAmount),
    };
  }

  /** The order's callbacks as the store recorded them: a payment is applied at most once. */
  function recordedCallbacks(outTradeNo: string): { outcome: string }[] {
    const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select outcome from notifications where subject = ? and event_type = ?').all(outTradeNo, 'CREDIT_REPAYMENT.DEDUCTION_PAY') as {
        outcome: string;
      }[];
    } finally {
      db.close();
    }
  }

  /** Final, agreeing with WeChat Pay, one transition per step of an allowed path, applied once. */
  async function assertSettled(outTradeNo: string, subscriber: Awaited<ReturnType<typeof watchOrder>>, paths: DeductOrderState[][]) {
    await awaitFinalEvent(subscriber, outTradeNo, 20_000);
    const local = await localOrder(outTradeNo);
    assert.equal(local.state, 'PAY_SUCCESS');
    await assertAgrees(wechatpay, local);
    // The reconnected subscriber got the state at reconnect first, then each later one once.
    assertPath(events(subscriber), local.version, paths, outTradeNo, { tail: true });
    const applied = recordedCallbacks(outTradeNo).filter((row) => row.outcome === 'APPLIED');
    assert.ok(applied.length <= 1, `${outTradeNo}: DEDUCTION_PAY applied ${applied.length} times`);
    // A subscriber arriving now gets the current state, and only that.
    const late = await watchOrder(endpoint, outTradeNo);
    try {
      const [first] = await late.waitFor(1, 5_000);
      assert.equal(first.data!.deductOrderUpdated.orderState, 'PAY_SUCCESS');
      assert.equal(first.data!.deductOrderUpdated.version, local.version);
    } finally {
      await late.close();
    }
  }

  before(async () => {
    dir = await tempDir('crash-safety');
    const [simulatorPort, serverPort] = [await freePort(), await freePort()];
    notificationUrl = `http://127.0.0.1:${serverPort}/wechatpay/notifications`;
    const home = path.join(dir.path, 'simulator');
    simulator = await start(
      SIMULATOR_MAIN,
      {
        SIMULATOR_PORT: String(simulatorPort),
        SIMULATOR_HOME: home,
        // Orders settle when the test says so, so it can choose the moment.
        SIMULATOR_SETTLE_DELAY_MS: 'never',
        // 10 s between callback resends becomes 100 ms.
        SIMULATOR_CALLBACK_SCALE: '0.01',
        SIMULATOR_TERMINATION_NOTIFY_URL: notificationUrl,
      },
      /listening on (http:\/\/\S+)/,
    );
    simulatorUrl = /listening on (http:\/\/\S+)/.exec(simulator.output)![1];
    const sandbox = JSON.parse(await readFile(path.join(home, 'sandbox.json'), 'utf8')) as Record<string, string>;
    const credentials = await loadOrCreateSandboxCredentials(home);
    wechatpay = wechatpayFromSandbox(credentials, simulatorUrl, 5_000).client;
    databaseFile = path.join(dir.path, 'repayment.db');
    serverEnv = {
      PORT: String(serverPort),
      DATABASE_URL: `file:${databaseFile}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      WECHATPAY_MCHID: sandbox.mchid,
      WECHATPAY_MERCHANT_SERIAL: sandbox.merchant_serial_no,
      WECHATPAY_PRIVATE_KEY_FILE: path.resolve(home, sandbox.merchant_private_key_file),
      WECHATPAY_APIV3_KEY: sandbox.apiv3_key,
      WECHATPAY_PUBLIC_KEY_FILE: path.resolve(home, sandbox.wechatpay_public_key_file),
      WECHATPAY_PUBLIC_KEY_ID: sandbox.wechatpay_public_key_id,
      WECHATPAY_APPID: sandbox.appid,
      WECHATPAY_BASE_URL: simulatorUrl,
      WECHATPAY_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      POLL_INTERVAL_MS: '100',
      REPAYMENT_PLAN_TEMPLATES: '100001=CONSUMER_LOAN,100002=CASH_LOAN',
      AUTH_JWT_SECRET: JWT_SECRET,
      MUTATION_RATE_LIMIT_PER_MINUTE: '1000',
    };
    const token = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('crash-safety-test')
      .setAudience('repayment-graphql')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const headers = { authorization: `Bearer ${token}` };
    endpoint = { graphqlUrl: `http://127.0.0.1:${serverPort}/graphql`, wsUrl: `ws://127.0.0.1:${serverPort}/graphql`, headers };
    await startServer();
    assert.match(server!.output, /LIVE MODE/);

    const created = await fetch(`${simulatorUrl}/sandbox/contracts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contract_notify_url: notificationUrl }),
    });
    const body = await created.text();
    assert.equal(created.status, 201, body);
    contractId = (JSON.parse(body) as { contract_id: string }).contract_id;
    await awaitContract(endpoint, contractId);
  });

  after(async () => {
    await kill(server);
    await kill(simulator);
    await dir?.remove();
  });

  it('killed after the deduct requests left and before their answers were stored', async () => {
    // Two orders in flight at the moment of the kill: WeChat Pay created the first (its answer is
    // held back), never processed the second.
    const created = { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') };
    const lost = { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') };
    await scheduled(created.outRecordId);
    await scheduled(lost.outRecordId);
    await faults([
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'delay', delay_ms: 60_000 },
      { match: `POST ${DEDUCT_ORDERS}`, fault: 'timeout' },
    ]);
    const first = initiate(endpoint, contractId, created.outRecordId, created.outTradeNo).catch((error: Error) => error);
    await eventually(async () => (await wechatpay.deductOrders.get(created.outTradeNo).catch(() => undefined)) ?? undefined, 'the first order at WeChat Pay');
    const second = initiate(endpoint, contractId, lost.outRecordId, lost.outTradeNo).catch((error: Error) => error);
    await eventually(async () => {
      const rules = (await (await fetch(`${simulatorUrl}/sandbox/faults`)).json()) as { hits: number }[];
      return rules.every((rule) => rule.hits === 1) ? true : undefined;
    }, 'both creates to reach WeChat Pay');
    await kill(server);
    assert.ok((await first) instanceof Error, 'the first mutation never got an answer');
    assert.ok((await second) instanceof Error, 'the second mutation never got an answer');
    await faults([]);

    // While the server is down, WeChat Pay settles the first order; its callback finds nobody and is resent.
    await settle(created.outTradeNo, 'PAY_SUCCESS');
    await startServer();
    const subscribers = [await watchOrder(endpoint, created.outTradeNo), await watchOrder(endpoint, lost.outTradeNo)];
    try {
      // Both intents survived the crash.
      for (const { outTradeNo } of [created, lost]) assert.ok(await localOrder(outTradeNo));
      // The second never reached WeChat Pay: the poller finds that out and submits it again.
      await eventually(async () => ((await localOrder(lost.outTradeNo)).state === 'PENDING' ? true : undefined), 'the resubmitted order to be PENDING', 20_000);
      await settle(lost.outTradeNo, 'PAY_SUCCESS');

      await assertSettled(created.outTradeNo, subscribers[0], [
        ['SUBMITTING', 'PAY_SUCCESS'],
        ['SUBMITTING', 'PENDING', 'PAY_SUCCESS'],
      ]);
      await assertSettled(lost.outTradeNo, subscribers[1], [['SUBMITTING', 'PENDING', 'PAY_SUCCESS']]);
    } finally {
      await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    }
  });

  for (const pauseMs of [0, 5]) {
    it(`killed ${pauseMs} ms after WeChat Pay started delivering DEDUCTION_PAY`, async () => {
      const { outRecordId, outTradeNo } = { outRecordId: uniqueId('R'), outTradeNo: uniqueId('T') };
      await scheduled(outRecordId);
      const initiated = await initiate(endpoint, contractId, outRecordId, outTradeNo);
      assert.equal(initiated.data?.initiateRepayment.orderState, 'PENDING', JSON.stringify(initiated));

      // The simulator sends the callback while answering this call; the kill follows at once.
      await settle(outTradeNo, 'PAY_SUCCESS');
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await kill(server);
      await startServer();
      const subscriber = await watchOrder(endpoint, outTradeNo);
      try {
        await assertSettled(outTradeNo, subscriber, [['SUBMITTING', 'PENDING', 'PAY_SUCCESS']]);
      } finally {
        await subscriber.close();
      }
    });
  }
});
