import { DateTimeISO } from './date-time-scalar.js';
import { Field, Int, ObjectType } from 'type-graphql';
import type { ContractState } from '../domain/states.js';
import { ContractStateEnum } from './enums.js';
import { FenScalar } from './fen-scalar.js';

@ObjectType({ description: '还款协议: a repayment contract a user signed in WeChat.', simpleResolvers: true })
export class RepaymentContract {
  @Field(() => String, { nullable: true, description: "WeChat Pay's contract id; null until signed." })
  contractId!: string | null;

  @Field(() => String)
  outContractCode!: string;

  @Field(() => String)
  planId!: string;

  @Field(() => ContractStateEnum)
  state!: ContractState;

  @Field(() => String, { nullable: true })
  appid!: string | null;

  @Field(() => String, { nullable: true })
  openid!: string | null;

  @Field(() => String, { description: 'Masked name as WeChat Pay shows it.' })
  displayName!: string;

  @Field(() => FenScalar, { description: 'Upper limit of a single repayment.' })
  repaymentAmountLimit!: number;

  @Field(() => Int, { nullable: true })
  repaymentDay!: number | null;

  @Field(() => DateTimeISO, { nullable: true })
  signedAt!: string | null;

  @Field(() => DateTimeISO, { nullable: true })
  terminatedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'BY_USER, BY_MERCHANT or BY_CUSTOMER_SERVICE.' })
  terminationMode!: string | null;

  @Field(() => String, { nullable: true })
  terminationRemark!: string | null;

  @Field(() => Int)
  version!: number;
}
