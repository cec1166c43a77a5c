import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Apollo plugin: a subscription sent over HTTP is refused with BAD_REQUEST (400) before anything
 * runs. Apollo would otherwise execute it as a query (our gateway's executor, like graphql-js,
 * resolves the subscription fields once with no event) and answer a null non-null field.
 */
export function refuseSubscriptionsOverHttp<TContext extends object>(webSocketPath: string): ApolloServerPlugin<TContext> {
  const listener: GraphQLRequestListener<TContext> = {
    async didResolveOperation({ operation }) {
      if (operation?.operation !== 'subscription') return;
      throw new GraphQLError(`subscriptions are served over WebSocket (graphql-transport-ws) at ${webSocketPath}`, {
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      });
    },
  };
  // One listener for every request: nothing is allocated per request.
  return { requestDidStart: async () => listener };
}
