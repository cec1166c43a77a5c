import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ServiceError } from '../services/service-error.js';
import type { DeductOrderRecord } from '../store/store.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { InitiateRepaymentInput } from './inputs.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';

@Resolver(() => DeductOrder)
export class DeductOrderResolver {
  @Query(() => DeductOrder, { nullable: true, description: 'A repayment order by our trade number.' })
  async deductOrder(
    @Arg('outTradeNo', () => String) outTradeNo: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DeductOrderRecord> {
    const order = await loadersOf(context, info).deductOrderByOutTradeNo.load(outTradeNo);
    if (!order) throw new ServiceError('NOT_FOUND', `no deduct order ${outTradeNo}`, 'outTradeNo');
    return order;
  }

  @Mutation(() => DeductOrder, {
    description:
      '发起还款: starts a repayment for a scheduled reservation. Idempotent on outTradeNo: the same input returns the same order.',
  })
  initiateRepayment(
    @Arg('input', () => InitiateRepaymentInput) input: InitiateRepaymentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeductOrderRecord> {
    return context.services.orders.initiate({ ...input, attach: input.attach ?? null });
  }

  @Subscription(() => DeductOrder, {
    description:
      'Live state of one order (outTradeNo) or of every order of a contract (contractId). Starts with the current state of the order when it exists.',
    subscribe: ({ args, context }) => {
      const { outTradeNo, contractId } = args as { outTradeNo?: string | null; contractId?: string | null };
      if (!outTradeNo && !contractId) {
        throw new GraphQLError('give outTradeNo or contractId', { extensions: { code: 'BAD_USER_INPUT', field: 'outTradeNo' } });
      }
      return (context as GraphQLContext).services.orders.watch({
        outTradeNo: outTradeNo ?? undefined,
        contractId: contractId ?? undefined,
      });
    },
  })
  deductOrderUpdated(
    @Root() order: DeductOrderRecord,
    @Arg('outTradeNo', () => String, { nullable: true }) _outTradeNo?: string,
    @Arg('contractId', () => String, { nullable: true }) _contractId?: string,
  ): DeductOrderRecord {
    return order;
  }

  @FieldResolver(() => RepaymentContract, { nullable: true })
  contract(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return loadersOf(context, info).contractByContractId.load(order.contractId);
  }

  @FieldResolver(() => Reservation, { nullable: true })
  reservation(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return loadersOf(context, info).reservationByOutRecordId.load(order.outRecordId);
  }
}
