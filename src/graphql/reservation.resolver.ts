import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ServiceError } from '../services/service-error.js';
import type { ReservationRecord } from '../store/store.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { ScheduleRepaymentInput } from './inputs.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';

@Resolver(() => Reservation)
export class ReservationResolver {
  @Query(() => Reservation, { nullable: true, description: 'A reservation by our record id and its contract.' })
  async reservation(
    @Arg('outRecordId', () => String) outRecordId: string,
    @Arg('contractId', () => String) contractId: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ReservationRecord> {
    const reservation = await loadersOf(context, info).reservationByOutRecordId.load(outRecordId);
    if (!reservation || reservation.contractId !== contractId) {
      throw new ServiceError('NOT_FOUND', `no reservation ${outRecordId} for contract ${contractId}`, 'outRecordId');
    }
    return reservation;
  }

  @Mutation(() => Reservation, {
    description: '预约还款: reserves a repayment; required before initiateRepayment. Idempotent on outRecordId.',
  })
  scheduleRepayment(
    @Arg('input', () => ScheduleRepaymentInput) input: ScheduleRepaymentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ReservationRecord> {
    return context.services.reservations.schedule({
      ...input,
      subAppid: input.subAppid ?? null,
      minRepaymentAmount: input.minRepaymentAmount ?? null,
    });
  }

  @FieldResolver(() => RepaymentContract, { nullable: true })
  contract(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return loadersOf(context, info).contractByContractId.load(reservation.contractId);
  }

  @FieldResolver(() => [DeductOrder])
  deductOrders(@Root() reservation: ReservationRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return loadersOf(context, info).deductOrdersByOutRecordId.load(reservation.outRecordId);
  }
}
