import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/viewer.js';
import { someField } from './look-ahead.js';

/**
 * Per-viewer budget for mutations (each one may call WeChat Pay), charged before execution one
 * point per top-level mutation field, so aliasing one mutation 200 times in an operation costs 200.
 * Per instance: behind N instances a viewer gets at most N times the budget, which still bounds abuse.
 */
export class MutationRateLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly pointsPerMinute: number) {
    this.limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  }

  /**
   * Charges the viewer for the operation's mutations (nothing for a query or subscription). Throws
   * RATE_LIMITED (HTTP 429) once the budget is spent, and QUERY_TOO_COMPLEX (HTTP 400) without
   * charging for an operation that holds more mutations than a whole minute's budget: waiting
   * would never let it through.
   */
  async consume(viewer: Viewer, document: DocumentNode, operation: OperationDefinitionNode | null | undefined): Promise<void> {
    if (operation?.operation !== 'mutation') return;
    const mutations = topLevelFieldCount(document, operation);
    if (mutations === 0) return;
    if (mutations > this.pointsPerMinute) {
      throw new GraphQLError(`the operation has ${mutations} mutations; at most ${this.pointsPerMinute} are allowed per minute, send fewer at once`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', mutations, limit: this.pointsPerMinute, http: { status: 400 } },
      });
    }
    try {
      await this.limiter.consume(viewer.subject, mutations);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new GraphQLError(`too many mutations; retry in ${retryAfterSeconds} s`, {
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429 } },
      });
    }
  }
}

/**
 * How many root fields an operation executes: its distinct response keys (graphql-js runs fields
 * with one response key once), through fragment spreads and inline fragments, without
 * `__typename`. `@skip`/`@include` are not evaluated: a skipped mutation is charged all the same.
 */
export function topLevelFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const responseKeys = new Set<string>();
  // Visits every field: the test collects and never passes.
  someField(operation.selectionSet, (name) => fragments.get(name), (field) => {
    if (!field.name.value.startsWith('__')) responseKeys.add((field.alias ?? field.name).value);
    return false;
  });
  return responseKeys.size;
}
