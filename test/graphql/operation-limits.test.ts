import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse, type GraphQLSchema } from 'graphql';
import { buildRepaymentSchema } from '../../src/graphql/build-schema.js';
import { assertComplexity } from '../../src/graphql/operation-limits.js';

describe('assertComplexity', () => {
  let schema: GraphQLSchema;
  before(async () => {
    schema = await buildRepaymentSchema();
  });

  const deep = (alias: string, args: string, directive = '') =>
    `${alias}: repaymentContracts(${args})${directive} { edges { node { reservations { deductOrders { outTradeNo } } deductOrders { reservation { outRecordId } } } } }`;
  // 4,401 each at 100 rows: six of them exceed the 25,000 limit, five do not.
  // One document object, as Apollo's document cache hands it out on every request.
  const nested = parse(`query Page($first: Int, $openid: String) {
    ${['a', 'b', 'c', 'd', 'e'].map((alias) => deep(alias, 'first: $first, filter: { openid: $openid }')).join('\n')}
    ${deep('f', 'first: $first')}
  }`);

  it('prices each set of page sizes and switches anew, however often the document was seen', () => {
    for (let round = 0; round < 3; round++) {
      assertComplexity(schema, nested, { first: 5, openid: `o${round}` }, 'Page');
      assert.throws(() => assertComplexity(schema, nested, { first: 100, openid: `o${round}` }, 'Page'), (error: any) => {
        assert.equal(error.extensions.code, 'QUERY_TOO_COMPLEX');
        return true;
      });
    }
  });

  it('prices @include by its variable', () => {
    const shallow = parse(`query Two($first: Int, $deep: Boolean!) {
      ${['a', 'b', 'c', 'd', 'e'].map((alias) => deep(alias, 'first: $first')).join('\n')}
      ${deep('f', 'first: $first', ' @include(if: $deep)')}
    }`);
    assertComplexity(schema, shallow, { first: 100, deep: false }, 'Two');
    assert.throws(() => assertComplexity(schema, shallow, { first: 100, deep: true }, 'Two'), /exceeds the limit/);
    assertComplexity(schema, shallow, { first: 100, deep: false }, 'Two');
  });

  it('never prices a field below zero: a negative page size cannot cancel the cost of the others', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((alias) => deep(alias, 'first: 100')).join('\n');
    for (const field of ['stuckReservations(first: -1000000) { stuckForSeconds }', 'stuckDeductOrders(first: -1000000) { stuckForSeconds }']) {
      const cancelled = parse(`{ ${five} ${deep('f', 'first: 100')} cheap: ${field} }`);
      assert.throws(() => assertComplexity(schema, cancelled, {}, undefined), /exceeds the limit/, field);
    }
  });

  it('leaves an operation with bad variables unpriced, for execution to refuse (no coercion error thrown here)', () => {
    const page = parse(`query Page($first: Int!) { ${deep('a', 'first: $first')} }`);
    for (const variables of [{}, { first: 1.5 }, { first: 'ten' }, undefined]) assertComplexity(schema, page, variables, 'Page');
    assert.throws(() => assertComplexity(schema, nested, { first: 100 }, 'Page'), /exceeds the limit/, 'good variables are still priced');
  });
});
