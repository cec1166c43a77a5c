import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { RefreshReservationDocument } from '../generated/graphql.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { awaitContract, initiate, scheduleServiceInput, uniqueId } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * The reviewer's repro over GraphQL: a crash after the reservation's intent and before its POST,
 * then staff call refreshReservation an hour later. It must end SCHEDULED (so initiateRepayment
 * accepts it); refreshing one whose first POST may still be in flight must leave it alone.
 */
describe('refreshReservation after a crash between the intent and the POST', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;

  before(async () => {
    stack = await startSandboxStack();
    await stack.app.reservationPoller.stop(); // only refreshReservation settles the orphans here
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());

  async function crashedIntent(ageMs: number) {
    const input = scheduleServiceInput(contract.contract_id, uniqueId('CRASH'));
    assert.ok(await stack.store.reservations.insertIntent({ ...input, appid: contract.appid, openid: contract.openid }));
    if (ageMs > 0) {
      // The intent's age as written by the process that died, ageMs ago.
      const db = new Database(stack.databaseFile, { fileMustExist: true });
      try {
        db.prepare('update reservations set updated_at = ? where out_record_id = ?').run(new Date(Date.now() - ageMs).toISOString(), input.outRecordId);
      } finally {
        db.close();
      }
    }
    return input;
  }

  const refresh = (outRecordId: string) =>
    graphqlRequest(stack.graphqlUrl, RefreshReservationDocument, { outRecordId, contractId: contract.contract_id });

  it('an hour later, ends SCHEDULED and can be repaid', async () => {
    const { outRecordId } = await crashedIntent(3_600_000);
    const response = await refresh(outRecordId);
    assert.deepEqual(response.errors, undefined);
    assert.equal(response.data?.refreshReservation.state, 'SCHEDULED');
    const remote = await stack.wechatpay.client.scheduleRecords.get(outRecordId, contract.contract_id);
    assert.equal(remote.repayment_amount, '10000');

    const order = await initiate(stack, contract.contract_id, outRecordId, uniqueId('T'));
    assert.deepEqual(order.errors, undefined);
    assert.ok(order.data?.initiateRepayment.orderState);
  });

  it('right after the intent, sends nothing', async () => {
    const { outRecordId } = await crashedIntent(0);
    const response = await refresh(outRecordId);
    assert.deepEqual(response.errors, undefined);
    assert.equal(response.data?.refreshReservation.state, 'SUBMITTING');
    await assert.rejects(stack.wechatpay.client.scheduleRecords.get(outRecordId, contract.contract_id), (error: { status?: number }) => error.status === 404);
  });
});
