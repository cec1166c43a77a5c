/**
 * Baseline of figure 3: a bare node:http server that verifies and decrypts each callback with the
 * project's SDK (the same verifier and AES-GCM code) and answers 204; it stores nothing.
 * BENCH_SANDBOX_HOME names the sandbox whose keys the project server uses.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from '../lib/child.js';
import { loadOrCreateSandboxCredentials } from '../../src/simulator/sandbox-credentials.js';
import { createPublicKeyVerifier, parseNotification } from '../../src/wechatpay/index.js';

const credentials = await loadOrCreateSandboxCredentials(process.env.BENCH_SANDBOX_HOME!);
const verifier = createPublicKeyVerifier({ publicKeyId: credentials.wechatpayPublicKeyId, publicKey: credentials.wechatpayPublicKeyPem });
let verified = 0;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      parseNotification({ headers: request.headers, body: Buffer.concat(chunks) }, { verifier, apiV3Key: credentials.apiV3Key });
      verified++;
      response.writeHead(204).end();
    } catch (error) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: String(error) }));
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
serveParent({ url: `http://127.0.0.1:${port}/wechatpay/notifications` }, { verified: () => verified }, async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
