import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { ServiceError } from '../services/service-error.js';
import type { ContractRecord } from '../store/store.js';
import { loadersOf, type GraphQLContext } from './context.js';
import { DeductOrder } from './deduct-order.type.js';
import { RepaymentContract } from './repayment-contract.type.js';
import { Reservation } from './reservation.type.js';

@Resolver(() => RepaymentContract)
export class RepaymentContractResolver {
  @Query(() => RepaymentContract, { nullable: true, description: 'A signed repayment contract by its WeChat Pay contract id.' })
  async repaymentContract(
    @Arg('contractId', () => String) contractId: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ContractRecord> {
    const contract = await loadersOf(context, info).contractByContractId.load(contractId);
    if (!contract) throw new ServiceError('NOT_FOUND', `no repayment contract ${contractId}`, 'contractId');
    return contract;
  }

  @FieldResolver(() => [Reservation])
  async reservations(@Root() contract: ContractRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return contract.contractId ? loadersOf(context, info).reservationsByContractId.load(contract.contractId) : [];
  }

  @FieldResolver(() => [DeductOrder])
  async deductOrders(@Root() contract: ContractRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return contract.contractId ? loadersOf(context, info).deductOrdersByContractId.load(contract.contractId) : [];
  }
}
