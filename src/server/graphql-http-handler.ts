import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendJson } from './send-json.js';

/** GraphQL requests are small; anything larger is refused before parsing. */
export const GRAPHQL_BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Apollo Server on a plain node:http route (Apollo's documented integration API), so the same
 * server also hosts graphql-ws, the callback route and health checks.
 */
export function createGraphQLHttpHandler(
  apollo: ApolloServer<GraphQLContext>,
  context: (viewer: Viewer) => GraphQLContext,
  authenticator: Authenticator,
) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    // Nobody without a valid token sees anything, not even the schema.
    let viewer: Viewer;
    try {
      ({ viewer } = await authenticator.authenticate(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      request.resume();
      response.setHeader('www-authenticate', 'Bearer');
      sendJson(response, 401, { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    let body: unknown;
    try {
      const raw = await readBody(request, GRAPHQL_BODY_LIMIT_BYTES);
      body = parseBody(raw, request.headers['content-type']);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { errors: [{ message: 'request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        return;
      }
      sendJson(response, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method!.toUpperCase(), headers, search: url.search, body },
      context: async () => context(viewer),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.toLowerCase().includes('application/json')) return JSON.parse(raw.toString('utf8'));
  return raw.toString('utf8');
}
