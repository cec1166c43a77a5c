import { Arg, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { ServiceError } from '../services/service-error.js';
import type { DeductOrderRecord, ReservationRecord } from '../store/store.js';
import type { GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { MAX_PAGE_SIZE, pageSizeForCost } from './pagination.js';
import { Reservation } from './reservation.type.js';

@ObjectType({ description: 'An order that is not final and has not changed for a while.', simpleResolvers: true })
export class StuckDeductOrder {
  @Field(() => DeductOrder)
  order!: DeductOrderRecord;

  @Field(() => Int, { description: 'Seconds since the order last changed.' })
  stuckForSeconds!: number;
}

@ObjectType({ description: 'A reservation still SUBMITTING or UNKNOWN that has not changed for a while.', simpleResolvers: true })
export class StuckReservation {
  @Field(() => Reservation)
  reservation!: ReservationRecord;

  @Field(() => Int, { description: 'Seconds since the reservation last changed.' })
  stuckForSeconds!: number;
}

/** The cutoff of a stuck report, its arguments checked. */
function staleBefore(olderThanSeconds: number, first: number, now: number): string {
  if (!Number.isInteger(olderThanSeconds) || olderThanSeconds < 0) {
    throw new ServiceError('BAD_USER_INPUT', 'olderThanSeconds must be zero or more', 'olderThanSeconds');
  }
  if (first < 1 || first > MAX_PAGE_SIZE) throw new ServiceError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  return new Date(now - olderThanSeconds * 1000).toISOString();
}

const secondsSince = (updatedAt: string, now: number) => Math.floor((now - Date.parse(updatedAt)) / 1000);

/**
 * Trouble made visible, oldest first: orders left in SUBMITTING, UNKNOWN, PENDING or NOT_PAY, and
 * reservations left in SUBMITTING or UNKNOWN (no poller looks at those: `refreshReservation` settles
 * each it can).
 */
@Resolver()
export class StuckOrdersResolver {
  @Authorized('staff')
  @Query(() => [StuckDeductOrder], {
    description: 'Orders not final whose last change is older than olderThanSeconds (default 300), oldest first. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async stuckDeductOrders(
    @Ctx() context: GraphQLContext,
    @Arg('olderThanSeconds', () => Int, { defaultValue: 300 }) olderThanSeconds: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<StuckDeductOrder[]> {
    const now = Date.now();
    const orders = await context.services.store.deductOrders.listStale(staleBefore(olderThanSeconds, first, now), first);
    return orders.map((order) => ({ order, stuckForSeconds: secondsSince(order.updatedAt, now) }));
  }

  @Authorized('staff')
  @Query(() => [StuckReservation], {
    description:
      'Reservations still SUBMITTING or UNKNOWN whose last change is older than olderThanSeconds (default 300), oldest first. refreshReservation settles each it can; one whose resubmission was refused stays UNKNOWN until WeChat Pay knows it. Staff only.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async stuckReservations(
    @Ctx() context: GraphQLContext,
    @Arg('olderThanSeconds', () => Int, { defaultValue: 300 }) olderThanSeconds: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
  ): Promise<StuckReservation[]> {
    const now = Date.now();
    const reservations = await context.services.store.reservations.listStale(staleBefore(olderThanSeconds, first, now), first);
    return reservations.map((reservation) => ({ reservation, stuckForSeconds: secondsSince(reservation.updatedAt, now) }));
  }
}
