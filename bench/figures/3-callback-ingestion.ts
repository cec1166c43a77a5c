/**
 * Figure 3, callback ingestion: verified, decrypted, stored and published DEDUCTION_PAY callbacks per
 * second (distinct orders, several concurrent senders) on the SQLite store, beside a bare node:http
 * server that only verifies and decrypts (same SDK code) and answers 204. Every acknowledged callback
 * is then checked in the store.
 */
import { ChildServer } from '../lib/child.js';
import { paidCallback } from '../lib/callbacks.js';
import { projectIngestionRound, sendCallbacks, CALLBACKS_PER_ROUND, type ProjectInfo } from '../lib/ingestion.js';
import { line, progress, writeFigure } from '../lib/report.js';
import type { PendingOrder } from '../lib/seed.js';
import { settings } from '../lib/settings.js';
import { median } from '../lib/stats.js';

const started = Date.now();
const project = await ChildServer.start<ProjectInfo>('servers/project-server.js');
const bare = await ChildServer.start<{ url: string }>('servers/bare-callback-server.js', [], {
  env: { BENCH_SANDBOX_HOME: project.info.credentials.home },
});
try {
  // The baseline stores nothing, so a pool of callbacks can be sent round-robin for a fixed time.
  const fake: PendingOrder[] = Array.from({ length: 2000 }, (_, i) => ({
    outTradeNo: `BASE${i}`,
    outRecordId: `BASER${i}`,
    contractId: `BASEC${i}`,
    openid: `oBase${i}`,
    appid: project.info.credentials.appid,
    deductAmount: 10_000,
  }));
  const pool = fake.map((order) => paidCallback(project.info.credentials, order));
  progress('warm-up');
  await sendCallbacks(bare.info.url, pool, { amount: 0, durationSeconds: settings.warmupSeconds });
  // The project warms up as long as the baseline did: rounds of fresh callbacks (each order takes
  // one) until that much load has been sent. A round of a few thousand ends before V8 has
  // optimized the longer path, and then measures the warm-up.
  for (let warmed = 0; warmed < settings.warmupSeconds; ) warmed += (await projectIngestionRound(project)).durationSeconds;

  const baseRps: number[] = [];
  const projRps: number[] = [];
  const projP99: number[] = [];
  const lost: number[] = [];
  const acked: number[] = [];
  for (let r = 0; r < settings.rounds; r++) {
    const base = await sendCallbacks(bare.info.url, pool, { amount: 0, durationSeconds: settings.durationSeconds });
    if (base.result.non2xx > 0) throw new Error(`baseline refused ${base.result.non2xx} callbacks`);
    baseRps.push(base.result.rps);
    const round = await projectIngestionRound(project);
    projRps.push(round.rps);
    projP99.push(round.p99);
    lost.push(round.ackedButNotStored);
    acked.push(round.acked);
    progress(`round ${r + 1}: baseline ${Math.round(base.result.rps)}/s, project ${Math.round(round.rps)}/s (${round.acked} acked, ${round.non2xx} non-2xx, ${round.ackedButNotStored} acked but not stored)`);
  }
  const ratio = median(projRps) / median(baseRps);
  const totalLost = lost.reduce((a, b) => a + b, 0);
  const figure = 'Callback ingestion (verify, decrypt, store, publish)';
  writeFigure({
    figure: '3',
    script: '3-callback-ingestion',
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    setup: {
      senders: settings.senders,
      callbacksPerProjectRound: CALLBACKS_PER_ROUND,
      baselineSecondsPerRound: settings.durationSeconds,
      rounds: settings.rounds,
      rowCounts: project.info.rowCounts,
      acked,
    },
    lines: [
      line({
        key: '3.rate',
        figure,
        measure: 'callbacks/s',
        rounds: projRps,
        baseline: { name: 'bare node:http verify + decrypt, 204', rounds: baseRps },
        ratio,
        target: '>= 0.5x baseline',
        met: ratio >= 0.5,
        details: { projectP99Ms: projP99 },
      }),
      line({
        key: '3.lost',
        figure,
        measure: 'acknowledged but not stored',
        rounds: lost,
        target: '0 in every round',
        met: totalLost === 0,
      }),
    ],
    notes: [],
  });
} finally {
  await Promise.all([project.stop(), bare.stop()]);
}
