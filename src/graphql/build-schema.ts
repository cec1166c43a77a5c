import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DeductOrderResolver } from './deduct-order.resolver.js';
import { RepaymentContractResolver } from './repayment-contract.resolver.js';
import { ReservationResolver } from './reservation.resolver.js';

export const RESOLVERS = [DeductOrderResolver, ReservationResolver, RepaymentContractResolver] as const;

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

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once from the type-graphql classes (metadata is global anyway). */
export function buildRepaymentSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: TOPIC_SUBSCRIPTIONS_UNUSED });
  return built;
}
