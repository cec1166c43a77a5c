/**
 * The WeChat Pay simulator in its own process, as WeChat Pay is a remote service: its signing and
 * verifying must not run on the event loop of the server under test. Env: BENCH_SIMULATOR_HOME
 * (its credentials directory), BENCH_SETTLE_DELAY_MS (unset = orders never settle by themselves).
 */
import { serveParent } from '../lib/child.js';
import { startSimulator } from '../../src/simulator/server.js';

const home = process.env.BENCH_SIMULATOR_HOME;
if (!home) throw new Error('BENCH_SIMULATOR_HOME is required');
const settle = process.env.BENCH_SETTLE_DELAY_MS;
const simulator = await startSimulator({ home, port: 0, settleDelayMs: settle ? Number(settle) : null });

serveParent({ url: simulator.url, home }, {}, () => simulator.close());
