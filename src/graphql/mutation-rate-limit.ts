import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLContext } from './context.js';

/**
 * Per-viewer budget for mutations (each one may call WeChat Pay). Per instance: behind N instances
 * a viewer gets at most N times the budget, which still bounds abuse.
 */
export function createMutationRateLimit(pointsPerMinute: number): MiddlewareFn<GraphQLContext> {
  const limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  return async ({ info, context }, next) => {
    if (info.parentType.name !== 'Mutation') return next();
    try {
      await limiter.consume(context.viewer.subject);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new GraphQLError(`too many mutations; retry in ${retryAfterSeconds} s`, {
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
      });
    }
    return next();
  };
}
