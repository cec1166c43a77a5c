/**
 * Standalone simulator: `npm run simulator`. A separate program, so it reads its own environment:
 *
 *   SIMULATOR_PORT               default 4010
 *   SIMULATOR_HOME               default ./.sandbox (credentials are created there on first run)
 *   SIMULATOR_SETTLE_DELAY_MS    default 1000; "never" = orders stay PENDING until settled by hand
 *   SIMULATOR_CALLBACK_SCALE     default 1; multiplies callback retry intervals
 *   SIMULATOR_CONTRACT_NOTIFY_URL  SIGN_CONTRACT target for sandbox-created contracts
 *   SIMULATOR_TERMINATION_NOTIFY_URL  the template's TERMINATE_CONTRACT target
 */
import { resolve } from 'node:path';
import { startSimulator } from './server.js';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const home = resolve(process.env.SIMULATOR_HOME || './.sandbox');
  const settleRaw = process.env.SIMULATOR_SETTLE_DELAY_MS;
  const simulator = await startSimulator({
    home,
    port: numberFromEnv('SIMULATOR_PORT', 4010),
    settleDelayMs: settleRaw === 'never' ? null : numberFromEnv('SIMULATOR_SETTLE_DELAY_MS', 1000),
    callbackIntervalScale: numberFromEnv('SIMULATOR_CALLBACK_SCALE', 1),
    defaultContractNotifyUrl: process.env.SIMULATOR_CONTRACT_NOTIFY_URL || undefined,
    terminationNotifyUrl: process.env.SIMULATOR_TERMINATION_NOTIFY_URL || undefined,
    log: (line) => console.log(`[simulator] ${line}`),
  });
  const { credentials } = simulator;
  // Public identifiers only: the private keys and the APIv3 key stay in the files.
  console.log(`WeChat Pay simulator listening on ${simulator.url}`);
  console.log(`  home:                    ${credentials.home}`);
  console.log(`  mchid:                   ${credentials.mchid}`);
  console.log(`  merchant serial no:      ${credentials.merchantSerialNo}`);
  console.log(`  merchant private key:    ${credentials.merchantPrivateKeyFile}`);
  console.log(`  wechatpay public key id: ${credentials.wechatpayPublicKeyId}`);
  console.log(`  wechatpay public key:    ${credentials.wechatpayPublicKeyFile}`);
  console.log(`  appid:                   ${credentials.appid}`);
  console.log(`  sub_mchids:              ${credentials.subMchids.join(', ')}`);
  console.log(`  plans:                   ${Object.entries(credentials.plans).map(([id, p]) => `${id} (${p.kind})`).join(', ')}`);
  console.log(`  APIv3 key:               in ${resolve(credentials.home, 'sandbox.json')}`);
  console.log(`  create a contract:       curl -X POST ${simulator.url}/sandbox/contracts`);
  console.log(`  inject faults:           curl ${simulator.url}/sandbox/faults (POST a JSON array of rules, DELETE to clear)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`received ${signal}, stopping`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
