import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { chargeNestedRows } from './nested-list-budget.js';
import { scopedOpenid, visibleOnly, visibleOrNotFound } from './scope.js';
import { ServiceError } from '../services/service-error.js';
import type { ContractRecord } from '../store/store.js';
import { RepaymentContractConnection, RepaymentContractFilter } from './connections.js';
import { PresignRepaymentContractInput } from './contract-inputs.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { connectionOf, pageRequest, pageSizeForCost } from './pagination.js';
import { PresignResult } from './presign-result.type.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';

@Resolver(() => RepaymentContract)
export class RepaymentContractResolver {
  @Authorized()
  @Query(() => RepaymentContract, { nullable: true, description: 'A signed repayment contract by its WeChat Pay contract id.' })
  async repaymentContract(
    @Arg('contractId', () => String) contractId: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ContractRecord> {
    const contract = await loadersOf(context, info).contractByContractId.load(contractId);
    return visibleOrNotFound(context.viewer, contract, () => new ServiceError('NOT_FOUND', `no repayment contract ${contractId}`, 'contractId'));
  }

  @Authorized()
  @Query(() => RepaymentContract, { nullable: true, description: 'A contract by our contract code (also before it is signed).' })
  async repaymentContractByCode(
    @Arg('outContractCode', () => String) outContractCode: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ContractRecord> {
    const contract = await context.services.contracts.get(outContractCode);
    return visibleOrNotFound(
      context.viewer,
      contract,
      () => new ServiceError('NOT_FOUND', `no repayment contract ${outContractCode}`, 'outContractCode'),
    );
  }

  @Authorized()
  @Query(() => RepaymentContractConnection, {
    description: 'Contracts, newest first, filtered. A borrower sees only their own.',
    complexity: ({ args, childComplexity }) => 1 + pageSizeForCost(args.first) * childComplexity,
  })
  async repaymentContracts(
    @Ctx() context: GraphQLContext,
    @Arg('filter', () => RepaymentContractFilter, { nullable: true }) filter?: RepaymentContractFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<RepaymentContractConnection> {
    const page = pageRequest(first, after);
    const rows = await context.services.contracts.list(
      {
        states: filter?.states ?? undefined,
        openid: scopedOpenid(context.viewer, filter?.openid),
        planId: filter?.planId ?? undefined,
        createdFrom: filter?.createdFrom?.toISOString(),
        createdTo: filter?.createdTo?.toISOString(),
      },
      page,
    );
    return connectionOf(rows, page.size, (row) => row.outContractCode);
  }

  @Authorized('staff')
  @Mutation(() => PresignResult, {
    description: '预签约: registers a contract for signing (APP token or H5 page). The contract becomes EFFECTIVE when the user signs.',
  })
  presignRepaymentContract(
    @Arg('input', () => PresignRepaymentContractInput) input: PresignRepaymentContractInput,
    @Ctx() context: GraphQLContext,
  ) {
    return context.services.contracts.presign({
      flow: input.flow,
      planId: input.planId,
      outContractCode: input.outContractCode,
      displayName: input.displayName,
      repaymentDay: input.repaymentDay ?? null,
      repaymentAmountLimit: input.repaymentAmountLimit,
      appid: input.appid ?? null,
      subMchid: input.subMchid ?? null,
      subAppid: input.subAppid ?? null,
      realIdentity: input.realIdentity
        ? { identityType: input.realIdentity.identityType, identityId: input.realIdentity.identityId, realName: input.realIdentity.realName }
        : null,
      jumpAppid: input.jumpInfo?.jumpAppid ?? null,
    });
  }

  @Authorized('staff')
  @Mutation(() => RepaymentContract, { description: '解除协议: terminates an EFFECTIVE contract at WeChat Pay. Staff only.' })
  terminateRepaymentContract(
    @Arg('outContractCode', () => String) outContractCode: string,
    @Arg('remark', () => String) remark: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ContractRecord> {
    return context.services.contracts.terminate(outContractCode, remark);
  }

  @Authorized('staff')
  @Mutation(() => RepaymentContract, { description: 'Reads the contract from WeChat Pay now and stores what changed. Staff only.' })
  refreshRepaymentContract(
    @Arg('outContractCode', () => String) outContractCode: string,
    @Ctx() context: GraphQLContext,
  ): Promise<ContractRecord> {
    return context.services.contracts.refresh(outContractCode);
  }

  @Subscription(() => RepaymentContract, {
    description: 'Live state of one contract, by outContractCode or contractId, starting with its current state.',
    subscribe: ({ args, context }) => {
      const { outContractCode, contractId } = args as { outContractCode?: string | null; contractId?: string | null };
      if (!outContractCode && !contractId) {
        throw new GraphQLError('give outContractCode or contractId', { extensions: { code: 'BAD_USER_INPUT', field: 'outContractCode' } });
      }
      const { services, viewer } = context as GraphQLContext;
      return services.contracts.watch({ outContractCode: outContractCode ?? undefined, contractId: contractId ?? undefined }, viewer);
    },
  })
  repaymentContractUpdated(
    @Root() contract: ContractRecord,
    @Arg('outContractCode', () => String, { nullable: true }) _outContractCode?: string,
    @Arg('contractId', () => String, { nullable: true }) _contractId?: string,
  ): ContractRecord {
    return contract;
  }

  @FieldResolver(() => [Reservation], { complexity: ({ childComplexity }) => 1 + 5 * childComplexity })
  async reservations(@Root() contract: ContractRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    if (!contract.contractId) return [];
    return chargeNestedRows(context, info, visibleOnly(context.viewer, await loadersOf(context, info).reservationsByContractId.load(contract.contractId)));
  }

  @FieldResolver(() => [DeductOrder], { complexity: ({ childComplexity }) => 1 + 5 * childComplexity })
  async deductOrders(@Root() contract: ContractRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    if (!contract.contractId) return [];
    return chargeNestedRows(context, info, visibleOnly(context.viewer, await loadersOf(context, info).deductOrdersByContractId.load(contract.contractId)));
  }
}
