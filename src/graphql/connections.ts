import { DateTimeISO } from './date-time-scalar.js';
import { Field, InputType, ObjectType, type ClassType } from 'type-graphql';
import type { ContractState, DeductOrderState } from '../domain/states.js';
import type { ContractRecord, DeductOrderRecord } from '../store/store.js';
import { DeductOrder } from './deduct-order.type.js';
import { ContractStateEnum, DeductOrderStateEnum } from './enums.js';
import { RepaymentContract } from './repayment-contract.type.js';

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A Relay connection type and its edge type for one node type (type-graphql's generic-type pattern). */
function connectionType<TNode>(name: string, nodeType: ClassType, description: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: TNode;
  }

  @ObjectType(`${name}Connection`, { description, simpleResolvers: true })
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}

export const RepaymentContractConnection = connectionType<ContractRecord>('RepaymentContract', RepaymentContract, 'Contracts, newest first.');
export type RepaymentContractConnection = InstanceType<typeof RepaymentContractConnection>;

export const DeductOrderConnection = connectionType<DeductOrderRecord>('DeductOrder', DeductOrder, 'Repayment orders, newest first.');
export type DeductOrderConnection = InstanceType<typeof DeductOrderConnection>;

/**
 * What both lists can be narrowed by; each list adds its own state (and key) filters. Decorated so
 * its fields are inherited; never referenced by a field, so it is not emitted on its own.
 */
@InputType()
abstract class CreatedWithinFilter {
  @Field(() => String, { nullable: true })
  openid?: string | null;

  @Field(() => String, { nullable: true })
  planId?: string | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'Created at or after.' })
  createdFrom?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'Created before.' })
  createdTo?: Date | null;
}

@InputType()
export class RepaymentContractFilter extends CreatedWithinFilter {
  @Field(() => [ContractStateEnum], { nullable: true })
  states?: ContractState[] | null;
}

@InputType()
export class DeductOrderFilter extends CreatedWithinFilter {
  @Field(() => [DeductOrderStateEnum], { nullable: true })
  states?: DeductOrderState[] | null;

  @Field(() => String, { nullable: true })
  contractId?: string | null;
}
