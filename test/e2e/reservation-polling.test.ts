import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ScheduleRepaymentDocument, StuckReservationsDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { awaitContract, scheduleInput, uniqueId } from '../helpers/repayment-driver.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, userToken } from '../helpers/test-auth.js';

const BATCH_CREATE = '/v3/credit-repayment/partner/schedule-records/batch-create';
const SCHEDULE_RECORDS = '/v3/credit-repayment/partner/schedule-records';

/**
 * The server's own reservation poller, as started with it: a reservation whose create WeChat Pay
 * took but never answered, and whose queries fail for a while, ends SCHEDULED with nobody asking.
 * Meanwhile staff see why it is still in doubt; the borrower does not.
 */
describe('a reservation left in doubt, polled by the server', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;

  before(async () => {
    // First look 2 × 1 s + 5 s after the intent (see ReservationService.schedule).
    stack = await startSandboxStack({ requestTimeoutMs: 1_000 });
    contract = await stack.sandboxContract();
    await awaitContract(stack, contract.contract_id);
  });
  after(() => stack.close());

  it('is settled without a refresh; until then staff read its lastError, the borrower null', async () => {
    const outRecordId = uniqueId('RPOLLED');
    stack.simulator.faults.set([
      { match: `POST ${BATCH_CREATE}`, fault: 'accept_then_drop' },
      { match: `GET ${SCHEDULE_RECORDS}/${outRecordId}`, fault: 'status', status: 503, times: 'always' },
    ]);
    try {
      const scheduled = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input: scheduleInput(contract.contract_id, outRecordId) });
      assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
      assert.equal(scheduled.data?.scheduleRepayment.state, 'UNKNOWN');

      const stuck = await eventually(async () => {
        const { data } = await graphqlRequest(stack.graphqlUrl, StuckReservationsDocument, { olderThanSeconds: 0 });
        const entry = data?.stuckReservations.find(({ reservation }) => reservation.outRecordId === outRecordId);
        return entry?.reservation.lastError ? entry.reservation : undefined;
      }, "the poller's first look", 15_000);
      assert.equal(stuck.state, 'UNKNOWN');
      assert.match(stuck.lastError!, /503|SERVICE_UNAVAILABLE/);

      const asBorrower = await graphqlRequest<{ reservation: { lastError: string | null } | null }, { r: string; c: string }>(
        stack.graphqlUrl,
        'query ($r: String!, $c: String!) { reservation(outRecordId: $r, contractId: $c) { lastError } }',
        { r: outRecordId, c: contract.contract_id },
        await bearer(userToken(contract.openid)),
      );
      assert.equal(asBorrower.errors, undefined, JSON.stringify(asBorrower.errors));
      assert.deepEqual(asBorrower.data?.reservation, { lastError: null });
    } finally {
      stack.simulator.faults.clear();
    }

    const settled = await eventually(async () => {
      const reservation = await stack.store.reservations.get(outRecordId);
      return reservation?.state === 'SCHEDULED' ? reservation : undefined;
    }, 'the poller to find it SCHEDULED', 15_000);
    assert.deepEqual([settled.nextPollAt, settled.resubmittedAt], [null, null], 'settled by a query, never sent again');
  });
});
