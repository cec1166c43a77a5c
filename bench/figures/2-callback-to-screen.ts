/**
 * Figure 2, callback to screen: from a signed DEDUCTION_PAY callback being sent to the server until
 * the `deductOrderUpdated` frame reaches each of N graphql-ws subscribers of that order's contract,
 * N = 1, 1,000, 10,000 (p50, p99 over every subscriber of every callback of a round). Baseline: a
 * bare `ws` server broadcasting the same payload to the same number of sockets from the same client.
 * The subscribers live in this process; the server is a child process.
 */
import { performance } from 'node:perf_hooks';
import { paidCallback, type CraftedCallback } from '../lib/callbacks.js';
import { ChildServer } from '../lib/child.js';
import type { ProjectInfo } from '../lib/ingestion.js';
import { DEDUCT_ORDER_UPDATED_SUBSCRIPTION } from '../lib/operations.js';
import { line, progress, writeFigure, type FigureLine } from '../lib/report.js';
import type { PendingOrder } from '../lib/seed.js';
import { settings } from '../lib/settings.js';
import { percentileSorted } from '../lib/stats.js';
import { connectionParams, connectMany, until, type RawSubscriber } from '../lib/ws-clients.js';

const STEPS = (process.env.BENCH_STEPS ?? `1,1000,${settings.maxSubscribers}`).split(',').map(Number);
/** Callbacks per round at each N: more where each gives few samples. */
const CALLBACKS = (n: number) => (n === 1 ? 20 : n <= 1000 ? 5 : 1);

interface Percentiles {
  p50: number[];
  p99: number[];
  callbacks: number;
}

interface Target {
  wsUrl: string;
  notificationUrl: string;
  nextCallback(): CraftedCallback;
}

const started = Date.now();
const contractId = `SCR${Date.now().toString(36)}`;
const results: Record<string, Record<number, Percentiles>> = { project: {}, bare: {} };
let payload = '';
/** Frames never received (their socket was closed by the server), by kind and N. */
const missed: Record<string, Record<number, number>> = { project: {}, bare: {} };

