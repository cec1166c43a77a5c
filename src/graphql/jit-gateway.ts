import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LruMap } from '../lru-map.js';

/**
 * Queries and mutations executed by graphql-jit instead of graphql-js, inside Apollo Server.
 *
 * Apollo Server 5 has no executor option; its migration guide points custom executors to the
 * `gateway` option, which is what this is: a "gateway" over our one schema, with no federation.
 * Apollo still parses, validates (our limit rules included), runs the plugins and formats errors;
 * only `execute` changes. graphql-jit compiles an operation into a function specialised to its
 * selection (see `CompiledOperations` for when); with type-graphql's simple resolvers this is what
 * brought figure 1 past Apollo standalone (BENCHMARKS.md).
 * Subscriptions do not go through Apollo (see graphql-ws-adapter.ts) and keep graphql-js.
 */
export function jitGateway(schema: GraphQLSchema, limits: CompileLimits = {}): GatewayInterface {
  const executor = jitExecutor(schema, new CompiledOperations(schema, limits));
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

export interface CompileLimits {
  /** The execution of one parsed document that compiles it; before, graphql-js runs it. Default 3. */
  compileOnExecution?: number;
  /** Parsed documents whose compiled operations are kept, least recently used out first. Default 500. */
  compiledDocuments?: number;
}

/**
 * Compiling costs several times a validation and its code can weigh a megabyte for a large
 * document, while anyone can send new query texts. So a document is compiled on its third
 * execution (Apollo's document store hands back the same `DocumentNode` for the same text, which
 * makes the count possible), runs on graphql-js until then, and at most 500 documents are kept
 * compiled (see `CompileLimits`).
 */
class CompiledOperations {
  readonly #executions = new WeakMap<DocumentNode, number>();
  readonly #compiled: LruMap<DocumentNode, Map<string, CompiledQuery | null>>;
  readonly #compileOnExecution: number;

  constructor(
    private readonly schema: GraphQLSchema,
    limits: CompileLimits,
  ) {
    this.#compileOnExecution = limits.compileOnExecution ?? 3;
    this.#compiled = new LruMap(limits.compiledDocuments ?? 500);
  }

  /** The compiled operation, or null while it runs on graphql-js (too new, or not compilable). */
  get(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    let byOperation = this.#compiled.get(document);
    if (byOperation === undefined) {
      const executions = (this.#executions.get(document) ?? 0) + 1;
      this.#executions.set(document, executions);
      if (executions < this.#compileOnExecution) return null;
      byOperation = new Map();
      this.#compiled.set(document, byOperation);
    }
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      const result = compileQuery(this.schema, document, operationName);
      // What graphql-jit cannot compile runs on graphql-js: same answer, only slower.
      query = isCompiledQuery(result) ? result : null;
      byOperation.set(key, query);
    }
    return query;
  }
}

function jitExecutor(schema: GraphQLSchema, compiled: CompiledOperations): GatewayExecutor {
  return async ({ document, operation, context, request }) => {
    // Apollo calls us even when the operation name matched nothing (`operation` undefined);
    // graphql-js then refuses it, where graphql-jit would run a document's only operation.
    const query = operation === undefined ? null : compiled.get(document, operation.name?.value);
    if (query === null) {
      return execute({ schema, document, operationName: request.operationName, contextValue: context, variableValues: request.variables });
    }
    const variables = request.variables ?? {};
    const result: ExecutionResult = await query.query(undefined, context, variables);
    if (result.data === undefined && result.errors) {
      // graphql-jit answers without data only when it refuses the variables. Apollo recognises
      // graphql-js's wording of that refusal as BAD_USER_INPUT, so graphql-js words it.
      const coerced = getVariableValues(schema, operation!.variableDefinitions ?? [], variables);
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
