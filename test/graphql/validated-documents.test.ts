import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, specifiedRules, type GraphQLError } from 'graphql';
import { ValidatedDocuments } from '../../src/graphql/validated-documents.js';

const schema = buildSchema('type Query { a: Int, b: Int, c: Int }');

describe('ValidatedDocuments', () => {
  it('codes parse and validation errors as Apollo does, and keeps only valid documents', () => {
    const documents = new ValidatedDocuments(schema, specifiedRules);
    assert.equal((documents.get('{ a') as GraphQLError[])[0].extensions.code, 'GRAPHQL_PARSE_FAILED');
    assert.equal((documents.get('{ nope }') as GraphQLError[])[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(documents.size, 0);
    assert.equal(documents.get('{ a }'), documents.get('{ a }'), 'parsed once');
    assert.equal(documents.size, 1);
  });

  it('never keeps a text over the entry bound, and stays within the total length', () => {
    const documents = new ValidatedDocuments(schema, specifiedRules, { maxEntryLength: 20, maxTotalLength: 40 });
    const long = `{ a ${' '.repeat(30)}}`;
    assert.ok('kind' in documents.get(long));
    assert.equal(documents.size, 0);
    for (const field of ['a', 'b', 'c']) documents.get(`{ ${field} ${' '.repeat(10)}}`); // 15 characters each
    assert.equal(documents.size, 2, 'the oldest went to make room');
    assert.ok(documents.totalLength <= 40);
  });
});