async function measure(kind: 'project' | 'bare', target: Target): Promise<void> {
  const subscribers: RawSubscriber[] = [];
  let received = 0;
  const subscribe = (subscriber: RawSubscriber, index: number) => {
    subscriber.onNext = () => received++;
    subscriber.subscribe(`s${index}`, { query: DEDUCT_ORDER_UPDATED_SUBSCRIPTION, variables: { contractId } });
  };
  const deliver = async (): Promise<number[]> => {
    for (const subscriber of subscribers) subscriber.arrivals.length = 0;
    const expected = received + subscribers.length;
    const callback = target.nextCallback();
    const t0 = performance.now();
    const response = await fetch(target.notificationUrl, { method: 'POST', headers: callback.headers, body: callback.body });
    await response.arrayBuffer();
    if (response.status !== 204) throw new Error(`${kind}: callback answered ${response.status}`);
    // A subscriber whose socket the server closed will never get its frame: counted, not awaited.
    const open = () => subscribers.reduce((sum, s) => sum + (s.closed && s.arrivals.length === 0 ? 0 : 1), 0);
    let openNow = subscribers.length;
    await until(
      () => received >= expected - (subscribers.length - (openNow = open())),
      180_000,
      () => `${kind}: frames for ${subscribers.length} subscribers (got ${received - expected + subscribers.length}, ${subscribers.length - openNow} sockets closed)`,
    );
    const latencies = subscribers.filter((s) => s.arrivals.length > 0).map((subscriber) => subscriber.arrivals[0] - t0);
    missed[kind][subscribers.length] = (missed[kind][subscribers.length] ?? 0) + (subscribers.length - latencies.length);
    return latencies;
  };
  for (const n of STEPS) {
    const more = n - subscribers.length;
    progress(`${kind}: connecting ${more} subscribers (total ${n}) at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const offset = subscribers.length;
    subscribers.push(...(await connectMany(target.wsUrl, more, (s, i) => subscribe(s, offset + i), { connectionParams: connectionParams() })));
    // A callback that every subscriber receives proves every subscription is live (and warms up).
    progress(`${kind}: connected at ${((Date.now() - started) / 1000).toFixed(1)} s; warm-up callback`);
    await deliver();
    progress(`${kind}: warm-up delivered at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (kind === 'project' && !payload) payload = JSON.parse(subscribers[0].lastFrame).payload;
    const errors = subscribers.reduce((sum, s) => sum + s.errors, 0);
    if (errors > 0) throw new Error(`${kind}: ${errors} subscription errors, e.g. ${subscribers.find((s) => s.errors)!.lastFrame}`);
    const rounds: Percentiles = { p50: [], p99: [], callbacks: CALLBACKS(n) };
    for (let r = 0; r < settings.rounds; r++) {
      const samples: number[] = [];
      for (let c = 0; c < CALLBACKS(n); c++) samples.push(...(await deliver()));
      const sorted = Float64Array.from(samples).sort();
      rounds.p50.push(percentileSorted(sorted, 50));
      rounds.p99.push(percentileSorted(sorted, 99));
    }
    progress(`${kind} N=${n}: p50 ${rounds.p50.map((v) => v.toFixed(1)).join('/')} ms, p99 ${rounds.p99.map((v) => v.toFixed(1)).join('/')} ms`);
    results[kind][n] = rounds;
  }
  for (const subscriber of subscribers) subscriber.close();
}

// The project first: its frame is the payload the bare broadcast sends.
const project = await ChildServer.start<ProjectInfo>('servers/project-server.js');
try {
  const needed = STEPS.reduce((sum, n) => sum + 1 + settings.rounds * CALLBACKS(n), 0);
  const orders = await project.request<PendingOrder[]>('seedPending', { count: needed, contractId, openid: `oScreen${contractId}` });
  let next = 0;
  await measure('project', {
    wsUrl: project.info.graphqlUrl.replace(/^http/, 'ws'),
    notificationUrl: project.info.notificationUrl,
    nextCallback: () => paidCallback(project.info.credentials, orders[next++]),
  });
} finally {
  await project.stop();
}
// Let the closed sockets settle before the baseline's connections.
await new Promise((resolve) => setTimeout(resolve, 1000));
const bare = await ChildServer.start<{ wsUrl: string; notificationUrl: string }>('servers/bare-ws-server.js');
try {
  await bare.request('setPayload', payload);
  const dummy = { body: '{}', headers: { 'content-type': 'application/json' }, id: '', outTradeNo: '' };
  await measure('bare', { wsUrl: bare.info.wsUrl, notificationUrl: bare.info.notificationUrl, nextCallback: () => dummy });
} finally {
  await bare.stop();
}

const targets: Record<number, number> = { 1000: 25, 10000: 150 };
const lines: FigureLine[] = [];
for (const n of STEPS) {
  const figure = `Callback to screen, N = ${n.toLocaleString('en-US')} subscribers`;
  const p = results.project[n];
  const b = results.bare[n];
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)];
  lines.push(
    line({
      key: `2.n${n}.p50`,
      figure,
      measure: 'p50 ms',
      rounds: p.p50,
      baseline: { name: 'bare ws broadcast', rounds: b.p50 },
      ratio: median(p.p50) / median(b.p50),
      details: { framesNeverReceived: { project: missed.project[n] ?? 0, bare: missed.bare[n] ?? 0 } },
    }),
    line({
      key: `2.n${n}.p99`,
      figure,
      measure: 'p99 ms',
      rounds: p.p99,
      baseline: { name: 'bare ws broadcast', rounds: b.p99 },
      ratio: median(p.p99) / median(b.p99),
      ...(targets[n] ? { target: `p99 <= ${targets[n]} ms, no frame lost`, met: median(p.p99) <= targets[n] && !missed.project[n] } : {}),
    }),
  );
}
writeFigure({
  figure: '2',
  script: '2-callback-to-screen',
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  setup: { steps: STEPS, callbacksPerRound: Object.fromEntries(STEPS.map((n) => [n, CALLBACKS(n)])), rounds: settings.rounds },
  lines,
  notes: [
    ...STEPS.filter((n) => missed.project[n] || missed.bare[n]).map(
      (n) => `N = ${n}: frames never received (socket closed by the server): project ${missed.project[n] ?? 0}, bare ${missed.bare[n] ?? 0}`,
    ),
    'Latency is measured in the client process from just before the callback POST to each frame arrival; the client handles every frame in one event loop, and so does the baseline.',
  ],
});
