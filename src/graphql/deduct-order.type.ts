import { DateTimeISO } from './date-time-scalar.js';
import { Field, Int, ObjectType } from 'type-graphql';
import type { DeductOrderState } from '../domain/states.js';
import { DeductOrderStateEnum } from './enums.js';
import { FenScalar } from './fen-scalar.js';

@ObjectType({ description: '发起还款: a repayment (deduction) order.', simpleResolvers: true })
export class DeductOrder {
  @Field(() => String, { description: 'Our trade number (out_trade_no).' })
  outTradeNo!: string;

  @Field(() => String)
  contractId!: string;

  @Field(() => String, { description: 'The reservation this order executes.' })
  outRecordId!: string;

  // Named differently from its property, so it keeps type-graphql's resolver (simpleResolvers reads by schema name).
  @Field(() => DeductOrderStateEnum, { name: 'orderState', simple: false })
  state!: DeductOrderState;

  @Field(() => FenScalar)
  deductAmount!: number;

  @Field(() => FenScalar, { nullable: true, description: 'Amount actually repaid, once paid.' })
  paySuccessAmount!: number | null;

  @Field(() => String)
  description!: string;

  @Field(() => String, { nullable: true })
  attach!: string | null;

  @Field(() => String, { nullable: true, description: "WeChat Pay's payment number, once paid." })
  transactionId!: string | null;

  @Field(() => String, { nullable: true })
  appid!: string | null;

  @Field(() => String, { nullable: true })
  subAppid!: string | null;

  @Field(() => String, { nullable: true })
  openid!: string | null;

  @Field(() => Int, { description: 'Increases with every stored change.' })
  version!: number;

  // lastError: a field resolver (DeductOrderResolver), for staff only.

  @Field(() => DateTimeISO)
  createdAt!: string;

  @Field(() => DateTimeISO)
  updatedAt!: string;
}
