/**
 * Standalone simulator: `npm run simulator`. Its settings (SIMULATOR_PORT, SIMULATOR_HOME,
 * SIMULATOR_SETTLE_DELAY_MS, SIMULATOR_CALLBACK_SCALE, SIMULATOR_CONTRACT_NOTIFY_URL,
 * SIMULATOR_TERMINATION_NOTIFY_URL) are read and checked by src/config.ts, as `npm start` reads the
 * ones of the simulator it runs; a malformed one stops it with exit code 78.
 */
import { resolve } from 'node:path';
import { ConfigError, loadStandaloneSimulatorConfig } from '../config.js';
import { startSimulator } from './server.js';

async function main(): Promise<void> {
  const config = loadStandaloneSimulatorConfig();
  const simulator = await startSimulator({
    home: resolve(config.home),
    port: config.port,
    settleDelayMs: config.settleDelayMs,
    callbackIntervalScale: config.callbackIntervalScale,
    defaultContractNotifyUrl: config.contractNotifyUrl,
    terminationNotifyUrl: config.terminationNotifyUrl,
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
  if (error instanceof ConfigError) {
    console.error(`configuration error: ${error.message}`);
    process.exit(78); // EX_CONFIG, as npm start
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
