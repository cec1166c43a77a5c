import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Queries and mutations executed by graphql-jit instead of graphql-js, inside Apollo Server.
 *
 * Apollo Server 5 has no executor option; its migration guide points custom executors to the
 * `gateway` option, which is what this is: a "gateway" over our one schema, with no federation.
 * Apollo still parses, validates (our limit rules included), runs the plugins and formats errors;
 * only `execute` changes. graphql-jit compiles each operation once into a function specialised to
 * its selection; on the figure-1 query this halves graphql-js's execute time (BENCHMARKS.md).
 * Subscriptions do not go through Apollo (see graphql-ws-adapter.ts) and keep graphql-js.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const executor = jitExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      // The schema never changes while the server runs; Apollo takes it from this call.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}

/**
 * Compiled operations are kept per parsed document: Apollo's document store hands back the same
 * `DocumentNode` for the same query text, so a WeakMap follows its LRU and needs no bound of its own.
 */
function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  function compiledFor(document: DocumentNode, operationName: string | null): CompiledQuery | null {
    let byOperation = compiled.get(document);
    if (byOperation === undefined) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      // What graphql-jit cannot compile runs on graphql-js: same answer, only slower.
      query = isCompiledQuery(result) ? result : null;
      byOperation.set(key, query);
    }
    return query;
  }

  return async ({ document, operation, operationName, context, request }) => {
    const query = compiledFor(document, operationName);
    if (query === null) return execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    const variables = request.variables ?? {};
    const result: ExecutionResult = await query.query(undefined, context, variables);
    if (result.data === undefined && result.errors) {
      // graphql-jit answers without data only when it refuses the variables. Apollo recognises
      // graphql-js's wording of that refusal as BAD_USER_INPUT, so graphql-js words it.
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
    }
    if (result.errors?.some((error) => error.extensions === undefined)) {
      return { ...result, errors: result.errors.map(asGraphQLJsError) };
    }
    return result;
  };
}

/**
 * graphql-jit leaves an error's `extensions` undefined when the thrown error has none, where
 * graphql-js always sets an object; Apollo's error formatting reads `extensions.code` and would
 * mask the error. Rebuilt as a graphql-js error with the same message, locations, path and cause.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.extensions !== undefined) return error;
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError });
  (rebuilt as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return rebuilt;
}
