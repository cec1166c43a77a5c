/**
 * Figure 4, memory: resident memory per idle subscription at 10,000 subscriptions. Each subscriber
 * watches its own PENDING order (`deductOrderUpdated(outTradeNo)`), receives the order's current
 * state, then stays idle. RSS of the server process alone (clients live here), after GC, minus
 * its RSS before; a fresh server per round. Baseline: the bare ws server holding the same sockets
 * and one subscription id each.
 */
import { ChildServer } from '../lib/child.js';
import type { ProjectInfo } from '../lib/ingestion.js';
import { DEDUCT_ORDER_UPDATED_SUBSCRIPTION } from '../lib/operations.js';
import { line, progress, writeFigure } from '../lib/report.js';
import type { PendingOrder } from '../lib/seed.js';
import { settings } from '../lib/settings.js';
import { median } from '../lib/stats.js';
import { connectionParams, connectMany, until } from '../lib/ws-clients.js';

const N = settings.maxSubscribers;
const ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? settings.rounds);
/** The bare server's figure varies by a few percent at most: fewer rounds keep the run under 10 minutes. */
const BASELINE_ROUNDS = Number(process.env.BENCH_MEMORY_BASELINE_ROUNDS ?? Math.min(2, ROUNDS));
const started = Date.now();
type Memory = NodeJS.MemoryUsage & { gcExposed: boolean };

async function round(kind: 'project' | 'bare'): Promise<{ perSubscriptionKB: number; heapPerSubscriptionKB: number }> {
  const server =
    kind === 'project'
      ? await ChildServer.start<ProjectInfo>('servers/project-server.js', [], { execArgv: ['--expose-gc'] })
      : await ChildServer.start<{ wsUrl: string }>('servers/bare-ws-server.js', [], { execArgv: ['--expose-gc'] });
  try {
    const wsUrl = kind === 'project' ? (server.info as ProjectInfo).graphqlUrl.replace(/^http/, 'ws') : (server.info as { wsUrl: string }).wsUrl;
    const orders = kind === 'project' ? await server.request<PendingOrder[]>('seedPending', { count: N }) : [];
    // Warm the server up (one subscriber in, out) so the "before" includes code already loaded.
    const [warm] = await connectMany(wsUrl, 1, (s) => s.subscribe('w', { query: DEDUCT_ORDER_UPDATED_SUBSCRIPTION, variables: { outTradeNo: orders[0]?.outTradeNo ?? 'W' } }), { connectionParams: connectionParams() });
    if (kind === 'project') await until(() => warm.arrivals.length > 0, 10_000, 'warm-up subscription');
    warm.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await server.request<Memory>('memory');
    const subscribers = await connectMany(
      wsUrl,
      N,
      (s, i) => s.subscribe(`s${i}`, { query: DEDUCT_ORDER_UPDATED_SUBSCRIPTION, variables: { outTradeNo: orders[i]?.outTradeNo ?? `X${i}` } }),
      { connectionParams: connectionParams() },
    );
    // The project answers each subscription with the order's current state: then it is surely live.
    if (kind === 'project') await until(() => subscribers.every((s) => s.arrivals.length > 0 || s.errors > 0), 120_000, 'initial frames');
    const errors = subscribers.filter((s) => s.errors > 0);
    if (errors.length > 0) throw new Error(`${errors.length} subscriptions failed, e.g. ${errors[0].lastFrame}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await server.request<Memory>('memory');
    for (const s of subscribers) s.close();
    const result = {
      perSubscriptionKB: (after.rss - before.rss) / N / 1024,
      heapPerSubscriptionKB: (after.heapUsed - before.heapUsed) / N / 1024,
    };
    progress(`${kind}: RSS ${Math.round(before.rss / 2 ** 20)} → ${Math.round(after.rss / 2 ** 20)} MiB, ${result.perSubscriptionKB.toFixed(1)} KB per subscription (heap ${result.heapPerSubscriptionKB.toFixed(1)} KB)`);
    return result;
  } finally {
    await server.stop();
    // Let the client side's sockets go before the next round opens 10,000 more.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const project: { perSubscriptionKB: number; heapPerSubscriptionKB: number }[] = [];
const bare: { perSubscriptionKB: number; heapPerSubscriptionKB: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  project.push(await round('project'));
  if (r < BASELINE_ROUNDS) bare.push(await round('bare'));
}
const projectKB = project.map((r) => r.perSubscriptionKB);
const bareKB = bare.map((r) => r.perSubscriptionKB);
writeFigure({
  figure: '4',
  script: '4-subscription-memory',
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  setup: { subscriptions: N, rounds: ROUNDS, baselineRounds: BASELINE_ROUNDS, gc: 'global.gc() twice before each reading (--expose-gc)' },
  lines: [
    line({
      key: '4.rss',
      figure: `Memory per idle subscription at ${N.toLocaleString('en-US')}`,
      measure: 'RSS KB per subscription',
      rounds: projectKB,
      baseline: { name: 'bare ws server, same sockets', rounds: bareKB },
      ratio: median(projectKB) / median(bareKB),
      target: '<= 30 KB',
      met: median(projectKB) <= 30,
      details: { projectHeapKB: project.map((r) => r.heapPerSubscriptionKB), bareHeapKB: bare.map((r) => r.heapPerSubscriptionKB) },
    }),
  ],
  notes: [],
});
