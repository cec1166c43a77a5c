/**
 * scheduleRepayment whose create is answered after someone else (staff's refreshReservation, or
 * another instance) has already settled the row: the mutation answers the row as stored, not the
 * SUBMITTING copy it read before sending.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { RefreshReservationDocument, ScheduleRepaymentDocument } from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

const BATCH_CREATE = 'POST /v3/credit-repayment/partner/schedule-records/batch-create';

describe('a reservation settled by someone else while its create was answered', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  before(async () => {
    stack = await startSandboxStack({ requestTimeoutMs: 3_000 });
    contract = await stack.sandboxContract({ plan_id: '100002' });
    await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'the signed contract');
  });
  after(() => stack.close());

  it('scheduleRepayment answers SCHEDULED, as stored, not the SUBMITTING row it sent', async () => {
    const input = {
      contractId: contract.contract_id,
      outRecordId: `RMEANWHILE${Date.now()}`,
      subMchid: '1900000109',
      repaymentAmount: '10000',
      repaymentDate: addDays(beijingDate(new Date()), 2),
    };
    // Processed at once, answered 800 ms later (well inside the timeout).
    stack.simulator.faults.set([{ match: BATCH_CREATE, fault: 'delay', delay_ms: 800 }]);
    const scheduling = graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input });
    await eventually(async () => ((await stack.store.reservations.get(input.outRecordId)) ? true : undefined), 'the intent');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refreshed = await graphqlRequest(stack.graphqlUrl, RefreshReservationDocument, { outRecordId: input.outRecordId, contractId: contract.contract_id });
    assert.equal(refreshed.data?.refreshReservation.state, 'SCHEDULED', JSON.stringify(refreshed));
    const scheduled = await scheduling;
    stack.simulator.faults.clear();
    assert.equal(scheduled.errors, undefined, JSON.stringify(scheduled.errors));
    assert.equal((await stack.store.reservations.get(input.outRecordId))?.state, 'SCHEDULED');
    assert.equal(scheduled.data?.scheduleRepayment.state, 'SCHEDULED');
  });
});
