import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import type { ContractState, DeductOrderState } from '../domain/states.js';
import type { ContractRecord, DeductOrderRecord } from '../store/store.js';
import { DeductOrder } from './deduct-order.type.js';
import { ContractStateEnum, DeductOrderStateEnum } from './enums.js';
import { RepaymentContract } from './repayment-contract.type.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class RepaymentContractEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => RepaymentContract)
  node!: ContractRecord;
}

@ObjectType({ description: 'Contracts, newest first.' })
export class RepaymentContractConnection {
  @Field(() => [RepaymentContractEdge])
  edges!: RepaymentContractEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class DeductOrderEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DeductOrder)
  node!: DeductOrderRecord;
}

@ObjectType({ description: 'Repayment orders, newest first.' })
export class DeductOrderConnection {
  @Field(() => [DeductOrderEdge])
  edges!: DeductOrderEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class RepaymentContractFilter {
  @Field(() => [ContractStateEnum], { nullable: true })
  states?: ContractState[] | null;

  @Field(() => String, { nullable: true })
  openid?: string | null;

  @Field(() => String, { nullable: true })
  planId?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Created at or after.' })
  createdFrom?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Created before.' })
  createdTo?: Date | null;
}

@InputType()
export class DeductOrderFilter {
  @Field(() => [DeductOrderStateEnum], { nullable: true })
  states?: DeductOrderState[] | null;

  @Field(() => String, { nullable: true })
  openid?: string | null;

  @Field(() => String, { nullable: true })
  contractId?: string | null;

  @Field(() => String, { nullable: true })
  planId?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Created at or after.' })
  createdFrom?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Created before.' })
  createdTo?: Date | null;
}
