/**
 * The floor of figure 1: Apollo Server 5's own standalone server with static resolvers over the same
 * schema and data as the bare baseline.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { serveParent } from '../lib/child.js';
import { SCHEMA_SDL } from '../lib/operations.js';

const data = JSON.parse(process.env.BENCH_STATIC_DATA ?? '{}') as Record<string, unknown>;
const apollo = new ApolloServer({ typeDefs: SCHEMA_SDL, resolvers: { Query: { deductOrder: () => data } } });
const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
serveParent({ url }, {}, () => apollo.stop());
