import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getVariableValues,
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type SourceLocation,
} from 'graphql';
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
  /**
   * An operation with more field selections than this (fragments counted where they are spread)
   * always runs on graphql-js, and so does one that would take a document's compiled operations
   * past it. Default 300; the operations of `schema/operations` have at most ~50.
   */
  maxCompiledFields?: number;
  /** Field selections of all compiled operations kept, least recently used documents out first. Default 10,000. */
  compiledFieldBudget?: number;
}

/** The compiled operations of one document, with their field selections (the cache's weight). */
interface CompiledDocument {
  byOperation: Map<string, CompiledQuery | null>;
  fields: number;
}

/**
 * Compiling costs several times a validation, and what it builds grows with the operation: a
 * 9 KB document of 200 aliased selections of ~44 fields each took 0.4–1.2 s to compile and kept
 * ~16 MB, while anyone signed in can send new query texts. So a document is compiled on its third
 * execution (Apollo's document store hands back the same `DocumentNode` for the same text, which
 * makes the count possible) and runs on graphql-js until then; an operation above
 * `maxCompiledFields` is never compiled; and what is kept compiled is bounded both in documents
 * and in field selections (see `CompileLimits`), so memory stays bounded whatever is sent.
 */
export class CompiledOperations {
  readonly #executions = new WeakMap<DocumentNode, number>();
  readonly #compiled: LruMap<DocumentNode, CompiledDocument>;
  readonly #compileOnExecution: number;
  readonly #maxCompiledFields: number;

  constructor(
    private readonly schema: GraphQLSchema,
    limits: CompileLimits,
  ) {
    this.#compileOnExecution = limits.compileOnExecution ?? 3;
    this.#maxCompiledFields = limits.maxCompiledFields ?? 300;
    this.#compiled = new LruMap(limits.compiledDocuments ?? 500, {
      weigh: (document) => document.fields,
      maxWeight: limits.compiledFieldBudget ?? 10_000,
    });
  }

  /** What is kept compiled: documents, and field selections of their compiled operations. */
  get kept(): { documents: number; fields: number } {
    return { documents: this.#compiled.size, fields: this.#compiled.totalWeight };
  }

  /** The compiled operation, or null while it runs on graphql-js (too new, too large, or not compilable). */
  get(document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null {
    let compiled = this.#compiled.get(document);
    if (compiled === undefined) {
      const executions = (this.#executions.get(document) ?? 0) + 1;
      this.#executions.set(document, executions);
      if (executions < this.#compileOnExecution) return null;
      compiled = { byOperation: new Map(), fields: 0 };
    }
    const key = operation.name?.value ?? '';
    let query = compiled.byOperation.get(key);
    if (query === undefined) {
      const fields = countFieldSelections(document, operation, this.#maxCompiledFields);
      // Also per document: one of many operations would otherwise weigh out every other document
      // (itself included) and be compiled again on each execution.
      const tooLarge = compiled.fields + fields > this.#maxCompiledFields;
      const result = tooLarge ? null : compileQuery(this.schema, document, operation.name?.value);
      // What graphql-jit cannot (or may not) compile runs on graphql-js: same answer, only slower.
      query = result !== null && isCompiledQuery(result) ? result : null;
      compiled.byOperation.set(key, query);
      if (query !== null) compiled.fields += fields;
      this.#compiled.set(document, compiled); // weighed again with this operation
    }
    return query;
  }
}

/**
 * The field selections an operation executes per object, each fragment counted at every spread
 * (what graphql-jit generates code for). Stops counting above `limit`.
 */
function countFieldSelections(document: DocumentNode, operation: OperationDefinitionNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let count = 0;
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (count > limit) return;
      if (selection.kind === Kind.FIELD) {
        count += 1;
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        // Validation has refused unknown and cyclic fragments before execution.
        visit(fragments.get(selection.name.value)?.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return count;
}

function jitExecutor(schema: GraphQLSchema, compiled: CompiledOperations): GatewayExecutor {
  return async ({ document, operation, context, request }) => {
    // Apollo calls us even when the operation name matched nothing (`operation` undefined);
    // graphql-js then refuses it, where graphql-jit would run a document's only operation.
    const query = operation === undefined ? null : compiled.get(document, operation);
    if (query === null) {
      return execute({ schema, document, operationName: request.operationName, contextValue: context, variableValues: request.variables });
    }
    const variables = request.variables ?? {};
    if (checkedByGraphqlJs(schema, operation!)) {
      const coerced = getVariableValues(schema, operation!.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
    }
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

const CHECKED_BY_GRAPHQL_JS = new WeakMap<OperationDefinitionNode, boolean>();

/**
 * Whether an operation's variables are checked by graphql-js before graphql-jit runs it: those with
 * an input object or a list among their types. graphql-jit's own checks of those are looser (an
 * array passes for an input object), so the same request would be refused on graphql-js and run
 * once compiled. Scalars and enums it checks as graphql-js does, so queries of those only (the
 * common read, by id) skip the second pass.
 */
function checkedByGraphqlJs(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  let checked = CHECKED_BY_GRAPHQL_JS.get(operation);
  if (checked === undefined) {
    checked = (operation.variableDefinitions ?? []).some((definition) => {
      const declared: GraphQLType | undefined = typeFromAST(schema, definition.type as never);
      const type = declared && isNonNullType(declared) ? declared.ofType : declared;
      return type === undefined || isListType(type) || isInputObjectType(getNamedType(type));
    });
    CHECKED_BY_GRAPHQL_JS.set(operation, checked);
  }
  return checked;
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
