import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApolloServer } from '@apollo/server';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { CompiledOperations, jitGateway } from '../../src/graphql/jit-gateway.js';

let touched = 0;

/** A small schema with what ours uses: enums with internal values, scalars, async resolvers, errors. */
function testSchema(): GraphQLSchema {
  const Fen = new GraphQLScalarType({ name: 'Fen', serialize: (value) => `${value as number} fen` });
  const State = new GraphQLEnumType({ name: 'State', values: { PENDING: { value: 'pending' }, PAY_SUCCESS: { value: 'paid' } } });
  const Contract = new GraphQLObjectType({ name: 'Contract', fields: { id: { type: new GraphQLNonNull(GraphQLString) } } });
  const Order: GraphQLObjectType = new GraphQLObjectType({
    name: 'Order',
    fields: () => ({
      id: { type: new GraphQLNonNull(GraphQLString) },
      state: { type: State },
      amount: { type: Fen },
      createdAt: { type: GraphQLString },
      tags: { type: new GraphQLList(GraphQLString) },
      contract: { type: Contract, resolve: async (order: { id: string }) => ({ id: `c-${order.id}` }) },
      failing: {
        type: GraphQLString,
        resolve: async () => {
          throw Object.assign(new Error('no such thing'), { name: 'ServiceError', code: 'NOT_FOUND' });
        },
      },
      coded: { type: GraphQLString, resolve: () => { throw new GraphQLError('refused', { extensions: { code: 'FORBIDDEN' } }); } },
      graphqlError: { type: GraphQLString, resolve: () => { throw new GraphQLError('plain'); } },
      brokenNonNull: { type: new GraphQLNonNull(GraphQLInt), resolve: async () => null },
      // Which executor called this resolver, read from the call stack.
      engine: { type: GraphQLString, resolve: () => (new Error().stack!.includes('graphql-jit') ? 'graphql-jit' : 'graphql-js') },
    }),
  });
  const orders: Record<string, unknown> = {
    a: { id: 'a', state: 'pending', amount: 1234, createdAt: '2026-12-01T00:00:00.000Z', tags: ['x', null] },
    b: { id: 'b', state: 'paid', amount: 0, createdAt: '2026-12-01T00:00:01.000Z', tags: [] },
  };
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { order: { type: Order, args: { id: { type: new GraphQLNonNull(GraphQLString) } }, resolve: async (_, { id }) => orders[id] ?? null } },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        orderChanged: {
          type: Order,
          subscribe: async function* () {
            yield { orderChanged: orders.a };
          },
        },
      },
    }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: {
        touch: { type: Order, args: { id: { type: new GraphQLNonNull(GraphQLString) }, flag: { type: GraphQLBoolean } }, resolve: (_, { id }) => ((touched += 1), orders[id]) },
      },
    }),
  });
}

/**
 * The same operations through Apollo Server twice, once with its own graphql-js execution and once
 * with `jitGateway`: every response (data, errors with message, locations, path and extensions,
 * HTTP status) must be the same.
 */
