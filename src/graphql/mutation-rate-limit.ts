import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/viewer.js';

/**
 * Per-viewer budget for mutations (each one may call WeChat Pay), checked once per operation
 * before execution. Per instance: behind N instances a viewer gets at most N times the budget,
 * which still bounds abuse.
 */
export class MutationRateLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(pointsPerMinute: number) {
    this.limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  }

  /** Throws RATE_LIMITED (HTTP 429) once the viewer's budget is spent. */
  async consume(viewer: Viewer): Promise<void> {
    try {
      await this.limiter.consume(viewer.subject);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new GraphQLError(`too many mutations; retry in ${retryAfterSeconds} s`, {
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429 } },
      });
    }
  }
}
