/**
 * Figure 6, growth: figures 1 (query requests/s) and 3 (callback ingestion rate) for the project with
 * 10x and 100x the rows of the 1x store (every table multiplied), each size in a fresh server,
 * compared with the 1x store measured in the same run.
 */
import { ChildServer } from '../lib/child.js';
import { projectIngestionRound, type ProjectInfo } from '../lib/ingestion.js';
import { checkClean, deductOrderBody, queryLoad, queryOnce } from '../lib/query-load.js';
import { line, progress, writeFigure, type FigureLine } from '../lib/report.js';
import { settings } from '../lib/settings.js';
import { median } from '../lib/stats.js';

const FACTORS = [1, 10, 100];
const DURATION = Number(process.env.BENCH_GROWTH_DURATION ?? 3);
const CALLBACKS = Number(process.env.BENCH_GROWTH_CALLBACKS ?? 1500);
const started = Date.now();
const query: Record<number, number[]> = {};
const ingest: Record<number, number[]> = {};
const rows: Record<number, Record<string, number>> = {};

for (const factor of FACTORS) {
  const t = Date.now();
  const project = await ChildServer.start<ProjectInfo>('servers/project-server.js', [], {
    env: { BENCH_ROW_FACTOR: String(factor), BENCH_BASE_ROWS: String(settings.baseRows) },
    readyTimeoutMs: 300_000,
  });
  try {
    rows[factor] = project.info.rowCounts;
    progress(`${factor}x: ${JSON.stringify(project.info.rowCounts)} ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const body = deductOrderBody(project.info.sampleOutTradeNo);
    await queryOnce(project.info.graphqlUrl, body);
    await queryLoad(project.info.graphqlUrl, body, settings.warmupSeconds);
    await projectIngestionRound(project, 300);
    query[factor] = [];
    ingest[factor] = [];
    for (let r = 0; r < settings.rounds; r++) {
      const q = await queryLoad(project.info.graphqlUrl, body, DURATION);
      checkClean(q, `query at ${factor}x`);
      query[factor].push(q.rps);
      const i = await projectIngestionRound(project, CALLBACKS);
      if (i.ackedButNotStored > 0) throw new Error(`${i.ackedButNotStored} acknowledged callbacks not stored at ${factor}x`);
      ingest[factor].push(i.rps);
    }
    progress(`${factor}x: query ${query[factor].map(Math.round).join('/')} req/s, ingestion ${ingest[factor].map(Math.round).join('/')} /s`);
  } finally {
    await project.stop();
  }
}

const lines: FigureLine[] = [];
for (const factor of FACTORS.slice(1)) {
  for (const [key, name, data, unit] of [
    ['query', 'Growth: figure 1 query', query, 'requests/s'],
    ['ingest', 'Growth: figure 3 ingestion', ingest, 'callbacks/s'],
  ] as const) {
    const ratio = median(data[factor]) / median(data[1]);
    lines.push(
      line({
        key: `6.${key}.x${factor}`,
        figure: `${name} at ${factor}x rows`,
        measure: unit,
        rounds: data[factor],
        baseline: { name: `same at 1x rows (${settings.baseRows.toLocaleString('en-US')} per table)`, rounds: data[1] },
        ratio,
        target: '>= 0.8 (falls by at most 20%)',
        met: ratio >= 0.8,
      }),
    );
  }
}
writeFigure({
  figure: '6',
  script: '6-growth',
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  setup: { rowCounts: rows, queryDurationSeconds: DURATION, callbacksPerRound: CALLBACKS, rounds: settings.rounds },
  lines,
  notes: [],
});