describe('jitGateway (graphql-jit inside Apollo Server)', () => {
  const schema = testSchema();

  /** The answers of Apollo with graphql-js and of Apollo with the gateway compiling on first use. */
  async function both(query: string, variables?: Record<string, unknown>, operationName?: string) {
    const options = { includeStacktraceInErrorResponses: false };
    const servers = [new ApolloServer({ schema, ...options }), new ApolloServer({ gateway: jitGateway(schema, { compileOnExecution: 1 }), ...options })];
    try {
      const answers = [];
      for (const server of servers) {
        await server.start();
        const response = await server.executeOperation({ query, variables, operationName }, { contextValue: { calls: 0 } });
        answers.push({ status: response.http.status, body: JSON.parse(JSON.stringify(response.body)) });
      }
      return answers as [{ status: number | undefined; body: any }, { status: number | undefined; body: any }];
    } finally {
      for (const server of servers) await server.stop();
    }
  }

  const cases: [string, string, Record<string, unknown>?, string?][] = [
    ['nested objects, lists, enums, custom scalars, aliases, __typename', '{ order(id: "a") { id state amount createdAt tags tag: tags __typename contract { id } } }'],
    ['variables, default values, @skip/@include', 'query Q($id: String!, $withContract: Boolean = true) { order(id: $id) { id contract @include(if: $withContract) { id } state @skip(if: $withContract) } }', { id: 'a' }],
    ['null for a nullable field that is missing', '{ order(id: "none") { id } }'],
    ['a resolver error without extensions (our service errors)', '{ order(id: "a") { id failing } }'],
    ['a resolver error with a code', '{ order(id: "a") { id coded } }'],
    ['a GraphQLError thrown by a resolver', '{ order(id: "a") { id graphqlError } }'],
    ['null in a non-null field, propagated to the nullable parent', '{ order(id: "a") { id brokenNonNull } }'],
    ['a mutation', 'mutation { touch(id: "a") { id } }'],
    ['a bad variable value (BAD_USER_INPUT, 400)', 'query Q($id: String!) { order(id: $id) { id } }', { id: 5 }],
    ['a missing variable', 'query Q($id: String!) { order(id: $id) { id } }', {}],
    ['a named operation among several', 'query A { order(id: "a") { id } } query B { order(id: "b") { state } }', undefined, 'B'],
    ['an operation name that matches none (400)', 'mutation A { touch(id: "a") { id } }', undefined, 'B'],
    ['a subscription sent over HTTP', 'subscription { orderChanged { id } }'],
    ['introspection', '{ __type(name: "Order") { name fields { name type { kind name ofType { name } } } } }'],
  ];
  for (const [name, query, variables, operationName] of cases) {
    it(name, async () => {
      const [graphqlJs, jit] = await both(query, variables, operationName);
      assert.deepEqual(jit, graphqlJs);
    });
  }

  it('masks nothing that graphql-js would show: the error keeps its message and path', async () => {
    const [, jit] = await both('{ order(id: "a") { id failing } }');
    const error = jit.body.singleResult.errors[0];
    assert.equal(error.message, 'no such thing');
    assert.deepEqual(error.path, ['order', 'failing']);
    assert.deepEqual(error.locations, [{ line: 1, column: 23 }]);
  });

  it('never runs an operation whose name matched none', async () => {
    const before = touched;
    const [graphqlJs, jit] = await both('mutation A { touch(id: "a") { id } }', undefined, 'B');
    assert.equal(jit.status, 400);
    assert.equal(jit.body.singleResult.errors[0].message, 'Unknown operation named "B".');
    assert.deepEqual(jit, graphqlJs);
    assert.equal(touched, before, 'the mutation ran');
  });

  it('runs a document on graphql-js until its third execution, then compiled', async () => {
    const server = new ApolloServer({ gateway: jitGateway(schema) });
    await server.start();
    try {
      const engines: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await server.executeOperation({ query: '{ order(id: "a") { engine } }' });
        engines.push((response.body as any).singleResult.data.order.engine);
      }
      assert.deepEqual(engines, ['graphql-js', 'graphql-js', 'graphql-jit', 'graphql-jit']);
    } finally {
      await server.stop();
    }
  });

  it('never compiles an operation with more field selections than the limit, fragments counted at every spread', async () => {
    const server = new ApolloServer({ gateway: jitGateway(schema, { compileOnExecution: 1, maxCompiledFields: 4 }) });
    await server.start();
    try {
      const engine = async (query: string) => {
        const response = await server.executeOperation({ query });
        return JSON.stringify((response.body as any).singleResult.data).match(/graphql-jit|graphql-js/)![0];
      };
      assert.equal(await engine('{ order(id: "a") { engine id state } }'), 'graphql-jit', '4 fields');
      assert.equal(await engine('{ order(id: "a") { engine id state amount } }'), 'graphql-js', '5 fields');
      const fragment = 'fragment F on Order { engine id }';
      assert.equal(await engine(`{ a: order(id: "a") { ...F } } ${fragment}`), 'graphql-jit', '1 + 2 fields');
      assert.equal(await engine(`{ a: order(id: "a") { ...F } b: order(id: "b") { ...F } } ${fragment}`), 'graphql-js', '1 + 2 + 1 + 2 fields');
    } finally {
      await server.stop();
    }
  });

  it("bounds a document's compiled operations together, so one document of many operations cannot weigh out the others", () => {
    const operations = new CompiledOperations(schema, { compileOnExecution: 1, maxCompiledFields: 8, compiledFieldBudget: 10 });
    const other = parse('{ order(id: "b") { id } }');
    assert.ok(operations.get(other, other.definitions[0] as OperationDefinitionNode));
    const many = parse(['A', 'B', 'C', 'D'].map((name) => `query ${name} { order(id: "a") { id state engine } }`).join(' '));
    const engines = (many.definitions as OperationDefinitionNode[]).map((operation) => operations.get(many, operation) !== null);
    assert.deepEqual(engines, [true, true, false, false], '4 + 4 fields compiled, then the document is full');
    assert.deepEqual(operations.kept, { documents: 2, fields: 2 + 8 }, 'the other document stays compiled');
    // Asked again, nothing is compiled again: the refused operations stay on graphql-js.
    assert.equal(operations.get(many, many.definitions[2] as OperationDefinitionNode), null);
    assert.deepEqual(operations.kept, { documents: 2, fields: 10 });
  });

  it('keeps compiled operations within a budget of field selections, least recently used documents out first', () => {
    const operations = new CompiledOperations(schema, { compileOnExecution: 1, compiledFieldBudget: 7 });
    const [first, second, third] = ['{ order(id: "a") { id state engine } }', '{ order(id: "b") { id state engine } }', '{ order(id: "a") { id amount } }'].map((text) => parse(text));
    const compile = (document: DocumentNode) => operations.get(document, document.definitions[0] as OperationDefinitionNode);
    assert.ok(compile(first));
    assert.deepEqual(operations.kept, { documents: 1, fields: 4 });
    assert.ok(compile(second));
    assert.deepEqual(operations.kept, { documents: 1, fields: 4 }, '4 + 4 > 7: the first went');
    assert.ok(compile(third));
    assert.deepEqual(operations.kept, { documents: 2, fields: 7 });
  });
});
