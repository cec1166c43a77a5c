import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getOperationAST, parse } from 'graphql';
import { topLevelFieldCount } from '../../src/graphql/mutation-rate-limit.js';

describe('topLevelFieldCount', () => {
  const count = (text: string) => {
    const document = parse(text);
    return topLevelFieldCount(document, getOperationAST(document)!);
  };
  const refresh = (alias: string) => `${alias}: refreshDeductOrder(outTradeNo: "T${alias}") { outTradeNo }`;

  it('counts every aliased field', () => {
    assert.equal(count(`mutation { ${Array.from({ length: 200 }, (_, i) => refresh(`a${i}`)).join(' ')} }`), 200);
  });

  it('follows fragment spreads and inline fragments at the top level', () => {
    const text = `mutation { ${refresh('a')} ...More ... on Mutation { ${refresh('b')} ... { ${refresh('c')} } } }
      fragment More on Mutation { ${refresh('d')} ...Last }
      fragment Last on Mutation { ${refresh('e')} }`;
    assert.equal(count(text), 5);
  });

  it('counts a response key once (graphql runs it once) and leaves out __typename', () => {
    assert.equal(count(`mutation { ${refresh('a')} ${refresh('a')} __typename ...A ...A } fragment A on Mutation { ${refresh('a')} }`), 1);
  });
});
