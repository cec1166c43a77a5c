import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { NoNulInStringLiteralsRule } from './variable-checks.js';

/** Deep enough for every real screen (contract → reservation → order → contract), no deeper. */
export const MAX_QUERY_DEPTH = 8;
/**
 * Lists are priced by the rows they may return (a connection: `first` × its items; nested lists:
 * 5 × theirs): a page of 50 contracts with their reservations and orders stays well within.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;

export const LIMIT_VALIDATION_RULES: ValidationRule[] = [
  NoNulInStringLiteralsRule,
  // Reported as a validation error (GRAPHQL_VALIDATION_FAILED), not thrown as an internal one.
  maxDepthRule({
    n: MAX_QUERY_DEPTH,
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  }) as unknown as ValidationRule,
];

/**
 * Complexity by document and by the variables it can depend on. Apollo and the WebSocket path keep
 * one DocumentNode per query text, so a hot query is analysed once, not on every request. Only
 * numbers and booleans reach the estimators (`first`, `@include`/`@skip`); a string variable (an id)
 * is keyed by its kind alone, so `deductOrder(outTradeNo: $x)` shares one entry for every `$x`.
 * A complexity function that read a string argument would have to change this key.
 */
const complexityByDocument = new WeakMap<DocumentNode, Map<string, number>>();
const COMPLEXITY_ENTRIES_PER_DOCUMENT = 64;

function complexityKey(variables: Record<string, unknown> | undefined, operationName: string | undefined): string {
  return `${JSON.stringify(operationName ?? null)}${variables === undefined ? '' : shapeOf(variables)}`;
}

/**
 * The variables with every string blanked, as unambiguous text (keys are quoted). Written out by
 * hand: JSON.stringify with a replacer costs a call per value, about 6× as much, on every request.
 * Recursive: the variables' depth is bounded first (`assertSaneVariables`).
 */
function shapeOf(value: unknown): string {
  if (typeof value === 'string') return 's';
  if (value === null || typeof value !== 'object') return String(value);
  let text = Array.isArray(value) ? '[' : '{';
  if (Array.isArray(value)) for (const item of value) text += `${shapeOf(item)},`;
  else for (const [key, item] of Object.entries(value)) text += `${JSON.stringify(key)}:${shapeOf(item)},`;
  return `${text}${Array.isArray(value) ? ']' : '}'}`;
}

/** The operation's complexity, or undefined when it cannot be priced (see `assertComplexity`). */
function complexityOf(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number | undefined {
  let known = complexityByDocument.get(query);
  if (!known) complexityByDocument.set(query, (known = new Map()));
  const key = complexityKey(variables, operationName);
  let complexity = known.get(key);
  if (complexity === undefined) {
    // getComplexity coerces the variables itself and throws a plain error on bad ones, which
    // Apollo would answer as a 500. Checked first (only here, on a miss: a hit is cheap and
    // throws nothing), an operation with bad variables goes unpriced and execution refuses it.
    const operation = getOperationAST(query, operationName);
    if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return undefined;
    complexity = getComplexity({
      schema,
      query,
      variables,
      operationName,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
    if (known.size >= COMPLEXITY_ENTRIES_PER_DOCUMENT) known.delete(known.keys().next().value!);
    known.set(key, complexity);
  }
  return complexity;
}

/**
 * Throws QUERY_TOO_COMPLEX before execution when an operation could fetch too much. An operation
 * that cannot run (bad variables, no operation by that name) is let through unpriced: execution
 * refuses it before any resolver runs, with the errors graphql-js gives (BAD_USER_INPUT, HTTP 400).
 */
export function assertComplexity(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): void {
  const complexity = complexityOf(schema, query, variables, operationName);
  if (complexity !== undefined && complexity > MAX_QUERY_COMPLEXITY) {
    throw new GraphQLError(`query complexity ${complexity} exceeds the limit of ${MAX_QUERY_COMPLEXITY}; ask for fewer rows or fields`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit: MAX_QUERY_COMPLEXITY, http: { status: 400 } },
    });
  }
}
