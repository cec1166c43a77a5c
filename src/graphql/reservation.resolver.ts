import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isStaff } from '../auth/viewer.js';
import { ServiceError } from '../services/service-error.js';
import type { ReservationRecord } from '../store/store.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { ScheduleRepaymentInput } from './inputs.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';
import { chargeNestedRows } from './nested-list-budget.js';
import { visibleOnly, visibleOrNotFound, visibleOrNull } from './scope.js';

@Resolver(() => Reservation)
export class ReservationResolver {
  @Authorized()
  @Query(() => Reservation, { nullable: true, description: 'A reservation by our record id and its contract.' })
  async reservation(
    @Arg('outRecordId', () => String) outRecordId: string,
    @Arg('contractId', () => String) contractId: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReservationRecord> {
    const reservation = await loadersOf(context, info).reservationByOutRecordId.load(outRecordId);
    return visibleOrNotFound(
      context.viewer,
      reservation?.contractId === contractId ? reservation : undefined,
      () => new ServiceError('NOT_FOUND', `no reservation ${outRecordId} for contract ${contractId}`, 'outRecordId'),
    );
  }

  @Authorized()
  @Mutation(() => Reservation, {
    description: '预约还款: reserves a repayment; required before initiateRepayment. Idempotent on outRecordId.',
  })
  scheduleRepayment(
    @Arg('input', () => ScheduleRepaymentInput) input: ScheduleRepaymentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ReservationRecord> {
    return context.services.reservations.schedule(
      { ...input, subAppid: input.subAppid ?? null, minRepaymentAmount: input.minRepaymentAmount ?? null },
      context.viewer,
    );
  }

  @Authorized('staff')
  @Mutation(() => Reservation, { description: 'Queries WeChat Pay for the reservation now (查询预约还款记录) and stores what changed. Staff only.' })
  refreshReservation(
    @Arg('outRecordId', () => String) outRecordId: string,
    @Arg('contractId', () => String) contractId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ReservationRecord> {
    return context.services.reservations.refresh(outRecordId, contractId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Why the poller's last look did not settle a reservation in doubt (SUBMITTING or UNKNOWN), if it did not. Staff only: null for a borrower.",
  })
  lastError(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext): string | null {
    return isStaff(context.viewer) ? reservation.lastError : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The subject of the token that scheduled it (a staff member or the borrower); null for reservations from before it was kept. Staff only: null for a borrower.',
  })
  requestedBy(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext): string | null {
    return isStaff(context.viewer) ? reservation.requestedBy : null;
  }

  @FieldResolver(() => RepaymentContract, { nullable: true })
  async contract(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return visibleOrNull(context.viewer, await loadersOf(context, info).contractByContractId.load(reservation.contractId));
  }

  @FieldResolver(() => [DeductOrder], { complexity: ({ childComplexity }) => 1 + 5 * childComplexity })
  async deductOrders(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return chargeNestedRows(context, info, visibleOnly(context.viewer, await loadersOf(context, info).deductOrdersByOutRecordId.load(reservation.outRecordId)));
  }
}
