import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { createStore } from '../../src/store/create-store.js';
import {
  DeductOrderDocument,
  DeductOrderUpdatedDocument,
  InitiateRepaymentDocument,
  RepaymentContractDocument,
  ScheduleRepaymentDocument,
  type DeductOrderUpdatedSubscription,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

/** The entry point as `npm start` runs it: a separate process, sandbox mode, no credentials. */
interface SandboxProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  graphqlUrl: string;
  simulatorUrl: string;
  dir: Awaited<ReturnType<typeof tempDir>>;
  /** Authorization header with the staff token it printed. */
  staff(): { authorization: string };
  /** The tokens it printed for this run. */
  tokens(): { staffToken: string; userToken: string };
}

async function startSandboxProcess(extraEnv: NodeJS.ProcessEnv = {}): Promise<SandboxProcess> {
  const dir = await tempDir('npm-start');
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_HOME: path.join(dir.path, '.sandbox'),
    DATABASE_URL: `file:${path.join(dir.path, 'data', 'repayment.db')}`,
    ...extraEnv,
  };
  let output = '';
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await eventually(async () => (output.includes('GraphQL at') ? true : undefined), `the server to start; output so far: ${output}`, 20_000);
  const tokens = () => {
    const line = output.split('\n').find((text) => text.includes('"staffToken"'));
    assert.ok(line, 'a log line with the sandbox tokens');
    return JSON.parse(line!) as { staffToken: string; userToken: string };
  };
  return {
    child,
    output: () => output,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    dir,
    tokens,
    staff: () => ({ authorization: `Bearer ${tokens().staffToken}` }),
  };
}

async function stopSandboxProcess(sandbox: SandboxProcess | undefined): Promise<void> {
  if (!sandbox) return;
  if (sandbox.child.exitCode === null) sandbox.child.kill('SIGKILL');
  await sandbox.dir.remove();
}

/** A contract signed in the simulator, once its SIGN_CONTRACT callback has reached the server. */
async function signedContract(sandbox: SandboxProcess): Promise<{ contract_id: string }> {
  const created = await fetch(`${sandbox.simulatorUrl}/sandbox/contracts`, { method: 'POST' });
  assert.equal(created.status, 201);
  const contract = (await created.json()) as { contract_id: string };
  await eventually(async () => {
    const { data } = await graphqlRequest(sandbox.graphqlUrl, RepaymentContractDocument, { contractId: contract.contract_id }, sandbox.staff());
    return data?.repaymentContract ?? undefined;
  }, 'SIGN_CONTRACT to reach the default notification route');
  return contract;
}

/** A reservation for `contractId`, scheduled through GraphQL. */
async function scheduledReservation(sandbox: SandboxProcess, contractId: string, repaymentAmount: string): Promise<string> {
  const outRecordId = `R${Date.now()}`;
  const scheduled = await graphqlRequest(sandbox.graphqlUrl, ScheduleRepaymentDocument, {
    input: {
      contractId,
      outRecordId,
      subMchid: '1900000109',
      repaymentAmount,
      minRepaymentAmount: '1000',
      repaymentDate: addDays(beijingDate(new Date()), 7),
    },
  }, sandbox.staff());
  assert.equal(scheduled.data?.scheduleRepayment.state, 'SCHEDULED', JSON.stringify(scheduled.errors));
  return outRecordId;
}

