import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIGURE_OUT_DIR } from './paths.js';
import { round, summarize, type Summary } from './stats.js';

/** One printed line: a measure of the project beside its baseline, over several rounds. */
export interface FigureLine {
  /** Stable key, e.g. `2.n1000.p99`. */
  key: string;
  figure: string;
  /** What is measured, e.g. `requests/s`, `p99 ms`. */
  measure: string;
  project: Summary;
  baseline?: { name: string; summary: Summary };
  /** How the ratio is formed, e.g. `project / baseline`. */
  ratioLabel?: string;
  ratio?: number;
  /** Human-readable target, e.g. `ratio >= 0.5`. */
  target?: string;
  /** Whether the target is met; undefined when the line has no target of its own. */
  met?: boolean;
  /** Anything else worth keeping (p50 beside p99, statement counts, ...). */
  details?: Record<string, unknown>;
}

export interface FigureResult {
  figure: string;
  script: string;
  startedAt: string;
  seconds: number;
  setup: Record<string, unknown>;
  lines: FigureLine[];
  notes: string[];
}

export function line(init: Omit<FigureLine, 'project' | 'baseline'> & { rounds: number[]; baseline?: { name: string; rounds: number[] } }): FigureLine {
  const { rounds, baseline, ...rest } = init;
  return {
    ...rest,
    project: summarize(rounds),
    baseline: baseline && { name: baseline.name, summary: summarize(baseline.rounds) },
  };
}

const fmt = (value: number) => {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return round(value, digits).toLocaleString('en-US', { maximumFractionDigits: digits });
};

export function formatSummary(summary: Summary): string {
  return `${fmt(summary.median)} (min ${fmt(summary.min)}, max ${fmt(summary.max)}, ${summary.rounds.length} rounds)`;
}

export function formatLine(figureLine: FigureLine): string {
  const parts = [`[${figureLine.key}] ${figureLine.figure}: ${figureLine.measure} = ${formatSummary(figureLine.project)}`];
  if (figureLine.baseline) parts.push(`baseline ${figureLine.baseline.name} = ${formatSummary(figureLine.baseline.summary)}`);
  if (figureLine.ratio !== undefined) parts.push(`ratio (${figureLine.ratioLabel ?? 'project / baseline'}) = ${fmt(figureLine.ratio)}`);
  if (figureLine.target) parts.push(`target ${figureLine.target}: ${figureLine.met === undefined ? 'n/a' : figureLine.met ? 'MET' : 'MISSED'}`);
  return parts.join(' | ');
}

/** Prints every line and writes the figure's JSON for run.ts. */
export function writeFigure(result: FigureResult): void {
  for (const figureLine of result.lines) console.log(formatLine(figureLine));
  for (const note of result.notes) console.log(`    note: ${note}`);
  mkdirSync(FIGURE_OUT_DIR, { recursive: true });
  writeFileSync(path.join(FIGURE_OUT_DIR, `${result.script}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export function progress(message: string): void {
  if (process.env.BENCH_QUIET !== '1') console.error(`  … ${message}`);
}
