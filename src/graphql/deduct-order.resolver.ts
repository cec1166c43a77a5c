import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { isStaff } from '../auth/viewer.js';
import { ServiceError } from '../services/service-error.js';
import type { DeductOrderRecord } from '../store/store.js';
import { DeductOrderConnection, DeductOrderFilter } from './connections.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { InitiateRepaymentInput } from './inputs.js';
import { selectsAny } from './look-ahead.js';
import { connectionOf, pageRequest, pageSizeForCost } from './pagination.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';
import { scopedOpenid, visibleOrNotFound, visibleOrNull } from './scope.js';

/** Fields of DeductOrder whose records `deductOrderWithRelationsByOutTradeNo` reads with the order. */
const RELATIONS = new Set(['contract', 'reservation']);

const notFound = (outTradeNo: string) => () => new ServiceError('NOT_FOUND', `no deduct order ${outTradeNo}`, 'outTradeNo');

@Resolver(() => DeductOrder)
export class DeductOrderResolver {
  @Authorized()
  @Query(() => DeductOrder, { nullable: true, description: 'A repayment order by our trade number.' })
  async deductOrder(
    @Arg('outTradeNo', () => String) outTradeNo: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DeductOrderRecord> {
    const loaders = loadersOf(context, info);
    // Asked with its contract or reservation: one joined read instead of three.
    const order = selectsAny(info, RELATIONS)
      ? (await loaders.deductOrderWithRelationsByOutTradeNo.load(outTradeNo))?.order
      : await loaders.deductOrderByOutTradeNo.load(outTradeNo);
    return visibleOrNotFound(context.viewer, order, notFound(outTradeNo));
  }

  @Authorized()
  @Query(() => DeductOrderConnection, {
    description: 'Repayment orders, newest first, filtered. A borrower sees only their own.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async deductOrders(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => DeductOrderFilter, { nullable: true }) filter?: DeductOrderFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DeductOrderConnection> {
    const page = pageRequest(first, after);
    const rows = await context.services.orders.list(
      {
        states: filter?.states ?? undefined,
        openid: scopedOpenid(context.viewer, filter?.openid),
        contractId: filter?.contractId ?? undefined,
        planId: filter?.planId ?? undefined,
        createdFrom: filter?.createdFrom?.toISOString(),
        createdTo: filter?.createdTo?.toISOString(),
      },
      page,
    );
    return connectionOf(rows, page.size, (row) => row.outTradeNo);
  }

  @Authorized('staff')
  @Mutation(() => DeductOrder, { description: 'Queries WeChat Pay for the order now (查询还款单) and stores what changed. Staff only.' })
  refreshDeductOrder(@Arg('outTradeNo', () => String) outTradeNo: string, @Ctx() context: GraphQLContext): Promise<DeductOrderRecord> {
    return context.services.orders.refresh(outTradeNo);
  }

  @Authorized()
  @Mutation(() => DeductOrder, {
    description:
      '发起还款: starts a repayment for a scheduled reservation. Idempotent on outTradeNo: the same input returns the same order. A borrower may repay only on their own contract.',
  })
  initiateRepayment(
    @Arg('input', () => InitiateRepaymentInput) input: InitiateRepaymentInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeductOrderRecord> {
    return context.services.orders.initiate({ ...input, attach: input.attach ?? null }, context.viewer);
  }

  @Subscription(() => DeductOrder, {
    description:
      'Live state of one order (outTradeNo) or of every order of a contract (contractId). Starts with the current state of the order when it exists.',
    subscribe: ({ args, context }) => {
      const { outTradeNo, contractId } = args as { outTradeNo?: string | null; contractId?: string | null };
      if (!outTradeNo && !contractId) {
        throw new GraphQLError('give outTradeNo or contractId', { extensions: { code: 'BAD_USER_INPUT', field: 'outTradeNo' } });
      }
      const { services, viewer } = context as GraphQLContext;
      return services.orders.watch({ outTradeNo: outTradeNo ?? undefined, contractId: contractId ?? undefined }, viewer);
    },
  })
  deductOrderUpdated(
    @Root() order: DeductOrderRecord,
    @Arg('outTradeNo', () => String, { nullable: true }) _outTradeNo?: string,
    @Arg('contractId', () => String, { nullable: true }) _contractId?: string,
  ): DeductOrderRecord {
    return order;
  }

  /**
   * Operators' diagnostics: a WeChat Pay error text, or a contradiction naming another contract or
   * reservation (someone else's), so borrowers get null.
   */
  @FieldResolver(() => String, { nullable: true, description: 'Why the last call about this order failed, if it did. Staff only: null for a borrower.' })
  lastError(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext): string | null {
    return isStaff(context.viewer) ? order.lastError : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The subject of the token that initiated it (a staff member or the borrower); null for orders from before it was kept. Staff only: null for a borrower.',
  })
  requestedBy(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext): string | null {
    return isStaff(context.viewer) ? order.requestedBy : null;
  }

  @FieldResolver(() => RepaymentContract, { nullable: true })
  async contract(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return visibleOrNull(context.viewer, await loadersOf(context, info).contractByContractId.load(order.contractId));
  }

  @FieldResolver(() => Reservation, { nullable: true })
  async reservation(@Root() order: DeductOrderRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return visibleOrNull(context.viewer, await loadersOf(context, info).reservationByOutRecordId.load(order.outRecordId));
  }
}
