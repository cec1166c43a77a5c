import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { InitiateRepaymentDocument, ScheduleRepaymentDocument, StuckDeductOrdersDocument, StuckReservationsDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, userToken } from '../helpers/test-auth.js';

/** Every entry of a stuck report, asking for one page after another with the last entry's cursor. */
async function everyEntry<Entry extends { cursor: string }>(page: (after: string | undefined) => Promise<Entry[]>): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (;;) {
    const next = await page(entries.at(-1)?.cursor);
    if (next.length === 0) return entries;
    entries.push(...next);
  }
}

describe('stuckDeductOrders', () => {
  let stack: SandboxStack;
  const outTradeNo = `STUCK${Date.now()}`;
  let openid: string;

  before(async () => {
    // Orders never settle by themselves here: PENDING stays PENDING however often it is polled.
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    const contract = await stack.sandboxContract();
    openid = contract.openid;
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'signed contract');
    const outRecordId = `R${outTradeNo}`;
    await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { contractId: contract.contract_id, outRecordId, subMchid: '1900000109', repaymentAmount: '5000', minRepaymentAmount: '500', repaymentDate: addDays(beijingDate(new Date()), 1) },
    });
    const order = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '5000', description: 'repay' },
    });
    assert.equal(order.data?.initiateRepayment.orderState, 'PENDING');
  });
  after(() => stack.close());

  it('lists orders that are not final and unchanged for longer than asked, with their age', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stuck = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 1 });
    const entry = stuck.data?.stuckDeductOrders.find((item) => item.order.outTradeNo === outTradeNo);
    assert.ok(entry, JSON.stringify(stuck));
    assert.equal(entry.order.orderState, 'PENDING');
    assert.ok(entry.stuckForSeconds >= 1);
    const recent = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 3600 });
    assert.deepEqual(recent.data?.stuckDeductOrders, []);
  });

  it('pages on with the cursor of the last one, each listed once', async () => {
    // A second stuck order, an intent a crash left SUBMITTING (not due to the poller for years).
    const first = (await stack.store.deductOrders.get(outTradeNo))!;
    const second = `${outTradeNo}B`;
    const reservation = (await stack.store.reservations.get(first.outRecordId))!;
    assert.ok(await stack.store.reservations.insertIntent({ ...reservation, outRecordId: `R${second}` }));
    assert.ok(await stack.store.deductOrders.insertIntent({ ...first, outTradeNo: second, outRecordId: `R${second}` }, '2999-01-01T00:00:00.000Z'));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const entries = await everyEntry(async (after) => {
      const page = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 1, first: 1, after });
      assert.equal(page.errors, undefined, JSON.stringify(page.errors));
      return page.data!.stuckDeductOrders;
    });
    assert.deepEqual(entries.map((entry) => entry.order.outTradeNo), [outTradeNo, second]);
  });

  it('is for staff only', async () => {
    const result = await graphqlRequest(stack.graphqlUrl, StuckDeductOrdersDocument, { olderThanSeconds: 0 }, await bearer(userToken(openid)));
    assert.equal(result.errors?.[0].extensions?.code, 'FORBIDDEN');
  });
});

describe('stuckReservations', () => {
  let stack: SandboxStack;
  let openid: string;
  const orphan = `RORPHAN${Date.now()}`;
  const scheduled = `RSCHED${Date.now()}`;

  before(async () => {
    stack = await startSandboxStack();
    await stack.app.reservationPoller.stop(); // it would settle the orphan this report is to list
    const contract = await stack.sandboxContract();
    openid = contract.openid;
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'signed contract');
    const input = { contractId: contract.contract_id, subMchid: '1900000109', repaymentAmount: 5000, minRepaymentAmount: 500, repaymentDate: addDays(beijingDate(new Date()), 1), subAppid: null };
    // An intent a crash left before its create was sent: SUBMITTING.
    assert.ok(await stack.store.reservations.insertIntent({ ...input, outRecordId: orphan, appid: contract.appid, openid }));
    const done = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { contractId: contract.contract_id, outRecordId: scheduled, subMchid: '1900000109', repaymentAmount: '5000', minRepaymentAmount: '500', repaymentDate: input.repaymentDate },
    });
    assert.equal(done.data?.scheduleRepayment.state, 'SCHEDULED', JSON.stringify(done));
  });
  after(() => stack.close());

  it('lists reservations left SUBMITTING or UNKNOWN for longer than asked, with their age, and not settled ones', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stuck = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 1 });
    const listed = stuck.data?.stuckReservations ?? [];
    const entry = listed.find((item) => item.reservation.outRecordId === orphan);
    assert.ok(entry, JSON.stringify(stuck));
    assert.equal(entry.reservation.state, 'SUBMITTING');
    assert.ok(entry.stuckForSeconds >= 1);
    assert.ok(!listed.some((item) => item.reservation.outRecordId === scheduled));
    const recent = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 3600 });
    assert.deepEqual(recent.data?.stuckReservations, []);
    const bad = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: -1 });
    assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  });

  it('pages on with the cursor of the last one, each listed once', async () => {
    const second = `${orphan}B`;
    const { contractId, subMchid, repaymentAmount, minRepaymentAmount, repaymentDate, appid } = (await stack.store.reservations.get(orphan))!;
    assert.ok(await stack.store.reservations.insertIntent({ outRecordId: second, contractId, subMchid, repaymentAmount, minRepaymentAmount, repaymentDate, appid, openid, subAppid: null }));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const entries = await everyEntry(async (after) => {
      const page = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 1, first: 1, after });
      assert.equal(page.errors, undefined, JSON.stringify(page.errors));
      return page.data!.stuckReservations;
    });
    assert.deepEqual(entries.map((entry) => entry.reservation.outRecordId), [orphan, second]);
    const bad = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 1, after: 'not-a-cursor' });
    assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(bad.errors?.[0].extensions?.field, 'after');
  });

  it('is for staff only', async () => {
    const result = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 0 }, await bearer(userToken(openid)));
    assert.equal(result.errors?.[0].extensions?.code, 'FORBIDDEN');
  });
});
