import { DateTimeISO, LocalDate } from './date-time-scalar.js';
import { Field, ObjectType } from 'type-graphql';
import type { ReservationState } from '../domain/states.js';
import { ReservationStateEnum } from './enums.js';
import { FenScalar } from './fen-scalar.js';

@ObjectType({ description: '预约还款: a repayment reservation (schedule record); required before a deduction.', simpleResolvers: true })
export class Reservation {
  @Field(() => String)
  outRecordId!: string;

  @Field(() => String)
  contractId!: string;

  @Field(() => ReservationStateEnum)
  state!: ReservationState;

  @Field(() => String)
  appid!: string;

  @Field(() => String)
  openid!: string;

  @Field(() => String)
  subMchid!: string;

  @Field(() => String, { nullable: true })
  subAppid!: string | null;

  @Field(() => FenScalar)
  repaymentAmount!: number;

  @Field(() => FenScalar, { nullable: true })
  minRepaymentAmount!: number | null;

  @Field(() => LocalDate, { description: 'Repayment date, Beijing calendar.' })
  repaymentDate!: string;

  @Field(() => DateTimeISO)
  createdAt!: string;
}
