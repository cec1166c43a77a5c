/**
 * CPU time a server process has used, read from /proc (Linux). On a shared machine, other tenants
 * change how many requests a second a process gets through from one round to the next; the CPU
 * it spends per request moves much less, so it shows what the code costs when throughput is noisy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time of `pid` (all its threads) so far, in µs; undefined where /proc is missing. */
export function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at
  // field 3, so utime and stime (fields 14 and 15) are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / clockTicksPerSecond();
}

/** Runs `work` and returns its result with the CPU µs `pid` used meanwhile (undefined without /proc). */
export async function measureCpu<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; cpuMicros: number | undefined }> {
  const before = processCpuMicros(pid);
  const result = await work();
  const after = processCpuMicros(pid);
  return { result, cpuMicros: before === undefined || after === undefined ? undefined : after - before };
}
