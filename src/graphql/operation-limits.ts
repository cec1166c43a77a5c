import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Deep enough for every real screen (contract → reservation → order → contract), no deeper. */
export const MAX_QUERY_DEPTH = 8;
/**
 * Lists are priced by the rows they may return (a connection: `first` × its items; nested lists:
 * 5 × theirs): a page of 50 contracts with their reservations and orders stays well within.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;

export const LIMIT_VALIDATION_RULES: ValidationRule[] = [
  // Reported as a validation error (GRAPHQL_VALIDATION_FAILED), not thrown as an internal one.
  maxDepthRule({
    n: MAX_QUERY_DEPTH,
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  }) as unknown as ValidationRule,
];

/** Throws QUERY_TOO_COMPLEX before execution when an operation could fetch too much. */
export function assertComplexity(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): void {
  const complexity = getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity > MAX_QUERY_COMPLEXITY) {
    throw new GraphQLError(`query complexity ${complexity} exceeds the limit of ${MAX_QUERY_COMPLEXITY}; ask for fewer rows or fields`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit: MAX_QUERY_COMPLEXITY, http: { status: 400 } },
    });
  }
}
