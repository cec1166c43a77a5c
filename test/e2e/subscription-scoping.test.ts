import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  DeductOrderUpdatedDocument,
  RepaymentContractUpdatedDocument,
  type DeductOrderUpdatedSubscription,
  type RepaymentContractUpdatedSubscription,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { initiate, schedule, uniqueId } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, userToken } from '../helpers/test-auth.js';

/** Long enough for the server to set a subscription up (one listen and one read), which then stays silent. */
const SETTLE_MS = 500;

/**
 * A borrower subscribing to another borrower's order or contract gets exactly the frames a
 * subscription to an id that does not exist gets, for every subscription field, and never an
 * event of that record: ids cannot be probed through subscriptions.
 */
describe("subscriptions to another borrower's records answer as for records that do not exist", () => {
  let stack: SandboxStack;
  let contractB: SandboxContract;
  let orderB: string;
  let asA: Record<string, string>;
  let asB: Record<string, string>;
  const opened: Subscriber<unknown>[] = [];

  before(async () => {
    // Orders settle only when the test says so, so B's order is still pending when A subscribes.
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    contractB = await stack.sandboxContract({ openid: 'oScopeB00000000000000000000' });
    await eventually(async () => stack.store.contracts.getByContractId(contractB.contract_id), 'signed contract');
    const outRecordId = uniqueId('R');
    orderB = uniqueId('T');
    const endpoint = { graphqlUrl: stack.graphqlUrl, wsUrl: stack.wsUrl };
    assert.equal((await schedule(endpoint, contractB.contract_id, outRecordId)).errors, undefined);
    assert.equal((await initiate(endpoint, contractB.contract_id, outRecordId, orderB)).errors, undefined);
    asA = await bearer(userToken('oScopeA00000000000000000000'));
    asB = await bearer(userToken(contractB.openid));
  });
  after(async () => {
    await Promise.all(opened.map((subscriber) => subscriber.close()));
    await stack.close();
  });

  function subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, as: Record<string, string>) {
    const subscriber = new Subscriber<TData>(stack.wsUrl, as).subscribe(document, variables);
    opened.push(subscriber as Subscriber<unknown>);
    return subscriber;
  }

  /** What a subscriber received, with the id it asked for blanked (an error message names it). */
  const framesOf = (subscriber: Subscriber<unknown>, id: string) =>
    JSON.parse(JSON.stringify({ results: subscriber.results, completed: subscriber.completed, error: subscriber.error ?? null }).replaceAll(id, '<id>'));

  async function settle(outTradeNo: string) {
    const response = await fetch(`${stack.simulator.url}/sandbox/deduct-orders/${outTradeNo}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_state: 'DEDUCT_ORDER_STATE_PAY_SUCCESS' }),
    });
    assert.equal(response.status, 200, await response.text());
  }

  it('deductOrderUpdated(outTradeNo): open and silent for both, and the order settling is never delivered', async () => {
    const owner = subscribe(DeductOrderUpdatedDocument, { outTradeNo: orderB }, asB);
    const stranger = subscribe(DeductOrderUpdatedDocument, { outTradeNo: orderB }, asA);
    const missing = subscribe(DeductOrderUpdatedDocument, { outTradeNo: 'TNOSUCHORDER0001' }, asA);
    await owner.waitFor(1);
    await Promise.all([stranger.connected(), missing.connected()]);
    await sleep(SETTLE_MS);
    assert.deepEqual(framesOf(stranger as Subscriber<unknown>, orderB), framesOf(missing as Subscriber<unknown>, 'TNOSUCHORDER0001'));
    assert.deepEqual(framesOf(stranger as Subscriber<unknown>, orderB), { results: [], completed: false, error: null });

    await settle(orderB);
    const [, settled] = await owner.waitFor(2);
    assert.equal((settled.data as DeductOrderUpdatedSubscription).deductOrderUpdated.orderState, 'PAY_SUCCESS');
    await sleep(SETTLE_MS);
    assert.deepEqual(stranger.results, [], "another borrower's event is never delivered");
    assert.equal(stranger.completed, false);
  });

  it('deductOrderUpdated(contractId): NOT_FOUND for both, frame for frame', async () => {
    const stranger = subscribe(DeductOrderUpdatedDocument, { contractId: contractB.contract_id }, asA);
    const missing = subscribe(DeductOrderUpdatedDocument, { contractId: '20991231000000000000000' }, asA);
    await eventually(async () => (stranger.completed && missing.completed ? true : undefined), 'both subscriptions to end');
    assert.deepEqual(framesOf(stranger as Subscriber<unknown>, contractB.contract_id), framesOf(missing as Subscriber<unknown>, '20991231000000000000000'));
    assert.equal(stranger.results[0]?.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(stranger.results));
  });

  it('repaymentContractUpdated by code and by id: open and silent for both, and the termination is never delivered', async () => {
    const owner = subscribe(RepaymentContractUpdatedDocument, { outContractCode: contractB.out_contract_code }, asB);
    const pairs = [
      [{ outContractCode: contractB.out_contract_code }, contractB.out_contract_code, { outContractCode: 'CNOSUCHCONTRACT1' }, 'CNOSUCHCONTRACT1'],
      [{ contractId: contractB.contract_id }, contractB.contract_id, { contractId: '20991231000000000000000' }, '20991231000000000000000'],
    ] as const;
    const watched = pairs.map(([strangerKey, strangerId, missingKey, missingId]) => ({
      stranger: subscribe(RepaymentContractUpdatedDocument, strangerKey, asA),
      strangerId,
      missing: subscribe(RepaymentContractUpdatedDocument, missingKey, asA),
      missingId,
    }));
    await owner.waitFor(1);
    await Promise.all(watched.flatMap(({ stranger, missing }) => [stranger.connected(), missing.connected()]));
    await sleep(SETTLE_MS);
    for (const { stranger, strangerId, missing, missingId } of watched) {
      assert.deepEqual(framesOf(stranger as Subscriber<unknown>, strangerId), framesOf(missing as Subscriber<unknown>, missingId));
      assert.deepEqual(framesOf(stranger as Subscriber<unknown>, strangerId), { results: [], completed: false, error: null });
    }

    const response = await fetch(`${stack.simulator.url}/sandbox/contracts/${contractB.out_contract_code}/terminate`, { method: 'POST' });
    assert.ok(response.status < 300);
    const [, terminated] = await owner.waitFor(2);
    assert.equal((terminated.data as RepaymentContractUpdatedSubscription).repaymentContractUpdated.state, 'TERMINATED');
    await sleep(SETTLE_MS);
    for (const { stranger } of watched) {
      assert.deepEqual(stranger.results, [], "another borrower's event is never delivered");
      assert.equal(stranger.completed, false);
    }
  });
});