describe('npm start in sandbox mode', () => {
  let sandbox: SandboxProcess;
  let child: ChildProcess;
  let graphqlUrl: string;
  let simulatorUrl: string;
  let dir: SandboxProcess['dir'];
  const tokens = () => sandbox.tokens();
  const staff = () => sandbox.staff();

  before(async () => {
    sandbox = await startSandboxProcess();
    ({ child, graphqlUrl, simulatorUrl, dir } = sandbox);
  });
  after(() => stopSandboxProcess(sandbox));

  it('says plainly that it is in sandbox mode, with both URLs, and never logs the keys', async () => {
    const output = sandbox.output();
    const firstLines = output.split('\n').slice(0, 3).join('\n');
    assert.match(firstLines, /SANDBOX MODE/);
    assert.ok(firstLines.includes(simulatorUrl), firstLines);
    assert.ok(output.includes(graphqlUrl), output);
    assert.doesNotMatch(output, /PRIVATE KEY/);
    assert.ok(!output.includes(JSON.parse(await readFile(path.join(dir.path, '.sandbox', 'sandbox.json'), 'utf8')).apiv3_key), 'no APIv3 key in logs');
  });

  it('prints a staff and a user token that the server accepts, and refuses requests without one', async () => {
    const anonymous = await graphqlRequest(graphqlUrl, DeductOrderDocument, { outTradeNo: 'X123456' }, {});
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    const { userToken } = tokens();
    const asUser = await graphqlRequest(graphqlUrl, DeductOrderDocument, { outTradeNo: 'X123456' }, { authorization: `Bearer ${userToken}` });
    assert.equal(asUser.errors?.[0].extensions?.code, 'NOT_FOUND');
  });

  it('runs the whole flow from a curl-created contract to PAY_SUCCESS, then stops cleanly on SIGTERM', async () => {
    const contract = await signedContract(sandbox);
    const outTradeNo = `S${Date.now()}`;
    const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(graphqlUrl.replace('http', 'ws'), staff()).subscribe(
      DeductOrderUpdatedDocument,
      { outTradeNo },
    );
    await subscriber.connected();
    const outRecordId = await scheduledReservation(sandbox, contract.contract_id, '20000');
    const initiated = await graphqlRequest(graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '20000', description: '信贷还款' },
    }, staff());
    assert.equal(initiated.data?.initiateRepayment.orderState, 'PENDING', JSON.stringify(initiated.errors));
    const events = await subscriber.waitFor(2, 15_000);
    assert.deepEqual(
      events.map((event) => event.data!.deductOrderUpdated.orderState),
      ['PENDING', 'PAY_SUCCESS'],
    );
    const { data } = await graphqlRequest(graphqlUrl, DeductOrderDocument, { outTradeNo }, staff());
    assert.equal(data?.deductOrder?.orderState, 'PAY_SUCCESS');
    assert.ok(data?.deductOrder?.transactionId);
    await subscriber.close();

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('npm start, stopped while a WeChat Pay call hangs', () => {
  let sandbox: SandboxProcess | undefined;
  after(() => stopSandboxProcess(sandbox));

  it('exits after SHUTDOWN_TIMEOUT_MS with code 1 and says why; the order intent is kept for the poller', async () => {
    sandbox = await startSandboxProcess({ SHUTDOWN_TIMEOUT_MS: '1500', WECHATPAY_TIMEOUT_MS: '60000' });
    const contract = await signedContract(sandbox);
    const outRecordId = await scheduledReservation(sandbox, contract.contract_id, '20000');
    // WeChat Pay takes the order and never answers: the mutation waits (up to its 60 s timeout).
    const faults = await fetch(`${sandbox.simulatorUrl}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ match: 'POST /v3/credit-repayment/partner/deduct-orders', fault: 'timeout', process: true }]),
    });
    assert.equal(faults.status, 200, await faults.text());
    const outTradeNo = `H${Date.now()}`;
    const hanging = graphqlRequest(sandbox.graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '20000', description: '信贷还款' },
    }, sandbox.staff()).catch((error: unknown) => error);
    await eventually(async () => {
      const rules = (await (await fetch(`${sandbox!.simulatorUrl}/sandbox/faults`)).json()) as { hits: number }[];
      return rules[0]?.hits === 1 ? true : undefined;
    }, 'the create to reach WeChat Pay');

    const exited = new Promise<number | null>((resolve) => sandbox!.child.once('exit', (code) => resolve(code)));
    const stoppedAt = Date.now();
    sandbox.child.kill('SIGTERM');
    assert.equal(await exited, 1);
    const tookMs = Date.now() - stoppedAt;
    // Without the deadline, Apollo's drain alone waits 10 s before it cuts the request off.
    assert.ok(tookMs >= 1_400 && tookMs < 6_000, `exited after ${tookMs} ms`);
    assert.match(sandbox.output(), /shutdown did not finish within 1500 ms; exiting anyway/);
    await hanging;
    // What the stop left undone is on disk for the next start: the intent, in doubt until the poller asks.
    const store = await createStore(`file:${path.join(sandbox.dir.path, 'data', 'repayment.db')}`);
    try {
      assert.equal((await store.deductOrders.get(outTradeNo))?.state, 'SUBMITTING');
    } finally {
      await store.close();
    }
  });
});

describe('npm start, stopped with a drain delay', () => {
  let sandbox: SandboxProcess | undefined;
  after(() => stopSandboxProcess(sandbox));

  it('says 503 on /readyz at once after SIGTERM, serves GraphQL until the delay is over, then exits 0', async () => {
    sandbox = await startSandboxProcess({ SHUTDOWN_DRAIN_DELAY_MS: '2000' });
    const readyz = sandbox.graphqlUrl.replace(/\/graphql$/, '/readyz');
    assert.equal((await fetch(readyz)).status, 200);

    const exited = new Promise<number | null>((resolve) => sandbox!.child.once('exit', (code) => resolve(code)));
    const stoppedAt = Date.now();
    sandbox.child.kill('SIGTERM');
    await eventually(async () => ((await fetch(readyz)).status === 503 ? true : undefined), '/readyz to say draining');
    const draining = await fetch(readyz);
    assert.deepEqual(await draining.json(), { status: 'draining' });
    // A load balancer that has not yet seen the 503 still sends requests: they are served.
    const { errors } = await graphqlRequest(sandbox.graphqlUrl, DeductOrderDocument, { outTradeNo: 'X123456' }, sandbox.staff());
    assert.equal(errors?.[0]?.extensions?.code, 'NOT_FOUND', 'the resolver answered');
    assert.ok(Date.now() - stoppedAt < 2_000, 'the checks above ran within the delay');

    assert.equal(await exited, 0);
    const tookMs = Date.now() - stoppedAt;
    assert.ok(tookMs >= 1_900, `exited after ${tookMs} ms, before the drain delay was over`);
  });
});

describe('npm start with a malformed setting', () => {
  it('stops with a message naming the variable', async () => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 78);
    assert.match(stderr, /PORT: must be a port number/);
  });

  for (const variable of ['PORT', 'SIMULATOR_PORT'] as const) {
    it(`names ${variable} when its port is taken, without a stack trace`, async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const takenPort = (taken.address() as AddressInfo).port;
      const dir = await tempDir('port-taken');
      try {
        const ports = { PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), [variable]: String(takenPort) };
        const env = { PATH: process.env.PATH, ...ports, SIMULATOR_HOME: path.join(dir.path, '.sandbox'), DATABASE_URL: `file:${path.join(dir.path, 'r.db')}` };
        const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        let stdout = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        child.stdout!.on('data', (chunk) => (stdout += chunk));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        assert.equal(code, 78, stderr);
        assert.equal(stderr.trim(), `configuration error: ${variable}: port ${takenPort} is already in use (is another server still running?)`);
        // Nor an error line with a stack in the log before it (the WebSocket server re-emits listen's error).
        assert.doesNotMatch(stdout, /EADDRINUSE|"level":50/, stdout);
      } finally {
        taken.close();
        await dir.remove();
      }
    });
  }
});

describe('npm start with a database it cannot open', () => {
  it('says so in one line naming DATABASE_URL, without a stack trace or the password, and exits 1', async () => {
    const dir = await tempDir('bad-database');
    try {
      // A SQLite file under a plain file, and a PostgreSQL server nobody runs.
      await writeFile(path.join(dir.path, 'plain-file'), '');
      for (const DATABASE_URL of [`file:${path.join(dir.path, 'plain-file', 'r.db')}`, `postgres://someone:pw-secret@127.0.0.1:${await freePort()}/db`]) {
        const env = { PATH: process.env.PATH, PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), SIMULATOR_HOME: path.join(dir.path, '.sandbox'), DATABASE_URL };
        const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        assert.equal(code, 1, stderr);
        assert.match(stderr.trim(), /^cannot start: cannot open the database DATABASE_URL names: \S.*$/, stderr);
        assert.doesNotMatch(stderr, /pw-secret|\n\s+at /, stderr);
      }
    } finally {
      await dir.remove();
    }
  });
});

