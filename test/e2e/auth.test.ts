import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { parse, type GraphQLFormattedError } from 'graphql';
import { addDays, beijingDate } from '../../src/domain/beijing-date.js';
import {
  DeductOrderDocument,
  DeductOrdersDocument,
  DeductOrderUpdatedDocument,
  InitiateRepaymentDocument,
  PresignRepaymentContractDocument,
  RepaymentContractDocument,
  RepaymentContractsDocument,
  ScheduleRepaymentDocument,
  type DeductOrderUpdatedSubscription,
} from '../generated/graphql.js';
import { eventually } from '../helpers/eventually.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { Subscriber } from '../helpers/graphql-ws-subscriber.js';
import { startSandboxStack, type SandboxContract, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, staffToken, userToken } from '../helpers/test-auth.js';

let n = 0;
const id = (prefix: string) => `${prefix}${Date.now()}${++n}`;

/**
 * Who may see and do what. Two borrowers (A and B) each have a contract and a paid order; every
 * case asserts the exact error code and that nothing of the other borrower leaked or changed.
 */
describe('authentication, scoping and abuse limits', () => {
  let stack: SandboxStack;
  let contractA: SandboxContract;
  let contractB: SandboxContract;
  let orderB: string;
  let asA: Record<string, string>;
  let asB: Record<string, string>;

  async function paidOrder(contract: SandboxContract): Promise<string> {
    const outRecordId = id('R');
    const reserved = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
      input: { contractId: contract.contract_id, outRecordId, subMchid: '1900000109', repaymentAmount: '10000', minRepaymentAmount: '1000', repaymentDate: addDays(beijingDate(new Date()), 3) },
    });
    assert.equal(reserved.errors, undefined, JSON.stringify(reserved.errors));
    const outTradeNo = id('T');
    await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
      input: { contractId: contract.contract_id, outTradeNo, outRecordId, deductAmount: '10000', description: 'repay' },
    });
    return outTradeNo;
  }

  before(async () => {
    stack = await startSandboxStack({ mutationRateLimitPerMinute: 1_000 });
    contractA = await stack.sandboxContract({ openid: 'oUserA000000000000000000000' });
    contractB = await stack.sandboxContract({ openid: 'oUserB000000000000000000000' });
    for (const contract of [contractA, contractB]) {
      await eventually(async () => stack.store.contracts.getByContractId(contract.contract_id), 'signed contract');
    }
    await paidOrder(contractA);
    orderB = await paidOrder(contractB);
    asA = await bearer(userToken(contractA.openid));
    asB = await bearer(userToken(contractB.openid));
  });
  after(() => stack.close());

  describe('tokens', () => {
    const cases: [string, () => Promise<Record<string, string>>][] = [
      ['no token', async () => ({})],
      ['a malformed header', async () => ({ authorization: 'Token abc' })],
      ['an expired token', async () => bearer(userToken('oUserA000000000000000000000', { expiresIn: '-1m' }))],
      ['a wrong signature', async () => bearer(new SignJWT({ role: 'staff' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setAudience('repayment-graphql').setExpirationTime('1h').sign(new Uint8Array(32)))],
      ['a wrong audience', async () => bearer(userToken('oUserA000000000000000000000', { audience: 'another-api' }))],
      ['alg none', async () => ({ authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'staff', sub: 'x', aud: 'repayment-graphql', exp: 9999999999 })).toString('base64url')}.` })],
    ];
    for (const [name, headers] of cases) {
      it(`refuses ${name} with 401 UNAUTHENTICATED and no data`, async () => {
        const result = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB }, await headers());
        assert.equal(result.status, 401);
        assert.equal(result.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
        assert.equal(result.data, undefined);
      });
    }

    it('refuses a graphql-ws connection without a valid token', async () => {
      const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl, {}).subscribe(DeductOrderUpdatedDocument, { outTradeNo: orderB });
      await eventually(async () => (subscriber.error ? true : undefined), 'the connection to be refused');
      assert.equal((subscriber.error as { code?: number }).code, 4403);
      assert.equal(subscriber.results.length, 0);
      await subscriber.close();
    });
  });

  describe("a borrower never sees another borrower's records", () => {
    it('by id: NOT_FOUND, exactly as for an order that does not exist', async () => {
      const stranger = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB }, asA);
      const missing = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: 'NOSUCHORDER1' }, asA);
      assert.equal(stranger.errors?.[0].extensions?.code, 'NOT_FOUND');
      assert.equal(stranger.data?.deductOrder, null);
      assert.equal(missing.errors?.[0].extensions?.code, 'NOT_FOUND');
      const contract = await graphqlRequest(stack.graphqlUrl, RepaymentContractDocument, { contractId: contractB.contract_id }, asA);
      assert.equal(contract.errors?.[0].extensions?.code, 'NOT_FOUND');
      const own = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB }, asB);
      assert.equal(own.data?.deductOrder?.outTradeNo, orderB);
    });

    it('when both ask for the same order at once (reads shared across requests), each gets only what it may see', async () => {
      const asking = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? asA : asB));
      const answers = await Promise.all(asking.map((headers) => graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB }, headers)));
      answers.forEach((answer, i) => {
        if (asking[i] === asA) {
          assert.equal(answer.errors?.[0].extensions?.code, 'NOT_FOUND');
          assert.equal(answer.data?.deductOrder, null);
        } else {
          assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
          assert.equal(answer.data?.deductOrder?.outTradeNo, orderB);
          assert.equal(answer.data?.deductOrder?.contract?.openid, contractB.openid);
        }
      });
    });

    it('in lists and nested fields, even when asking for the other openid', async () => {
      const orders = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { filter: { openid: contractB.openid }, first: 100 }, asA);
      assert.equal(orders.errors, undefined);
      const openids = orders.data!.deductOrders.edges.map((edge) => edge.node.openid);
      assert.ok(openids.length > 0);
      assert.ok(openids.every((openid) => openid === contractA.openid), JSON.stringify(openids));
      const contracts = await graphqlRequest(stack.graphqlUrl, RepaymentContractsDocument, { first: 100 }, asA);
      const nodes = contracts.data!.repaymentContracts.edges.map((edge) => edge.node);
      assert.deepEqual(nodes.map((node) => node.contractId), [contractA.contract_id]);
      assert.ok(nodes.every((node) => node.deductOrders.every((order) => order.openid === contractA.openid)));
    });

    // Every subscription field, against an id that does not exist: subscription-scoping.test.ts.
    it("by subscription to a contract's orders: refused at subscribe time (NOT_FOUND)", async () => {
      const subscriber = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl, asA).subscribe(DeductOrderUpdatedDocument, { contractId: contractB.contract_id });
      await eventually(async () => (subscriber.results.length > 0 || subscriber.error ? true : undefined), 'an answer');
      const errors = (subscriber.results[0]?.errors ?? (subscriber.error as { message?: string }[])) as { extensions?: { code?: string } }[];
      assert.equal(errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(subscriber.results));
      assert.ok(subscriber.results.every((result) => !result.data?.deductOrderUpdated));
      await subscriber.close();
    });

    it("by subscription to an order that does not exist yet: another borrower's later order is never delivered", async () => {
      const outTradeNo = id('T');
      const spy = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl, asA).subscribe(DeductOrderUpdatedDocument, { outTradeNo });
      const owner = new Subscriber<DeductOrderUpdatedSubscription>(stack.wsUrl, asB).subscribe(DeductOrderUpdatedDocument, { outTradeNo });
      await spy.connected();
      await owner.connected();
      const outRecordId = id('R');
      await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
        input: { contractId: contractB.contract_id, outRecordId, subMchid: '1900000109', repaymentAmount: '10000', minRepaymentAmount: '1000', repaymentDate: addDays(beijingDate(new Date()), 3) },
      }, asB);
      await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: contractB.contract_id, outTradeNo, outRecordId, deductAmount: '10000', description: 'repay' },
      }, asB);
      await owner.waitFor(2);
      assert.equal(spy.results.length, 0);
      await spy.close();
      await owner.close();
    });
  });

  describe("an order's lastError (operators' diagnostics)", () => {
    it('is shown to staff and null to the borrower who owns the order', async () => {
      const text = "WeChat Pay's answer contradicts this order (contract_id SOMEONEELSES, ours X)";
      const states = ['SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY', 'PAY_SUCCESS', 'PAY_FAIL'] as const;
      assert.ok(await stack.store.deductOrders.reschedulePoll(orderB, states, { lastError: text }));
      const asStaff = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB });
      assert.equal(asStaff.data?.deductOrder?.lastError, text);
      const asOwner = await graphqlRequest(stack.graphqlUrl, DeductOrderDocument, { outTradeNo: orderB }, asB);
      assert.equal(asOwner.errors, undefined);
      assert.equal(asOwner.data?.deductOrder?.outTradeNo, orderB);
      assert.equal(asOwner.data?.deductOrder?.lastError, null);
    });
  });

  describe('who asked for a reservation and an order (requestedBy)', () => {
    const WHO = 'query ($o: String!) { deductOrder(outTradeNo: $o) { requestedBy reservation { requestedBy } } }';
    type Who = { deductOrder: { requestedBy: string | null; reservation: { requestedBy: string | null } | null } | null };

    it("is kept for staff's and the borrower's own requests, shown to staff, null to the borrower", async () => {
      const outRecordId = id('R');
      const reserved = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
        input: { contractId: contractA.contract_id, outRecordId, subMchid: '1900000109', repaymentAmount: '10000', minRepaymentAmount: '1000', repaymentDate: addDays(beijingDate(new Date()), 3) },
      }, asA);
      assert.equal(reserved.errors, undefined, JSON.stringify(reserved.errors));
      const byBorrower = id('T');
      const initiated = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: contractA.contract_id, outTradeNo: byBorrower, outRecordId, deductAmount: '10000', description: 'repay' },
      }, asA);
      assert.equal(initiated.errors, undefined, JSON.stringify(initiated.errors));

      const asStaff = await graphqlRequest<Who, { o: string }>(stack.graphqlUrl, WHO, { o: byBorrower });
      assert.deepEqual(asStaff.data?.deductOrder, { requestedBy: `test-user-${contractA.openid}`, reservation: { requestedBy: `test-user-${contractA.openid}` } });
      const ofStaff = await graphqlRequest<Who, { o: string }>(stack.graphqlUrl, WHO, { o: orderB });
      assert.deepEqual(ofStaff.data?.deductOrder, { requestedBy: 'test-staff', reservation: { requestedBy: 'test-staff' } });
      const asOwner = await graphqlRequest<Who, { o: string }>(stack.graphqlUrl, WHO, { o: byBorrower }, asA);
      assert.deepEqual(asOwner.data?.deductOrder, { requestedBy: null, reservation: { requestedBy: null } });
    });
  });

  describe('what a borrower may do', () => {
    it("cannot initiate a repayment on another borrower's contract (NOT_FOUND, nothing created)", async () => {
      const outTradeNo = id('T');
      const result = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: contractB.contract_id, outTradeNo, outRecordId: 'R1', deductAmount: '100', description: 'x' },
      }, asA);
      assert.equal(result.errors?.[0].extensions?.code, 'NOT_FOUND');
      assert.equal(await stack.store.deductOrders.get(outTradeNo), undefined);
    });

    it("cannot learn of another borrower's reservation through its own contract: NOT_FOUND as a missing one, the other contract never named", async () => {
      const reservationB = (await stack.store.deductOrders.get(orderB))!.outRecordId;
      const answers = [];
      for (const outRecordId of [reservationB, 'RNOSUCHRESERVATION01']) {
        const result = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
          input: { contractId: contractA.contract_id, outTradeNo: id('T'), outRecordId, deductAmount: '1000', description: 'x' },
        }, asA);
        answers.push(result.errors?.[0]);
      }
      const [ofB, missing] = answers;
      assert.equal(ofB?.extensions?.code, 'NOT_FOUND', JSON.stringify(ofB));
      assert.equal(missing?.extensions?.code, 'NOT_FOUND');
      assert.equal(ofB?.extensions?.field, missing?.extensions?.field);
      assert.doesNotMatch(ofB!.message, new RegExp(contractB.contract_id));
    });

    it("learns nothing of another borrower's ids without a contract of its own (NOT_FOUND on the contract, not CONFLICT)", async () => {
      const reservationB = (await stack.store.deductOrders.get(orderB))!.outRecordId;
      const initiated = await graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: '20991231000000000000001', outTradeNo: orderB, outRecordId: reservationB, deductAmount: '1000', description: 'x' },
      }, asA);
      assert.equal(initiated.errors?.[0].extensions?.code, 'NOT_FOUND', JSON.stringify(initiated.errors));
      assert.equal(initiated.errors?.[0].extensions?.field, 'contractId');
      const scheduled = await graphqlRequest(stack.graphqlUrl, ScheduleRepaymentDocument, {
        input: { contractId: contractB.contract_id, outRecordId: reservationB, subMchid: '1900000109', repaymentAmount: '10000', minRepaymentAmount: '1000', repaymentDate: addDays(beijingDate(new Date()), 3) },
      }, asA);
      assert.equal(scheduled.errors?.[0].extensions?.code, 'NOT_FOUND', JSON.stringify(scheduled.errors));
      assert.equal(scheduled.errors?.[0].extensions?.field, 'contractId');
    });

    it('cannot presign (staff only: FORBIDDEN)', async () => {
      const outContractCode = id('C');
      const result = await graphqlRequest(stack.graphqlUrl, PresignRepaymentContractDocument, {
        input: { flow: 'APP', planId: '100001', outContractCode, displayName: '张三', repaymentAmountLimit: '1000' },
      }, asA);
      assert.equal(result.errors?.[0].extensions?.code, 'FORBIDDEN');
      assert.equal(await stack.store.contracts.get(outContractCode), undefined);
    });
  });

  describe('abuse limits', () => {
    it('refuses a query deeper than the limit', async () => {
      const deep = `query { deductOrder(outTradeNo: "${orderB}") { contract { deductOrders { reservation { deductOrders { contract { reservations { deductOrders { contract { openid } } } } } } } } } }`;
      const result = await graphqlRequest(stack.graphqlUrl, deep);
      assert.equal(result.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(result.errors![0].message, /depth/i);
    });

    it('refuses a query that could fetch too many rows', async () => {
      const page = 'deductOrders(first: 100) { edges { node { outTradeNo contract { reservations { outRecordId deductOrders { outTradeNo reservation { outRecordId } } } deductOrders { outTradeNo } } } } }';
      const result = await graphqlRequest(stack.graphqlUrl, `query { a: ${page} b: ${page} c: ${page} }`);
      assert.equal(result.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
      assert.equal(result.data, undefined);
    });

    it('caps the page size', async () => {
      const result = await graphqlRequest(stack.graphqlUrl, DeductOrdersDocument, { first: 101 });
      assert.equal(result.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    });

    it('refuses an oversized body with 413', async () => {
      const response = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asA },
        body: JSON.stringify({ query: `query { __typename }`, variables: { pad: 'x'.repeat(200 * 1024) } }),
      });
      assert.equal(response.status, 413);
    });

    it('offers no automatic persisted queries: PERSISTED_QUERY_NOT_SUPPORTED, a hash that does not match included', async () => {
      for (const query of [undefined, '{ __typename }']) {
        const response = await fetch(stack.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await bearer(staffToken())) },
          body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
        });
        const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        // Answered 200, as Apollo does for APQ clients (they then send the query text).
        assert.equal(body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_SUPPORTED', JSON.stringify(body));
      }
    });

    it('keeps CSRF prevention on (a GET without a preflight header is refused)', async () => {
      const response = await fetch(`${stack.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: asA });
      assert.equal(response.status, 400);
      assert.match(await response.text(), /CSRF|preflight/i);
    });
  });
});

