/** autocannon, the load generator, always in its own process (its CLI, or load/callback-load.js). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AUTOCANNON_CLI = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

export interface LoadResult {
  /** Successful (2xx) responses per second over the whole run. */
  rps: number;
  p50: number;
  p99: number;
  count2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

export interface HttpLoad {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/** Runs the autocannon CLI (`--json`) against one URL with one POST body. */
export async function autocannon(load: HttpLoad): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-ac-'));
  try {
    const bodyFile = path.join(dir, 'body.json');
    writeFileSync(bodyFile, load.body);
    const headers = { 'content-type': 'application/json', ...load.headers };
    const args = [
      AUTOCANNON_CLI,
      '--json',
      '-c', String(load.connections),
      '-d', String(load.durationSeconds),
      '-m', 'POST',
      '-i', bodyFile,
      ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
      load.url,
    ];
    const stdout = await run(process.execPath, args);
    return fromAutocannonJson(JSON.parse(stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fromAutocannonJson(result: any): LoadResult {
  const count2xx = result['2xx'] as number;
  return {
    rps: count2xx / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    count2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}

/** Runs a command, returning its stdout; rejects with its stderr when it fails. */
export function run(command: string, args: string[], env?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(-2000)}`));
    });
  });
}
