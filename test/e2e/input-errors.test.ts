import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import { isWechatpayError } from '../../src/wechatpay/index.js';
import { parse, print, type GraphQLFormattedError } from 'graphql';
import {
  InitiateRepaymentDocument,
  ScheduleRepaymentDocument,
  DeductOrderDocument,
  DeductOrdersDocument,
  PresignRepaymentContractDocument,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';

/**
 * Bad input is refused with a typed error naming the field, before anything reaches WeChat Pay:
 * each case then asks the simulator (over signed HTTP) whether it heard of the id, and the store
 * whether anything was left behind.
 */
describe('typed errors before WeChat Pay is called', () => {
  let stack: SandboxStack;
  let contract: SandboxContract;
  let consumerLoan: SandboxContract;
  const today = beijingDate(new Date());
  let n = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}${++n}`;

  before(async () => {
    stack = await startSandboxStack({ simulator: { settleDelayMs: null } });
    contract = await stack.sandboxContract({ plan_id: '100002', repayment_amount_limit: '50000' }); // cash loan
    consumerLoan = await stack.sandboxContract({ plan_id: '100001' });
    for (const { contract_id } of [contract, consumerLoan]) {
      await eventually(async () => stack.store.contracts.getByContractId(contract_id), 'signed contract');
    }
  });
  after(() => stack.close());

  async function assertNeverReachedWechatpay(kind: 'reservation' | 'order', key: string) {
    if (kind === 'reservation') {
      assert.equal(await stack.store.reservations.get(key), undefined, 'nothing half-written in the store');
      await assert.rejects(stack.wechatpay.client.scheduleRecords.get(key, contract.contract_id), (error) => {
        return isWechatpayError(error) && error.status === 404;
      });
    } else {
      assert.equal(await stack.store.deductOrders.get(key), undefined, 'nothing half-written in the store');
      await assert.rejects(stack.wechatpay.client.deductOrders.get(key), (error) => isWechatpayError(error) && error.status === 404);
    }
  }

  const ID_NUMBER = '110101199003077777';
  const REAL_NAME = '王小明';
  const presignInput = (realIdentity: Record<string, unknown>) => ({
    input: { flow: 'APP', planId: '100001', outContractCode: id('C'), displayName: '张三', repaymentAmountLimit: '10000', realIdentity },
  });
  const reservationInput = (overrides: Record<string, unknown> = {}) => ({
    contractId: contract.contract_id,
    outRecordId: id('R'),
    subMchid: '1900000109',
    repaymentAmount: '10000',
    repaymentDate: addDays(today, 1),
    ...overrides,
  });

  const scheduleCases: [string, Record<string, unknown>, string][] = [
    ['a repayment date today (D+0)', { repaymentDate: today }, 'repaymentDate'],
    ['a repayment date at D+15', { repaymentDate: addDays(today, 15) }, 'repaymentDate'],
    ['an amount over the contract limit', { repaymentAmount: '50001' }, 'repaymentAmount'],
    ['a cash-loan minimum under 10 %', { minRepaymentAmount: '999' }, 'minRepaymentAmount'],
    ['a minimum above the amount', { minRepaymentAmount: '10001' }, 'minRepaymentAmount'],
    ['a record id with a dash', { outRecordId: `R-${Date.now()}` }, 'outRecordId'],
    ['a zero amount', { repaymentAmount: '0' }, 'repaymentAmount'],
  ];
  for (const [name, overrides, field] of scheduleCases) {
    it(`scheduleRepayment refuses ${name} (BAD_USER_INPUT on ${field})`, async () => {
      const input = reservationInput(overrides);
      const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
      assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result.errors));
      assert.equal(result.errors?.[0].extensions?.field, field);
      await assertNeverReachedWechatpay('reservation', input.outRecordId as string);
    });
  }

  it('scheduleRepayment requires the 5 % minimum on a consumer-loan contract', async () => {
    const input = reservationInput({ contractId: consumerLoan.contract_id });
    const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
    assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(result.errors?.[0].extensions?.field, 'minRepaymentAmount');
  });

  it('refuses amounts that are not whole fen at the GraphQL layer, naming the field', async () => {
    for (const amount of ['100.5', '-1', '1e3', 'abc']) {
      const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input: reservationInput({ repaymentAmount: amount }) } as never);
      assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT', amount);
      assert.match(result.errors![0].message, /repaymentAmount/);
    }
  });

  it('answers NOT_FOUND for an unknown contract', async () => {
    const input = reservationInput({ contractId: '20991231000000000000000' });
    const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
    assert.equal(result.errors?.[0].extensions?.code, 'NOT_FOUND');
    assert.equal(result.errors?.[0].extensions?.field, 'contractId');
  });

  it('passes a WeChat Pay refusal through as WECHATPAY_ERROR and keeps nothing', async () => {
    // A sub-merchant the sandbox service provider does not own: only WeChat Pay can know that.
    const input = reservationInput({ subMchid: '1900000999' });
    const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
    const error = result.errors?.[0];
    assert.equal(error?.extensions?.code, 'WECHATPAY_ERROR', JSON.stringify(result.errors));
    const upstream = error?.extensions?.wechatpay as { code: string; requestId: string; status: number };
    assert.ok(upstream.code.length > 0);
    assert.ok(upstream.requestId.length > 0, 'the WeChat Pay Request-ID is passed on');
    assert.ok(upstream.status >= 400 && upstream.status < 500);
    assert.equal(await stack.store.reservations.get(input.outRecordId as string), undefined);
  });

  describe('bad variable values: BAD_USER_INPUT as graphql-js words it, HTTP 400, nothing executed', () => {
    const byId = `query ById($o: String!) { deductOrder(outTradeNo: $o) { outTradeNo } }`;
    const watch = `subscription Watch($o: String!) { deductOrderUpdated(outTradeNo: $o) { outTradeNo } }`;
    // Variables made when a case runs: the sandbox contract exists by then.
    const cases: [string, string, () => Record<string, unknown>][] = [
      ['a missing required variable', byId, () => ({})],
      ['an input object without a required field', print(ScheduleRepaymentDocument), () => ({ input: { ...reservationInput(), contractId: undefined } })],
      ['an unknown enum value', print(DeductOrdersDocument), () => ({ filter: { states: ['NOT_A_STATE'] } })],
      ['1.5 for an Int', print(DeductOrdersDocument), () => ({ first: 1.5 })],
      ['a bad DateTimeISO', print(DeductOrdersDocument), () => ({ filter: { createdFrom: 'yesterday' } })],
      // graphql-jit alone takes an array for an input object: refused on every round, compiled or not.
      ['a list where an input object belongs', print(DeductOrdersDocument), () => ({ filter: [] })],
      // In UTC that is year 10000, which prints as +010000-… and compared with stored times finds nothing.
      ['a DateTimeISO past the year 9999 in UTC', print(DeductOrdersDocument), () => ({ filter: { createdTo: '9999-12-31T23:59:59-23:59' } })],
      ['a bad Fen', print(ScheduleRepaymentDocument), () => ({ input: reservationInput({ repaymentAmount: 'abc' }) })],
      // A JSON number went through a double before we see it ("100.000000000000001" arrives as 100).
      ['a Fen as a JSON number', print(ScheduleRepaymentDocument), () => ({ input: reservationInput({ repaymentAmount: 10000 }) })],
      ['a realIdentity without its identityType', print(PresignRepaymentContractDocument), () => presignInput({ identityId: ID_NUMBER, realName: REAL_NAME })],
      ['a realIdentity whose identityId is a JSON number', print(PresignRepaymentContractDocument), () => presignInput({ identityType: 'ID_CARD', identityId: Number(ID_NUMBER), realName: REAL_NAME })],
      ['a realIdentity with a field of its own', print(PresignRepaymentContractDocument), () => presignInput({ identityType: 'ID_CARD', identityId: ID_NUMBER, realName: REAL_NAME, note: REAL_NAME })],
      // Values that read like a refusal, so a reason matched inside them would repeat them.
      ['a value that mimics a reason', print(PresignRepaymentContractDocument), () => presignInput({ identityType: 'ID_CARD', identityId: ID_NUMBER, realName: { name: 'Expected type WangXiaoming' } })],
      ['a value that mimics a path and a reason', print(PresignRepaymentContractDocument), () => ({ input: { ...presignInput({}).input, realIdentity: 'at "input.WangXiaoming"; Expected type WangXiaoming to be an object' } })],
      ['a key that mimics an unknown field', print(PresignRepaymentContractDocument), () => presignInput({ identityType: 'ID_CARD', identityId: ID_NUMBER, realName: { 'Field "WangXiaoming" is not defined by type "RealIdentityInput"': 1 } })],
    ];

    function assertRefusedVariables(errors: readonly GraphQLFormattedError[] | undefined, name: string) {
      assert.ok(errors?.length, name);
      for (const error of errors) {
        assert.equal(error.extensions?.code, 'BAD_USER_INPUT', `${name}: ${JSON.stringify(errors)}`);
        assert.match(error.message, /^Variable "\$\w+"/, name);
        // The refused value is not repeated: it may be a borrower's name and ID number.
        const said = JSON.stringify(error);
        assert.doesNotMatch(said, /1101011990030777|王小明|WangXiaoming|got invalid value/, `${name}: ${said}`);
      }
    }

    for (const [name, query, variables] of cases) {
      it(`over HTTP: ${name}`, async () => {
        // Several times: the complexity of a shape is cached, and graphql-jit takes over from the third run.
        for (let round = 0; round < 4; round++) {
          const result = await graphqlRequest(stack.graphqlUrl, query, variables());
          assert.equal(result.status, 400, `${name}: ${JSON.stringify(result)}`);
          assert.equal(result.data, undefined);
          assertRefusedVariables(result.errors, name);
        }
      });
    }

    async function overWebSocket(query: string, variables: Record<string, unknown>) {
      const subscriber = new Subscriber(stack.wsUrl).subscribe(parse(query), variables);
      await eventually(async () => (subscriber.completed || subscriber.error ? true : undefined), 'the operation to end');
      await subscriber.close();
      assert.equal(subscriber.error, undefined, JSON.stringify(subscriber.error));
      assert.equal(subscriber.results.length, 1, JSON.stringify(subscriber.results));
      return subscriber.results[0];
    }

    for (const [name, query, variables] of [...cases, ['a subscription without its required variable', watch, () => ({})] as const]) {
      it(`over WebSocket: ${name}`, async () => {
        const result = await overWebSocket(query, variables());
        assert.equal(result.data, undefined);
        assertRefusedVariables(result.errors as GraphQLFormattedError[] | undefined, name);
      });
    }

    it('an amount written in the query text that is not one fails validation, located at the literal', async () => {
      const input = reservationInput();
      const query = `mutation {\n  scheduleRepayment(input: { contractId: "${input.contractId}", outRecordId: "${input.outRecordId}", subMchid: "${input.subMchid}",\n    repaymentAmount: "10000", minRepaymentAmount: "10.5", repaymentDate: "${input.repaymentDate}" }) { outRecordId }\n}`;
      const result = await graphqlRequest(stack.graphqlUrl, query, {});
      const error = result.errors?.[0];
      assert.equal(error?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(result.errors));
      assert.match(error?.message ?? '', /^Fen must be/);
      const line = query.split('\n')[2]!;
      assert.deepEqual(error?.locations, [{ line: 3, column: line.indexOf('"10.5"') + 1 }]);
      assert.equal(await stack.store.reservations.get(input.outRecordId as string), undefined);
    });

    it('an enum value written in quotes says which enum, and to drop the quotes', async () => {
      const result = await graphqlRequest(stack.graphqlUrl, '{ deductOrders(filter: { states: ["PAY_FAIL"] }) { edges { cursor } } }', {});
      assert.equal(result.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(result.errors?.[0]?.message ?? '', /enum "DeductOrderState", written without quotes/);
    });

    it('a refused value written in the query text is not repeated either, only located', async () => {
      const presign = (realIdentity: string) =>
        `mutation { presignRepaymentContract(input: { flow: APP, planId: "100001", outContractCode: "${id('C')}", displayName: "张三", repaymentAmountLimit: "10000", realIdentity: ${realIdentity} }) { presignToken } }`;
      for (const realIdentity of [
        `{ identityType: ID_CARD, identityId: ${ID_NUMBER}, realName: "${REAL_NAME}" }`, // an Int where a String belongs
        `{ identityType: PASSPORT, identityId: "${ID_NUMBER}", realName: "${REAL_NAME}" }`,
        `"${REAL_NAME} ${ID_NUMBER}"`, // a String where an object belongs
      ]) {
        const result = await graphqlRequest(stack.graphqlUrl, presign(realIdentity), {});
        assert.ok(result.errors?.length, realIdentity);
        for (const error of result.errors) {
          assert.equal(error.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(error));
          assert.ok(error.locations?.length, JSON.stringify(error));
          assert.doesNotMatch(JSON.stringify(error), /1101011990030777|王小明/, JSON.stringify(error));
        }
      }
    });

    it('a good request of the same shape is still priced and answered', async () => {
      const result = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { filter: { createdFrom: new Date(0).toISOString() }, first: 1 });
      assert.equal(result.status, 200);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    });
  });

  describe('initiateRepayment', () => {
    let outRecordId: string;
    before(async () => {
      const input = reservationInput({ minRepaymentAmount: '2000' });
      const result = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, { input } as never);
      assert.equal(result.data?.scheduleRepayment.state, 'SCHEDULED', JSON.stringify(result.errors));
      outRecordId = input.outRecordId as string;
    });

    const orderCases: [string, Record<string, unknown>, string][] = [
      ['more than the reservation', { deductAmount: '10001' }, 'deductAmount'],
      ['less than the reservation minimum', { deductAmount: '1999' }, 'deductAmount'],
      ['a trade number that is too short', { outTradeNo: 'T1' }, 'outTradeNo'],
      ['an emoji in the description', { description: 'repay 😀' }, 'description'],
      ['an empty description', { description: '' }, 'description'],
    ];
    for (const [name, overrides, field] of orderCases) {
      it(`refuses ${name} (BAD_USER_INPUT on ${field})`, async () => {
        const input = { contractId: contract.contract_id, outTradeNo: id('T'), outRecordId, deductAmount: '5000', description: 'repay', ...overrides };
        const result = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, { input } as never);
        assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result.errors));
        assert.equal(result.errors?.[0].extensions?.field, field);
        await assertNeverReachedWechatpay('order', input.outTradeNo as string);
      });
    }

    it('refuses a reservation of another contract as not found on this one', async () => {
      const input = { contractId: consumerLoan.contract_id, outTradeNo: id('T'), outRecordId, deductAmount: '5000', description: 'repay' };
      const result = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, { input } as never);
      assert.equal(result.errors?.[0].extensions?.code, 'NOT_FOUND');
      assert.equal(result.errors?.[0].extensions?.field, 'outRecordId');
      await assertNeverReachedWechatpay('order', input.outTradeNo);
    });

    it('answers NOT_FOUND with no stack trace for an unknown order', async () => {
      const result = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: 'NOSUCHORDER1' });
      assert.equal(result.errors?.[0].extensions?.code, 'NOT_FOUND');
      assert.equal(result.errors?.[0].extensions?.stacktrace, undefined);
      assert.equal(result.data?.deductOrder, null);
    });
  });
});