describe('mutation rate limit per viewer', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack({ mutationRateLimitPerMinute: 3 });
  });
  after(() => stack.close());

  it('answers RATE_LIMITED after the budget, per viewer', async () => {
    const asA = await bearer(userToken('oRateA'));
    const asB = await bearer(userToken('oRateB'));
    const attempt = (headers: Record<string, string>) =>
      graphqlRequest(stack.graphqlUrl, InitiateRepaymentDocument, {
        input: { contractId: '1', outTradeNo: 'TRATE00001', outRecordId: 'R1', deductAmount: '1', description: 'x' },
      }, headers);
    for (let i = 0; i < 3; i++) assert.equal((await attempt(asA)).errors?.[0].extensions?.code, 'NOT_FOUND');
    const limited = await attempt(asA);
    assert.equal(limited.errors?.[0].extensions?.code, 'RATE_LIMITED');
    assert.ok((limited.errors?.[0].extensions?.retryAfterSeconds as number) > 0);
    assert.equal((await attempt(asB)).errors?.[0].extensions?.code, 'NOT_FOUND', 'another viewer has its own budget');
  });

  // Each field is one WeChat Pay call: an unknown contract answers NOT_FOUND before any is made.
  const initiate = (alias: string) =>
    `${alias}: initiateRepayment(input: { contractId: "1", outTradeNo: "TRATE${alias}", outRecordId: "R1", deductAmount: "1", description: "x" }) { outTradeNo }`;
  const single = (headers: Record<string, string>) => graphqlRequest(stack.graphqlUrl, `mutation { ${initiate('one')} }`, undefined, headers);

  it('charges one point per top-level mutation field, also through fragments', async () => {
    const headers = await bearer(userToken('oRateAliases'));
    const three = await graphqlRequest(stack.graphqlUrl, `mutation { ${initiate('a')} ...B ... on Mutation { ${initiate('c')} } } fragment B on Mutation { ${initiate('b')} }`, undefined, headers);
    // The first NOT_FOUND nulls the whole (non-null) answer, so the others never run; charged all the same.
    assert.equal(three.errors?.[0].extensions?.code, 'NOT_FOUND');
    const limited = await single(headers);
    assert.equal(limited.status, 429);
    assert.equal(limited.errors?.[0].extensions?.code, 'RATE_LIMITED');
  });

  it('refuses an operation with more mutations than the budget, without charging it', async () => {
    const headers = await bearer(userToken('oRateTooMany'));
    const four = await graphqlRequest(stack.graphqlUrl, `mutation { ${['a', 'b', 'c', 'd'].map(initiate).join(' ')} }`, undefined, headers);
    assert.equal(four.status, 400);
    assert.equal(four.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.equal(four.errors?.[0].extensions?.limit, 3);
    assert.equal(four.data, undefined);
    assert.equal((await single(headers)).errors?.[0].extensions?.code, 'NOT_FOUND', 'the budget is untouched');
  });

  it('charges per mutation field over WebSocket too', async () => {
    const connectionParams = await bearer(userToken('oRateSocket'));
    const run = async (text: string) => {
      const subscriber = new Subscriber(stack.wsUrl, connectionParams).subscribe(parse(text), {});
      await eventually(async () => (subscriber.completed || subscriber.error ? true : undefined), 'the mutation to finish');
      await subscriber.close();
      return subscriber.results[0]?.errors ?? (subscriber.error as GraphQLFormattedError[]);
    };
    assert.deepEqual((await run(`mutation { ${initiate('a')} ${initiate('b')} }`)).map((error) => error.extensions?.code), ['NOT_FOUND']);
    assert.deepEqual((await run(`mutation { ${initiate('c')} ${initiate('d')} }`)).map((error) => error.extensions?.code), ['RATE_LIMITED']);
  });
});

describe('production mode', () => {
  let stack: SandboxStack;
  before(async () => {
    stack = await startSandboxStack({ production: true });
  });
  after(() => stack.close());

  it('turns introspection off', async () => {
    const result = await graphqlRequest(stack.graphqlUrl, '{ __schema { types { name } } }');
    assert.equal(result.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(result.data, undefined);
  });

  it('serves no landing page', async () => {
    const response = await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } });
    assert.doesNotMatch(await response.text(), /<html/i);
  });
});
