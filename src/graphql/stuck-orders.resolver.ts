import { Arg, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { ServiceError } from '../services/service-error.js';
import type { DeductOrderRecord } from '../store/store.js';
import type { GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { MAX_PAGE_SIZE } from './pagination.js';

@ObjectType({ description: 'An order that is not final and has not changed for a while.', simpleResolvers: true })
export class StuckDeductOrder {
  @Field(() => DeductOrder)
  order!: DeductOrderRecord;

  @Field(() => Int, { description: 'Seconds since the order last changed.' })
  stuckForSeconds!: number;
}

/** Trouble made visible: orders left in SUBMITTING, UNKNOWN, PENDING or NOT_PAY, oldest first. */
@Resolver()
export class StuckOrdersResolver {
  @Authorized('staff')
  @Query(() => [StuckDeductOrder], {
    description: 'Orders not final whose last change is older than olderThanSeconds (default 300), oldest first. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + Math.min(args.first ?? 50, MAX_PAGE_SIZE) * childComplexity,
  })
  async stuckDeductOrders(
    @Ctx() context: GraphQLContext,
    @Arg('olderThanSeconds', () => Int, { defaultValue: 300 }) olderThanSeconds: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<StuckDeductOrder[]> {
    if (!Number.isInteger(olderThanSeconds) || olderThanSeconds < 0) {
      throw new ServiceError('BAD_USER_INPUT', 'olderThanSeconds must be zero or more', 'olderThanSeconds');
    }
    if (first < 1 || first > MAX_PAGE_SIZE) throw new ServiceError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
    const now = Date.now();
    const orders = await context.services.store.deductOrders.listStale(new Date(now - olderThanSeconds * 1000).toISOString(), first);
    return orders.map((order) => ({ order, stuckForSeconds: Math.floor((now - Date.parse(order.updatedAt)) / 1000) }));
  }
}
