import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { DeductOrderResolver } from './deduct-order.resolver.js';
import { RepaymentContractResolver } from './repayment-contract.resolver.js';
import { ReservationResolver } from './reservation.resolver.js';
import { StuckOrdersResolver } from './stuck-orders.resolver.js';

export const RESOLVERS = [DeductOrderResolver, ReservationResolver, RepaymentContractResolver, StuckOrdersResolver] as const;

/**
 * type-graphql insists on a pubSub whenever a schema has subscriptions, even though every one of
 * ours brings its own `subscribe` (it must read the current state after listening, which topic
 * subscriptions cannot). This one refuses use, so a topic-based subscription cannot slip in unnoticed.
 */
const TOPIC_SUBSCRIPTIONS_UNUSED = {
  publish(): never {
    throw new Error('publish through RepaymentEvents, not type-graphql');
  },
  subscribe(): never {
    throw new Error('subscriptions here use their own subscribe function');
  },
};

/**
 * The executable schema from the type-graphql classes, with `@Authorized` checks. No global
 * middlewares: they would wrap every field of every result (10,000 subscribers × every field).
 * Object types declare `simpleResolvers`: a plain field is read by the default resolver, which
 * graphql-jit inlines, instead of through type-graphql's middleware wrapper. Such a field gets no
 * middleware and no `@Authorized`; a test fails if one is given either.
 */
export function buildRepaymentSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    validate: false,
    pubSub: TOPIC_SUBSCRIPTIONS_UNUSED,
    authChecker,
    authMode: 'error',
  });
}
