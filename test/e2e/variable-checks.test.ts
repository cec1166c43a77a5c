/**
 * Checks on variables before anything runs. U+0000 in a string argument is refused alike on both
 * stores (PostgreSQL's text cannot hold it, so a lookup that reached it failed as
 * INTERNAL_SERVER_ERROR; SQLite found nothing), and so is a value nested deeper than any input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_VARIABLE_DEPTH } from '../../src/graphql/variable-checks.js';
import { RepaymentContractByCodeDocument } from '../generated/graphql.js';
import { graphqlRequest } from '../helpers/graphql-http.js';
import { acknowledged, answer } from '../helpers/graphql-ws-raw.js';
import { startSandboxStack, type SandboxStack } from '../helpers/sandbox-stack.js';
import { bearer, staffToken, userToken } from '../helpers/test-auth.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../store/test-setup.js';

for (const dialect of DIALECTS) {
  describe(`U+0000 in a string argument (${dialect})`, () => {
    let stack: SandboxStack;
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
      stack = await startSandboxStack({ databaseUrl: database.url });
    });
    after(async () => {
      await stack?.close();
      await database?.drop();
    });

    it('in a variable, anywhere within it: BAD_USER_INPUT naming the variable, HTTP 400', async () => {
      const byCode = await graphqlRequest(stack.graphqlUrl, RepaymentContractByCodeDocument, { outContractCode: 'C1\u0000' });
      assert.equal(byCode.status, 400);
      assert.deepEqual(byCode.errors?.map((e) => [e.extensions?.code, e.extensions?.field]), [['BAD_USER_INPUT', 'outContractCode']]);
      assert.doesNotMatch(byCode.errors![0]!.message, /C1/, 'the value is not repeated');

      const borrower = await bearer(userToken('oSandboxDemoUser0000000000000'));
      const nested = await graphqlRequest(
        stack.graphqlUrl,
        'query ($filter: RepaymentContractFilter) { repaymentContracts(filter: $filter, first: 5) { edges { cursor } } }',
        { filter: { planId: '100001\u0000' } },
        borrower,
      );
      assert.deepEqual(nested.errors?.map((e) => [e.extensions?.code, e.extensions?.field]), [['BAD_USER_INPUT', 'filter']]);
    });

    it('in a string literal of the query text: a validation error', async () => {
      const result = await graphqlRequest(stack.graphqlUrl, '{ repaymentContractByCode(outContractCode: "C1\\u0000") { state } }');
      assert.equal(result.status, 400);
      assert.equal(result.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(result.errors![0]!.message, /U\+0000/);
    });

    it('inside a cursor: BAD_USER_INPUT on after', async () => {
      for (const position of [['2026-12-02T00:00:00.000Z', 'C1\u0000'], ['2026-12-02T00:00:00.000Z\u0000x', 'C1']]) {
        const after = Buffer.from(JSON.stringify(position)).toString('base64url');
        const result = await graphqlRequest(stack.graphqlUrl, 'query ($after: String) { deductOrders(first: 5, after: $after) { edges { cursor } } }', { after });
        assert.deepEqual(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field]), [['BAD_USER_INPUT', 'after']], JSON.stringify(result.errors));
      }
    });

    it('nested deeper than any input (a small body of [[[…]]]): BAD_USER_INPUT, not a stack overflow', async () => {
      // Written out by hand: JSON.stringify itself overflows on 5,000 levels.
      const deep = `${'['.repeat(5_000)}"T1"${']'.repeat(5_000)}`;
      const query = JSON.stringify('query ($x: String!) { deductOrder(outTradeNo: $x) { outTradeNo } }');
      const response = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await bearer(staffToken())) },
        body: `{"query":${query},"variables":{"x":${deep}}}`,
      });
      assert.equal(response.status, 400);
      const { errors } = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string; field?: string } }> };
      assert.deepEqual(errors.map((e) => [e.extensions.code, e.extensions.field]), [['BAD_USER_INPUT', 'x']]);
      assert.match(errors[0]!.message, /nested deeper/);

      let fits: unknown = 'T1';
      for (let level = 0; level < MAX_VARIABLE_DEPTH; level++) fits = [fits];
      const typed = await graphqlRequest(stack.graphqlUrl, 'query ($x: String!) { deductOrder(outTradeNo: $x) { outTradeNo } }', { x: fits });
      assert.equal(typed.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'within the depth, graphql-js refuses the type');
      assert.doesNotMatch(typed.errors![0]!.message, /nested deeper/);

      const client = await acknowledged(stack.wsUrl);
      const from = client.frames.length;
      const subscription = JSON.stringify('subscription ($x: String) { deductOrderUpdated(outTradeNo: $x) { outTradeNo } }');
      client.send(`{"id":"deep","type":"subscribe","payload":{"query":${subscription},"variables":{"x":${deep}}}}`);
      const frame = JSON.parse(await client.frame(from));
      assert.equal(frame.type, 'error');
      assert.equal(frame.payload[0].extensions.code, 'BAD_USER_INPUT');
      client.socket.close();
    });

    it('over WebSocket too', async () => {
      const client = await acknowledged(stack.wsUrl);
      const frame = await answer(client, 'nul', {
        query: 'subscription ($c: String) { repaymentContractUpdated(outContractCode: $c) { state } }',
        variables: { c: 'C1\u0000' },
      });
      assert.equal(frame.type, 'error');
      assert.equal(frame.payload[0].extensions.code, 'BAD_USER_INPUT');
      client.socket.close();
    });
  });
}
