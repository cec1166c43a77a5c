import { GraphQLError, type OperationDefinitionNode } from 'graphql';

/**
 * Refuses a subscription sent over HTTP with BAD_REQUEST (400), before anything runs. Apollo
 * would otherwise execute it as a query (our gateway's executor, like graphql-js, resolves the
 * subscription fields once with no event) and answer a null non-null field.
 */
export function refuseSubscriptionOverHttp(operation: OperationDefinitionNode | null | undefined, webSocketPath: string): void {
  if (operation?.operation !== 'subscription') return;
  throw new GraphQLError(`subscriptions are served over WebSocket (graphql-transport-ws) at ${webSocketPath}`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}
