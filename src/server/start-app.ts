import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { WebSocketServer } from 'ws';
import { getOperationAST, NoSchemaIntrospectionCustomRule, specifiedRules, type ExecutionArgs, type GraphQLError as GraphQLErrorType } from 'graphql';
import { GraphQLError } from 'graphql';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AuthenticationError, type Authenticator } from '../auth/authenticator.js';
import type { Viewer } from '../auth/viewer.js';
import { buildRepaymentSchema } from '../graphql/build-schema.js';
import { MutationRateLimit } from '../graphql/mutation-rate-limit.js';
import { assertSaneVariables } from '../graphql/variable-checks.js';
import { assertComplexity, LIMIT_VALIDATION_RULES } from '../graphql/operation-limits.js';
import { createContext, type GraphQLContext, type Services } from '../graphql/context.js';
import { formatError } from '../graphql/format-error.js';
import { refuseSubscriptionOverHttp } from '../graphql/http-subscriptions.js';
import { jitGateway } from '../graphql/jit-gateway.js';
import { scopeOf, sharingKey } from '../graphql/shared-subscribe.js';
import { ValidatedDocuments } from '../graphql/validated-documents.js';
import type { Logger } from '../logger.js';
import { createTopicPubSub, type TopicEventTarget } from '../pubsub/pubsub.js';
import type { Topics } from '../pubsub/topics.js';
import { ContractService } from '../services/contract-service.js';
import { DeductOrderService } from '../services/deduct-order-service.js';
import { MissedEventCatchUp } from '../services/missed-event-catch-up.js';
import { NotificationService } from '../services/notification-service.js';
import { OrderPoller, pollLeaseMs } from '../services/order-poller.js';
import { RepaymentEvents } from '../services/repayment-events.js';
import { ReservationPoller } from '../services/reservation-poller.js';
import { ReservationService } from '../services/reservation-service.js';
import type { TemplateKind } from '../domain/template-kind.js';
import type { Store } from '../store/store.js';
import type { WechatpayWiring } from './wechatpay-from-config.js';
import { createCors } from './cors.js';
import { createGraphQLHttpHandler, GRAPHQL_BODY_LIMIT_BYTES } from './graphql-http-handler.js';
import { useGraphQLWs } from './graphql-ws-adapter.js';
import { createNotificationRoute } from './notification-route.js';
import { NOTIFICATION_PATH } from '../notification-path.js';
import { createReadinessRoute } from './readiness-route.js';
import { sendJson } from './send-json.js';

export const GRAPHQL_PATH = '/graphql';
export { NOTIFICATION_PATH };

export interface AppOptions {
  host: string;
  port: number;
  /** Where WeChat Pay reaches this server; defaults to the address it listens on. */
  publicUrl?: string;
  store: Store;
  wechatpay: WechatpayWiring;
  templateKinds: ReadonlyMap<string, TemplateKind>;
  log: Logger;
  pollIntervalMs: number;
  requestTimeoutMs: number;
  /** Event transport; in-process by default, Redis when several instances share subscribers. */
  eventTarget?: TopicEventTarget;
  /** Rejects when the event transport (Redis) does not answer: `/readyz` then says `degraded` (readiness-route.ts). */
  eventTransportCheck?: () => Promise<void>;
  /** Landing page and introspection; on outside production. */
  production?: boolean;
  /** Checks bearer tokens on HTTP and on graphql-ws connection_init. */
  authenticator: Authenticator;
  /** Mutations one viewer may send per minute. */
  mutationRateLimitPerMinute?: number;
  /** graphql-ws connections one borrower may hold at once; staff are not counted. Default 20. */
  wsMaxConnectionsPerBorrower?: number;
  /** Browser origins allowed to call `/graphql` (CORS); none by default. */
  corsOrigins?: readonly string[];
}

export interface RunningApp {
  url: string;
  port: number;
  server: Server;
  services: Services;
  poller: OrderPoller;
  reservationPoller: ReservationPoller;
  notificationUrl: string;
  /** From now on `/readyz` answers 503 `draining`; everything else is still served (before `close`). */
  beginDraining(): void;
  /** Graceful: stop accepting, finish in-flight requests and callbacks, close WebSockets, stop the pollers. */
  close(): Promise<void>;
}

