/**
 * A preload (`node --import`) for following one request across the bench's processes: it records
 * Node's HTTP server and undici (fetch) diagnostics_channel events with wall-clock stamps in
 * microseconds, and whatever code calls `globalThis.__trace?.('label')`, and writes them when the
 * process exits to `$BENCH_TRACE_DIR/<pid>.tsv` as `ms-since-epoch, script, event, detail`.
 * `sort -n $BENCH_TRACE_DIR/*.tsv` then interleaves every process on one time line.
 * Not loaded by `npm run bench`; see "How to profile" in BENCHMARKS.md.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = process.env.BENCH_TRACE_DIR;
if (!dir) throw new Error('trace-events: set BENCH_TRACE_DIR to the directory to write to');

type Message = { request?: { url?: string; path?: string } };
const lines: string[] = [];
const script = path.basename(process.argv[1] ?? 'node');
const stamp = () => (performance.timeOrigin + performance.now()).toFixed(3);
const record = (event: string, detail = '') => lines.push(`${stamp()}\t${script}\t${event}\t${detail}`);

for (const name of ['http.server.request.start', 'http.server.response.finish']) {
  subscribe(name, (message) => record(name, (message as Message).request?.url));
}
for (const name of ['undici:request:create', 'undici:client:sendHeaders', 'undici:request:headers', 'undici:request:trailers']) {
  subscribe(name, (message) => record(name, (message as Message).request?.path));
}
(globalThis as { __trace?: (label: string) => void }).__trace = (label) => record(label);
process.on('exit', () => writeFileSync(path.join(dir, `${process.pid}.tsv`), lines.join('\n') + '\n'));
