import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import {
  DeductOrderUpdatedDocument,
  InitiateRepaymentDocument,
  PresignRepaymentContractDocument,
  RefreshDeductOrderDocument,
  RefreshRepaymentContractDocument,
  RefreshReservationDocument,
  RepaymentContractByCodeDocument,
  RepaymentContractUpdatedDocument,
  ScheduleRepaymentDocument,
  TerminateRepaymentContractDocument,
  type DeductOrderUpdatedSubscription,
  type RepaymentContractUpdatedSubscription,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';

let n = 0;
const id = (prefix: string) => `${prefix}${Date.now()}${++n}`;

describe('the whole life of a contract through GraphQL', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack({ simulator: { settleDelayMs: 300 } });
  });
  after(() => stack.close());

  async function presign(flow: 'APP' | 'H5', extra: Record<string, unknown> = {}) {
    const outContractCode = id('C');
    const result = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
      input: { flow, planId: '100001', outContractCode, displayName: '张三丰', repaymentAmountLimit: '300000', repaymentDay: 15, ...extra },
    } as never);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { outContractCode, result: result.data!.presignRepaymentContract };
  }

  it('APP: presign → user confirms → reserve → deduct → PAY_SUCCESS → terminate, with every subscription event', async () => {
    const { outContractCode, result } = await presign('APP', {
      realIdentity: { identityType: 'ID_CARD', identityId: '11010519491231002X', realName: '张三丰' },
    });
    assert.equal(result.contract.state, 'PENDING');
    assert.equal(result.contract.displayName, '**丰', 'masked by the documented rule');
    assert.equal(result.contract.contractId, null);
    assert.ok(result.presignToken);

    const contractEvents = new Subscriber<RepaymentContractUpdatedSubscription>(stack.wsUrl).subscribe(
      RepaymentContractUpdatedDocument,
      { outContractCode },
    );
    const [pending] = await contractEvents.waitFor(1);
    assert.equal(pending.data!.repaymentContractUpdated.state, 'PENDING');

    // The user agrees in WeChat (the simulator's control endpoint plays the user).
    const confirmed = await fetch(`${stack.simulator.url}/sandbox/presign/${encodeURIComponent(result.presignToken!)}/confirm`, { method: 'POST' });
    assert.ok(confirmed.status < 300, `confirm: ${confirmed.status} ${await confirmed.clone().text()}`);
    const [, signed] = await contractEvents.waitFor(2);
    const contract = signed.data!.repaymentContractUpdated;
    assert.equal(contract.state, 'EFFECTIVE');
    assert.match(contract.contractId!, /^\d+$/);
    assert.ok(contract.openid);

    const orderEvents = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl).subscribe(DeductOrderUpdatedDocument, {
      contractId: contract.contractId,
    });
    await orderEvents.connected();
    const outRecordId = id('R');
    const reserved = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: {
        contractId: contract.contractId!,
        outRecordId,
        subMchid: '1900000109',
        repaymentAmount: '100000',
        minRepaymentAmount: '5000',
        repaymentDate: addDays(beijingDate(new Date()), 14),
      },
    });
    assert.equal(reserved.data?.scheduleRepayment.state, 'SCHEDULED', JSON.stringify(reserved.errors));
    const refreshedReservation = await graphqlRequest(stack.graphqlUrl, RefreshReservationDocument, { outRecordId, contractId: contract.contractId! });
    assert.equal(refreshedReservation.data?.refreshReservation.minRepaymentAmount, '5000');

    const outTradeNo = id('T');
    const initiated = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contractId!, outTradeNo, outRecordId, deductAmount: '100000', description: '信贷还款', attach: 'loan 42' },
    });
    assert.equal(initiated.data?.initiateRepayment.orderState, 'PENDING', JSON.stringify(initiated.errors));
    const orders = await orderEvents.waitFor(2);
    assert.deepEqual(orders.map((event) => event.data!.deductOrderUpdated.orderState), ['PENDING', 'PAY_SUCCESS']);
    const refreshedOrder = await graphqlRequest(stack.graphqlUrl, RefreshDeductOrderDocument, { outTradeNo });
    assert.equal(refreshedOrder.data?.refreshDeductOrder.orderState, 'PAY_SUCCESS');
    assert.equal(refreshedOrder.data?.refreshDeductOrder.attach, 'loan 42');

    const terminated = await graphqlRequest(stack.graphqlUrl, TerminateRepaymentContractDocument, { outContractCode, remark: '还款完成' });
    assert.equal(terminated.data?.terminateRepaymentContract.state, 'TERMINATED', JSON.stringify(terminated.errors));
    assert.equal(terminated.data?.terminateRepaymentContract.terminationMode, 'BY_MERCHANT');
    const [, , ended] = await contractEvents.waitFor(3);
    assert.equal(ended.data!.repaymentContractUpdated.state, 'TERMINATED');

    // A terminated contract refuses new reservations, before WeChat Pay is asked.
    const refused = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { contractId: contract.contractId!, outRecordId: id('R'), subMchid: '1900000109', repaymentAmount: '1000', minRepaymentAmount: '100', repaymentDate: addDays(beijingDate(new Date()), 2) },
    });
    assert.equal(refused.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(refused.errors?.[0].extensions?.field, 'contractId');
    assert.match(refused.errors![0].message, /TERMINATED|terminated/);
    await contractEvents.close();
    await orderEvents.close();
  });

  it('H5: the redirect page lets a person agree, and the contract becomes EFFECTIVE', async () => {
    const { outContractCode, result } = await presign('H5', {
      jumpInfo: { jumpAppid: 'wxd678efh567hg6787' },
      realIdentity: { identityType: 'ID_CARD', identityId: '11010519491231002X', realName: '张三丰' },
    });
    assert.ok(result.redirectUrl);
    const page = await fetch(result.redirectUrl!);
    assert.equal(page.status, 200);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]*agree[^"]*)"/i.exec(html)?.[1];
    assert.ok(action, `an agree form on the page: ${html}`);
    const agreed = await fetch(new URL(action!.replaceAll('&amp;', '&'), result.redirectUrl!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    assert.ok(agreed.status < 400, `agree: ${agreed.status}`);
    const signed = await eventually(async () => {
      const { data } = await graphqlRequest(stack.graphqlUrl, RepaymentContractByCodeDocument, { outContractCode });
      return data?.repaymentContractByCode?.state === 'EFFECTIVE' ? data.repaymentContractByCode : undefined;
    }, 'SIGN_CONTRACT after agreeing on the H5 page');
    assert.ok(signed.contractId);
  });

  it('a user terminating in WeChat arrives as TERMINATE_CONTRACT', async () => {
    const sandbox = await stack.sandboxContract();
    await eventually(async () => stack.store.contracts.getByContractId(sandbox.contract_id), 'signed contract');
    const response = await fetch(`${stack.simulator.url}/sandbox/contracts/${sandbox.out_contract_code}/terminate`, { method: 'POST' });
    assert.ok(response.status < 300);
    const ended = await eventually(async () => {
      const contract = await stack.store.contracts.get(sandbox.out_contract_code);
      return contract?.state === 'TERMINATED' ? contract : undefined;
    }, 'TERMINATE_CONTRACT');
    assert.equal(ended.terminationMode, 'BY_USER');
    const refreshed = await graphqlRequest(stack.graphqlUrl, RefreshRepaymentContractDocument, { outContractCode: sandbox.out_contract_code });
    assert.equal(refreshed.data?.refreshRepaymentContract.state, 'TERMINATED');
  });

  it('never keeps real-name data: it is sent only encrypted, and the store has no trace of it', async () => {
    const { outContractCode } = await presign('APP', {
      realIdentity: { identityType: 'ID_CARD', identityId: '11010519491231002X', realName: '李四光' },
    });
    const row = JSON.stringify(await stack.store.contracts.get(outContractCode));
    assert.doesNotMatch(row, /11010519491231002X|李四光/);
  });

  it('refuses a reused outContractCode before calling WeChat Pay, and bad presign input by field', async () => {
    const { outContractCode } = await presign('APP');
    const again = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
      input: { flow: 'APP', planId: '100001', outContractCode, displayName: '王五', repaymentAmountLimit: '1000' },
    });
    assert.equal(again.errors?.[0].extensions?.code, 'CONFLICT');
    const cases: [Record<string, unknown>, string][] = [
      [{ outContractCode: 'bad-code!' }, 'outContractCode'],
      [{ repaymentDay: 32 }, 'repaymentDay'],
      [{ realIdentity: { identityType: 'ID_CARD', identityId: '123', realName: '王五' } }, 'realIdentity.identityId'],
      [{ jumpInfo: { jumpAppid: 'wx1' } }, 'jumpInfo'],
      [{ flow: 'H5' }, 'realIdentity'],
    ];
    // Sign-and-repay (trade_info) is not offered: its payment could not be tracked here.
    const withTradeInfo = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
      input: { flow: 'APP', planId: '100001', outContractCode: id('C'), displayName: '王五', repaymentAmountLimit: '1000', tradeInfo: { outTradeNo: 'T1234567', deductAmount: '100' } },
    } as never);
    assert.equal(withTradeInfo.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    // The field it does not define is not repeated (a key may be the sender's own text): its type is named.
    assert.match(withTradeInfo.errors![0].message, /type "PresignRepaymentContractInput" does not define/);
    for (const [override, field] of cases) {
      const result = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
        input: { flow: 'APP', planId: '100001', outContractCode: id('C'), displayName: '王五', repaymentAmountLimit: '1000', ...override },
      } as never);
      assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result.errors));
      assert.equal(result.errors?.[0].extensions?.field, field);
    }
  });
});