/** Composes the services and one node:http server: Apollo + graphql-ws at /graphql, the callback route, health. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { store, wechatpay, log } = options;
  let publicUrl = options.publicUrl;
  const events = new RepaymentEvents(createTopicPubSub<Topics>(options.eventTarget));
  // After a Redis outage, this instance's subscribers get what other instances published meanwhile.
  const catchUp = new MissedEventCatchUp(events.pubsub, store, log);
  catchUp.listen();
  const notifyUrl = () => `${publicUrl}${NOTIFICATION_PATH}`;
  const contracts = new ContractService({
    store,
    events,
    wechatpay: wechatpay.client,
    verifier: wechatpay.verifier,
    notifyUrl,
    defaultAppid: wechatpay.appid,
    log,
  });
  const orders = new DeductOrderService({
    store,
    wechatpay: wechatpay.client,
    events,
    notifyUrl,
    requestTimeoutMs: options.requestTimeoutMs,
    log,
  });
  const reservations = new ReservationService({
    store,
    wechatpay: wechatpay.client,
    templateKinds: options.templateKinds,
    requestTimeoutMs: options.requestTimeoutMs,
    log,
  });
  const notifications = new NotificationService({
    store,
    verifier: wechatpay.verifier,
    apiV3Key: wechatpay.apiV3Key,
    orders,
    contracts,
    log,
  });
  const services: Services = { store, contracts, reservations, orders };
  const leaseMs = pollLeaseMs(options.requestTimeoutMs);
  const poller = new OrderPoller({ store, wechatpay: wechatpay.client, orders, intervalMs: options.pollIntervalMs, leaseMs, log });
  // A reservation's look may end in a resubmission: one more request timeout than an order's query.
  const reservationPoller = new ReservationPoller({
    store,
    reservations,
    intervalMs: options.pollIntervalMs,
    leaseMs: leaseMs + options.requestTimeoutMs,
    log,
  });

  const schema = await buildRepaymentSchema();
  const mutationRateLimit = new MutationRateLimit(options.mutationRateLimitPerMinute ?? 60);
  // Apollo's `introspection: false` covers HTTP only; over WebSocket it is this rule.
  const validatedDocuments = new ValidatedDocuments(schema, [
    ...specifiedRules,
    ...LIMIT_VALIDATION_RULES,
    ...(options.production ? [NoSchemaIntrospectionCustomRule] : []),
  ]);
  /** graphql-ws: the same validation, limits and per-operation context as HTTP. */
  const subscriptionArgs = async (
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
    viewer: Viewer,
  ): Promise<ExecutionArgs | readonly GraphQLErrorType[]> => {
    try {
      const document = validatedDocuments.get(payload.query);
      if (!('kind' in document)) return document;
      assertSaneVariables(payload.variables);
      assertComplexity(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined);
      await mutationRateLimit.consume(viewer, document, getOperationAST(document, payload.operationName));
      return {
        schema,
        document,
        variableValues: payload.variables,
        operationName: payload.operationName,
        contextValue: createContext(services, viewer),
      };
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
  };
  const server = createServer();
  const logUnexpected = (error: unknown) => log.error({ err: error }, 'unexpected error in a GraphQL operation');
  // A message may be as large as an HTTP request body, not ws' default of 100 MiB (larger: 1009).
  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH, maxPayload: GRAPHQL_BODY_LIMIT_BYTES });
  const wsCleanup = useGraphQLWs<Viewer>(
    {
      // The token comes in connection_init's payload: { authorization: "Bearer …" }; the socket is
      // closed (4403) when it expires.
      authenticate: async (params = {}) => {
        const authorization = params.authorization ?? params.Authorization;
        try {
          return await options.authenticator.authenticate(authorization);
        } catch (error) {
          if (error instanceof AuthenticationError) return false; // closes with 4403 Forbidden
          throw error;
        }
      },
      prepare: (payload, viewer) => subscriptionArgs(payload, viewer),
      sharingKey: (args, viewer) => sharingKey(args, scopeOf(viewer)),
      formatError: (error) => formatError(error.toJSON(), error, logUnexpected, schema),
      // Borrower tokens live on end users' devices; staff (the back office, and fan-out services)
      // may hold as many connections as they need.
      connectionQuota: { key: borrowerKey, max: options.wsMaxConnectionsPerBorrower ?? 20 },
      isProd: options.production ?? false,
      log,
    },
    wsServer,
  );
  const apollo = new ApolloServer<GraphQLContext>({
    // Our schema, executed by graphql-jit (jit-gateway.ts).
    gateway: jitGateway(schema),
    introspection: !options.production,
    validationRules: LIMIT_VALIDATION_RULES,
    includeStacktraceInErrorResponses: false,
    // Automatic persisted queries are not offered (nothing documents them, and a hash that does
    // not match its query came back as an uncoded error): clients send the query text.
    persistedQueries: false,
    // main.ts owns the signals and shuts everything down in order; Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, logUnexpected, schema),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // Every answer is private to its viewer, so HTTP caching hints have no use; the default
      // cache-control plugin would also wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ request, document, operation, contextValue }) {
              refuseSubscriptionOverHttp(operation, GRAPHQL_PATH);
              assertSaneVariables(request.variables);
              assertComplexity(schema, document, request.variables, request.operationName ?? undefined);
              await mutationRateLimit.consume(contextValue.viewer, document, operation);
            },
          };
        },
      },
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();
  const graphqlHandler = createGraphQLHttpHandler(apollo, (viewer) => createContext(services, viewer), options.authenticator);
  const cors = createCors(options.corsOrigins ?? []);
  const notificationRoute = createNotificationRoute(notifications);
  let draining = false;
  const sendReadiness = createReadinessRoute({ store, eventTransportCheck: options.eventTransportCheck, draining: () => draining, log });

  server.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (url.pathname === GRAPHQL_PATH) {
        if (request.method === 'OPTIONS') return cors.preflight(request, response);
        cors.allow(request, response);
        return graphqlHandler(request, response, url);
      }
      if (url.pathname === NOTIFICATION_PATH) return notificationRoute(request, response);
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') return sendReadiness(response);
      sendJson(response, 404, { error: 'not found' });
    };
    handle().catch((error) => {
      log.error({ err: error, path: url.pathname }, 'request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  publicUrl ??= url;
  poller.start();
  reservationPoller.start();

  return {
    url,
    port,
    server,
    services,
    poller,
    reservationPoller,
    notificationUrl: `${publicUrl}${NOTIFICATION_PATH}`,
    beginDraining() {
      draining = true;
    },
    async close() {
      draining = true;
      catchUp.stop();
      // Side by side: a poll round may wait on WeChat Pay for up to its timeout three times over
      // (retries), a reservation's once more (a resubmission), longer than a shutdown may last;
      // meanwhile the server stops accepting and finishes what it has in flight. What a round
      // leaves undone is taken up again after a restart.
      await Promise.all([poller.stop(), reservationPoller.stop(), apollo.stop()]);
      wsServer.close();
    },
  };
}

/** One borrower for the graphql-ws connection quota, by openid as visibility goes (`canSee`); staff have none. */
function borrowerKey(viewer: Viewer): string | undefined {
  return viewer.role === 'user' ? viewer.openid : undefined;
}
