/**
 * Figure 1, query overhead: requests/s and p99 of `deductOrder(outTradeNo) { … contract { … }
 * reservation { … } }` served by the full server from SQLite, beside (a) bare node:http + graphql-js
 * with a cached document and static resolvers and (b) Apollo Server 5's standalone server with static
 * resolvers (the floor). All three are separate processes; rounds are interleaved.
 */
import { isDeepStrictEqual } from 'node:util';
import { ChildServer } from '../lib/child.js';
import { line, progress, writeFigure } from '../lib/report.js';
import { measureCpu } from '../lib/process-cpu.js';
import { checkClean, deductOrderBody, queryLoad, queryOnce } from '../lib/query-load.js';
import { settings } from '../lib/settings.js';
import { median } from '../lib/stats.js';

interface ProjectInfo {
  graphqlUrl: string;
  sampleOutTradeNo: string;
  rowCounts: Record<string, number>;
}

const started = Date.now();
const project = await ChildServer.start<ProjectInfo>('servers/project-server.js');
const children: ChildServer<{ url: string }>[] = [];
try {
  const body = deductOrderBody(project.info.sampleOutTradeNo);
  const answer = await queryOnce(project.info.graphqlUrl, body);
  const staticData = JSON.stringify(answer.data.deductOrder);
  const bare = await ChildServer.start<{ url: string }>('servers/bare-graphql-server.js', [], { env: { BENCH_STATIC_DATA: staticData } });
  const apollo = await ChildServer.start<{ url: string }>('servers/apollo-standalone-server.js', [], { env: { BENCH_STATIC_DATA: staticData } });
  children.push(bare, apollo);
  for (const [name, url] of [['bare', bare.info.url], ['apollo', apollo.info.url]] as const) {
    const other = await queryOnce(url, body);
    if (!isDeepStrictEqual(other, answer)) throw new Error(`${name} baseline answers differently: ${JSON.stringify(other).slice(0, 300)}`);
  }

  const targets = [
    { name: 'bare', url: bare.info.url, pid: bare.process.pid },
    { name: 'apollo', url: apollo.info.url, pid: apollo.process.pid },
    { name: 'project', url: project.info.graphqlUrl, pid: project.process.pid },
  ];
  progress(`warm-up ${settings.warmupSeconds} s each`);
  for (const target of targets) await queryLoad(target.url, body, settings.warmupSeconds);

  const rps: Record<string, number[]> = { bare: [], apollo: [], project: [] };
  const p99: Record<string, number[]> = { bare: [], apollo: [], project: [] };
  /** Server CPU µs per answered request (all of the server process's threads). */
  const cpu: Record<string, number[]> = { bare: [], apollo: [], project: [] };
  const statements: number[] = [];
  for (let r = 0; r < settings.rounds; r++) {
    for (const target of targets) {
      const before = target.name === 'project' ? await project.request<number>('statementCount') : 0;
      const { result, cpuMicros } = await measureCpu(target.pid, () => queryLoad(target.url, body));
      checkClean(result, target.name);
      if (cpuMicros !== undefined) cpu[target.name].push(cpuMicros / result.count2xx);
      if (target.name === 'project') statements.push(((await project.request<number>('statementCount')) - before) / result.count2xx);
      rps[target.name].push(result.rps);
      p99[target.name].push(result.p99);
      const cpuText = cpuMicros === undefined ? '' : `, ${Math.round(cpuMicros / result.count2xx)} µs CPU/request`;
      progress(`round ${r + 1} ${target.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms${cpuText}`);
    }
  }

  const ratio = (a: number[], b: number[]) => median(a) / median(b);
  const figure = 'Query overhead (deductOrder + contract + reservation)';
  writeFigure({
    figure: '1',
    script: '1-query-overhead',
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    setup: {
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      rounds: settings.rounds,
      rowCounts: project.info.rowCounts,
      authentication: process.env.BENCH_BEARER_TOKEN
        ? 'on: every request and connection_init carries a staff JWT (HS256) that the server verifies'
        : 'off: this tree has no src/auth (issue 6), requests are unauthenticated',
      sqlStatementsPerRequest: statements,
    },
    lines: [
      line({
        key: '1.rps',
        figure,
        measure: 'requests/s',
        rounds: rps.project,
        baseline: { name: 'node:http + graphql-js execute, cached document, static resolvers', rounds: rps.bare },
        ratio: ratio(rps.project, rps.bare),
        target: '>= 0.5x baseline',
        met: ratio(rps.project, rps.bare) >= 0.5,
      }),
      line({
        key: '1.floor',
        figure,
        measure: 'requests/s',
        rounds: rps.project,
        baseline: { name: 'Apollo Server 5 startStandaloneServer, static resolvers', rounds: rps.apollo },
        ratio: ratio(rps.project, rps.apollo),
        target: '>= 1.0x (floor: no slower than Apollo standalone)',
        met: ratio(rps.project, rps.apollo) >= 1,
      }),
      line({
        key: '1.p99',
        figure,
        measure: 'p99 latency ms',
        rounds: p99.project,
        baseline: { name: 'node:http + graphql-js (same run)', rounds: p99.bare },
        ratio: ratio(p99.project, p99.bare),
        details: { apolloStandaloneP99: p99.apollo },
      }),
      // No target: where throughput is noisy, what each request costs the server is steadier.
      ...(cpu.project.length === 0
        ? []
        : [
            line({
              key: '1.cpu',
              figure,
              measure: 'server CPU µs per request',
              rounds: cpu.project,
              baseline: { name: 'Apollo Server 5 startStandaloneServer, static resolvers', rounds: cpu.apollo },
              ratio: ratio(cpu.project, cpu.apollo),
              details: { bareCpuMicrosPerRequest: cpu.bare },
            }),
          ]),
    ],
    notes: [
      `Apollo standalone / bare baseline throughput: ${ratio(rps.apollo, rps.bare).toFixed(2)} (the issue measured about 1/2.2 = 0.45 elsewhere)`,
      `SQL statements per request: ${statements.map((s) => s.toFixed(2)).join(', ')}`,
      ...(cpu.bare.length === 0 ? [] : [`Bare baseline server CPU µs per request: ${cpu.bare.map((c) => c.toFixed(0)).join(', ')}`]),
    ],
  });
} finally {
  await Promise.all([project.stop(), ...children.map((child) => child.stop())]);
}
