import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<outDir>/bench`: where the compiled bench scripts live (dist/bench, or .build/bench/bench). */
export const BENCH_OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The repository root: the first parent holding this project's package.json. */
export const REPO_ROOT = findRoot(BENCH_OUT_DIR);

/** Source folder `bench/` (results.json lives here, beside the TypeScript). */
export const BENCH_SRC_DIR = path.join(REPO_ROOT, 'bench');

/** Per-figure results of the current run, collected by run.ts. */
export const FIGURE_OUT_DIR = path.join(REPO_ROOT, 'bench', '.out');

/** A compiled script of the bench, e.g. `servers/project-server.js`. */
export function benchScript(relative: string): string {
  return path.join(BENCH_OUT_DIR, relative);
}

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === 'repayment-graphql') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repayment-graphql package.json above ${from}`);
    dir = parent;
  }
}
