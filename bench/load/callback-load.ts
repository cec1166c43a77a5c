/**
 * Load generator of figure 3, a process of its own: autocannon (programmatic, because every
 * callback is a different signed body) POSTs pre-signed callbacks from a JSON file.
 *
 *   node callback-load.js <callbacks.json> <url> <connections> <amount|0> <durationSeconds> <ackedOut.json|->
 *
 * amount > 0: each callback is sent at most once and the run stops after `amount` responses
 * (distinct orders); amount = 0: callbacks are sent round-robin for `durationSeconds` (baseline,
 * which stores nothing). Prints the LoadResult as JSON; writes the ids answered 2xx to ackedOut.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fromAutocannonJson } from '../lib/autocannon.js';

interface Callback {
  id: string;
  headers: Record<string, string>;
  body: string;
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: object) => Promise<unknown>;
const [file, url, connections, amount, duration, ackedOut] = process.argv.slice(2);
const callbacks = JSON.parse(readFileSync(file, 'utf8')) as Callback[];
const limit = Number(amount);
let next = 0;
const acked: string[] = [];
let lastResponse = 0;
// autocannon ends an `amount` run on its next 1-second tick, so its duration is rounded up: the
// rate of such a run is taken from the first request to the last response instead.
const t0 = performance.now();

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  ...(limit > 0 ? { amount: limit } : { duration: Number(duration) }),
  requests: [
    {
      setupRequest(request: Record<string, unknown>, context: Record<string, unknown>) {
        // Each connection builds its next request once the previous one is answered.
        const callback = callbacks[limit > 0 ? next++ : next++ % callbacks.length];
        if (!callback) throw new Error(`ran out of callbacks after ${callbacks.length}`);
        context.id = callback.id;
        return { ...request, headers: { ...callback.headers }, body: callback.body };
      },
      onResponse(status: number, _body: string, context: Record<string, unknown>) {
        lastResponse = performance.now();
        if (status >= 200 && status < 300) acked.push(context.id as string);
      },
    },
  ],
});
if (ackedOut && ackedOut !== '-') writeFileSync(ackedOut, JSON.stringify(acked));
const summary = fromAutocannonJson(result);
if (limit > 0) {
  summary.durationSeconds = (lastResponse - t0) / 1000;
  summary.rps = summary.count2xx / summary.durationSeconds;
}
process.stdout.write(JSON.stringify({ ...summary, acked: acked.length }));
