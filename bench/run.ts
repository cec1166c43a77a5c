/**
 * `npm run bench`: every figure script in a fresh process, one after the other, then
 * bench/results.json and the results table of BENCHMARKS.md (between its markers; the rest of the
 * file, the analysis, is left as written). `node dist/bench/run.js 1 3` runs figures 1 and 3 only.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine } from './lib/machine.js';
import { BENCH_SRC_DIR, FIGURE_OUT_DIR, REPO_ROOT, benchScript } from './lib/paths.js';
import { formatSummary, type FigureLine, type FigureResult } from './lib/report.js';

const FIGURES = ['1-query-overhead', '2-callback-to-screen', '3-callback-ingestion', '4-subscription-memory', '5-mutation-overhead', '6-growth'];
const only = process.argv.slice(2);
const selected = FIGURES.filter((name) => only.length === 0 || only.includes(name.split('-')[0]));
const started = Date.now();
const machine = describeMachine();
console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, open files ${machine.openFilesLimit}`);
if (Number(machine.openFilesLimit) < 10_500) console.log('warning: the open-files limit is below what 10,000 subscribers need (raise it with ulimit -n)');

rmSync(FIGURE_OUT_DIR, { recursive: true, force: true });
const failures: Record<string, string> = {};
for (const name of selected) {
  const t = Date.now();
  console.log(`\n== ${name}`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [benchScript(`figures/${name}.js`)], { stdio: 'inherit' });
    child.on('close', (status) => resolve(status ?? 1));
  });
  console.log(`   (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  if (code !== 0) failures[name] = `exited with ${code}`;
}

const fresh: FigureResult[] = existsSync(FIGURE_OUT_DIR)
  ? readdirSync(FIGURE_OUT_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => JSON.parse(readFileSync(path.join(FIGURE_OUT_DIR, file), 'utf8')) as FigureResult)
  : [];
rmSync(FIGURE_OUT_DIR, { recursive: true, force: true });
// A partial run (`run.js 4 6`) replaces only its figures in the previous results.
const resultsFile = path.join(BENCH_SRC_DIR, 'results.json');
const previous: FigureResult[] =
  only.length > 0 && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')).figures as FigureResult[]) : [];
const figures = [...previous.filter((p) => !fresh.some((f) => f.script === p.script)), ...fresh].sort((a, b) => a.script.localeCompare(b.script));
const totalSeconds = (Date.now() - started) / 1000;
const authentication = String(figures.find((f) => f.setup.authentication)?.setup.authentication ?? 'unknown');
const results = { generatedAt: new Date().toISOString(), totalSeconds, machine, authentication, failures, figures };
writeFileSync(resultsFile, `${JSON.stringify({ ...results, partialRun: only.length > 0 ? only : undefined }, null, 2)}\n`);
writeTable(results);
console.log(`\nbench finished in ${totalSeconds.toFixed(0)} s; wrote bench/results.json and BENCHMARKS.md`);
if (Object.keys(failures).length > 0) {
  console.log(`failed: ${JSON.stringify(failures)}`);
  process.exitCode = 1;
}

function writeTable(r: typeof results): void {
  const START = '<!-- bench:results:start -->';
  const END = '<!-- bench:results:end -->';
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = r.figures.flatMap((figure) =>
    figure.lines.map((l: FigureLine) =>
      [
        l.key,
        cell(`${l.figure}: ${l.measure}`),
        formatSummary(l.project),
        l.baseline ? cell(`${l.baseline.name}: ${formatSummary(l.baseline.summary)}`) : '',
        l.ratio === undefined ? '' : `${Number(l.ratio.toPrecision(3))} (${cell(l.ratioLabel ?? 'project / baseline')})`,
        l.target ? `${cell(l.target)}: **${l.met ? 'met' : 'MISSED'}**` : '',
      ].join(' | '),
    ),
  );
  const table = [
    START,
    `Run of ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(r.totalSeconds)} s in all${only.length > 0 ? ` (figures ${only.join(', ')} only; the others from the previous run)` : ''}. Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB RAM, Node ${r.machine.node} (${r.machine.platform}, kernel ${r.machine.kernel}, open files ${r.machine.openFilesLimit}). Authentication: ${r.authentication}.`,
    '',
    'Each cell: median (min, max, rounds).',
    '',
    '| key | figure: measure | project | baseline (same run) | ratio | target |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    ...(Object.keys(r.failures).length > 0 ? ['', `Failed scripts: ${Object.entries(r.failures).map(([k, v]) => `${k} (${v})`).join(', ')}`] : []),
    END,
  ].join('\n');
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const next = current.includes(START) && current.includes(END)
    ? current.slice(0, current.indexOf(START)) + table + current.slice(current.indexOf(END) + END.length)
    : `${current.trimEnd()}\n\n${table}\n`;
  writeFileSync(file, next);
}