describe('npm start with a bad key file', () => {
  const exists = (target: string) => access(target).then(() => true, () => false);

  for (const problem of ['missing', 'Ed25519'] as const) {
    it(`stops with exit 78 naming AUTH_JWT_PUBLIC_KEY_FILE (${problem}) before the simulator starts or anything listens`, async () => {
      // The simulator's port is taken: were the simulator started first, the start would fail naming SIMULATOR_PORT.
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const dir = await tempDir('bad-key-file');
      try {
        const keyFile = path.join(dir.path, problem === 'missing' ? 'nonexistent.pem' : 'ed25519.pem');
        const ed25519 = String(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
        if (problem === 'Ed25519') await writeFile(keyFile, ed25519);
        const port = await freePort();
        const env = {
          PATH: process.env.PATH,
          PORT: String(port),
          SIMULATOR_PORT: String((taken.address() as AddressInfo).port),
          SIMULATOR_HOME: path.join(dir.path, '.sandbox'),
          DATABASE_URL: `file:${path.join(dir.path, 'data', 'repayment.db')}`,
          AUTH_JWT_PUBLIC_KEY_FILE: keyFile,
        };
        const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let [stdout, stderr] = ['', ''];
        child.stdout!.on('data', (chunk) => (stdout += chunk));
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        assert.equal(code, 78, stderr);
        const reason = problem === 'missing' ? 'cannot read .*: ENOENT' : 'the key in .* is a key of type ed25519';
        assert.match(stderr, new RegExp(`^configuration error: AUTH_JWT_PUBLIC_KEY_FILE: ${reason}[^\n]*\n$`));
        assert.ok(stderr.includes(keyFile), stderr);
        assert.ok(!stderr.includes(ed25519.split('\n')[1]), 'no key material');
        assert.equal(stdout, '', 'nothing logged: nothing started');
        // The simulator never started (it creates its home first), the database was never opened,
        // and the server's port is still free.
        assert.equal(await exists(env.SIMULATOR_HOME), false, 'the simulator created its home');
        assert.equal(await exists(path.join(dir.path, 'data')), false, 'the database was opened');
        const probe = createServer();
        await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
        await new Promise((resolve) => probe.close(resolve));
      } finally {
        taken.close();
        await dir.remove();
      }
    });
  }
});
