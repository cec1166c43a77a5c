/**
 * The project's own WeChat Pay client (src/wechatpay) against the simulator's header rules: it sends
 * `Accept: application/json` on every call and `Content-Type: application/json` on POSTs, so the
 * simulator's refusal of requests without them (json-headers.ts) costs it nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPublicKeyVerifier, createWechatpayClient, type WechatpayClient } from '../../src/wechatpay/index.js';
import { startTestSimulator, type TestSimulator } from './support/api-client.js';
import { createContract } from './support/flows.js';

describe("the project's WeChat Pay client and the simulator's header rules", () => {
  let t: TestSimulator;
  let client: WechatpayClient;
  const sent: { method: string; path: string; headers: Headers }[] = [];
  before(async () => {
    t = await startTestSimulator();
    const { credentials } = t.sim;
    client = createWechatpayClient({
      baseUrl: t.sim.url,
      mchid: credentials.mchid,
      merchantSerialNo: credentials.merchantSerialNo,
      merchantPrivateKey: credentials.merchantPrivateKeyPem,
      verifier: createPublicKeyVerifier({ publicKeyId: credentials.wechatpayPublicKeyId, publicKey: credentials.wechatpayPublicKeyPem }),
      retryLimit: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push({ method: request.method, path: new URL(request.url).pathname, headers: request.headers });
        return fetch(request);
      },
    });
  });
  after(() => t.close());

  it('sends Accept on a GET and Accept plus Content-Type on a POST, and both succeed', async () => {
    const contract = await createContract(t.sim);
    const queried = await client.contracts.get(contract.out_contract_code);
    assert.equal(queried.contract_id, contract.contract_id);
    await client.contracts.terminate({ out_contract_code: contract.out_contract_code, contract_termination_remark: '还款完成' });
    assert.equal((await client.contracts.get(contract.out_contract_code)).contract_state, 'CONTRACT_STATE_TERMINATED');

    assert.deepEqual(sent.map((call) => call.method), ['GET', 'POST', 'GET']);
    for (const call of sent) assert.equal(call.headers.get('accept'), 'application/json', `${call.method} ${call.path}`);
    assert.equal(sent[1].headers.get('content-type'), 'application/json');
  });
});
