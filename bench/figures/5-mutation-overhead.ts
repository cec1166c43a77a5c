/**
 * Figure 5, mutation overhead: p50 of `initiateRepayment` through GraphQL minus p50 of the same
 * 发起还款 made directly with the project's WeChat Pay client (src/wechatpay) against the same
 * simulator. Sequential calls, interleaved one for one; the simulator never settles (no callbacks).
 */
import { performance } from 'node:perf_hooks';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { wechatpayFromSandbox } from '../../src/server/wechatpay-from-config.js';
import { loadOrCreateSandboxCredentials } from '../../src/simulator/sandbox-credentials.js';
import { ChildServer } from '../lib/child.js';
import type { ProjectInfo } from '../lib/ingestion.js';
import { authHeaders, INITIATE_REPAYMENT_MUTATION, REPAYMENT_CONTRACT_QUERY, SCHEDULE_REPAYMENT_MUTATION } from '../lib/operations.js';
import { line, progress, writeFigure } from '../lib/report.js';
import { settings } from '../lib/settings.js';
import { median } from '../lib/stats.js';

const PER_ROUND = Number(process.env.BENCH_MUTATIONS ?? 40);
const started = Date.now();
const project = await ChildServer.start<ProjectInfo & { simulatorUrl: string }>('servers/project-server.js');

async function graphql(query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(project.info.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

try {
  const credentials = await loadOrCreateSandboxCredentials(project.info.credentials.home);
  const direct = wechatpayFromSandbox(credentials, project.info.simulatorUrl, 10_000).client;
  // A contract signed in the simulator; the server learns of it from the SIGN_CONTRACT callback.
  const created = await fetch(`${project.info.simulatorUrl}/sandbox/contracts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contract_notify_url: project.info.notificationUrl }),
  });
  if (created.status !== 201) throw new Error(`sandbox contract: ${created.status} ${await created.text()}`);
  const contract = (await created.json()) as { contract_id: string };
  for (let i = 0; ; i++) {
    const answer = await graphql(REPAYMENT_CONTRACT_QUERY, { contractId: contract.contract_id });
    if (answer.data?.repaymentContract) break;
    if (i > 100) throw new Error(`the contract never reached the server: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const total = (settings.rounds + 1) * PER_ROUND * 2;
  progress(`scheduling ${total} reservations`);
  const run = Date.now().toString(36);
  const reservations: string[] = [];
  for (let i = 0; i < total; i++) {
    const outRecordId = `MR${run}${i}`;
    const answer = await graphql(SCHEDULE_REPAYMENT_MUTATION, {
      input: {
        contractId: contract.contract_id,
        outRecordId,
        subMchid: credentials.subMchids[0],
        repaymentAmount: '10000',
        minRepaymentAmount: '1000',
        repaymentDate: addDays(beijingDate(new Date()), 3),
      },
    });
    if (answer.errors) throw new Error(`scheduleRepayment: ${JSON.stringify(answer.errors)}`);
    reservations.push(outRecordId);
  }

  let next = 0;
  const viaGraphql = async () => {
    const outRecordId = reservations[next];
    const outTradeNo = `MT${run}${next++}`;
    const t0 = performance.now();
    const answer = await graphql(INITIATE_REPAYMENT_MUTATION, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '5000', description: '信贷还款' },
    });
    const elapsed = performance.now() - t0;
    if (answer.errors || answer.data.initiateRepayment.orderState !== 'PENDING') throw new Error(`initiateRepayment: ${JSON.stringify(answer)}`);
    return elapsed;
  };
  const viaSdk = async () => {
    const outRecordId = reservations[next];
    const outTradeNo = `MT${run}${next++}`;
    const t0 = performance.now();
    const order = await direct.deductOrders.create({
      contract_id: contract.contract_id,
      out_trade_no: outTradeNo,
      out_record_id: outRecordId,
      deduct_amount: '5000',
      notify_url: project.info.notificationUrl,
      description: '信贷还款',
    });
    const elapsed = performance.now() - t0;
    if (order.order_state !== 'DEDUCT_ORDER_STATE_PENDING') throw new Error(`create: ${JSON.stringify(order)}`);
    return elapsed;
  };

  // Warm-up round, not counted.
  for (let i = 0; i < PER_ROUND; i++) {
    await viaGraphql();
    await viaSdk();
  }
  const graphqlP50: number[] = [];
  const sdkP50: number[] = [];
  for (let r = 0; r < settings.rounds; r++) {
    const g: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < PER_ROUND; i++) {
      g.push(await viaGraphql());
      s.push(await viaSdk());
    }
    graphqlP50.push(median(g));
    sdkP50.push(median(s));
    progress(`round ${r + 1}: GraphQL p50 ${median(g).toFixed(2)} ms, SDK p50 ${median(s).toFixed(2)} ms`);
  }
  const differences = graphqlP50.map((g, i) => g - sdkP50[i]);
  writeFigure({
    figure: '5',
    script: '5-mutation-overhead',
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    setup: { callsPerRoundEach: PER_ROUND, rounds: settings.rounds, differencesMs: differences },
    lines: [
      line({
        key: '5.p50',
        figure: 'Mutation overhead (initiateRepayment)',
        measure: 'p50 ms',
        rounds: graphqlP50,
        baseline: { name: 'WeChat Pay client deductOrders.create, same simulator', rounds: sdkP50 },
        ratioLabel: 'project - baseline, ms',
        ratio: median(differences),
        target: '<= 2 ms',
        met: median(differences) <= 2,
      }),
    ],
    notes: [],
  });
} finally {
  await project.stop();
}
