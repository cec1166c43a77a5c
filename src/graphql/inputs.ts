import { Field, InputType } from 'type-graphql';
import { LocalDate } from './date-time-scalar.js';
import { FenScalar } from './fen-scalar.js';

@InputType({ description: 'A reservation for a signed contract. Checked against WeChat Pay’s rules before anything is sent.' })
export class ScheduleRepaymentInput {
  @Field(() => String)
  contractId!: string;

  @Field(() => String, { description: 'Our reservation id: digits and letters, at most 32.' })
  outRecordId!: string;

  @Field(() => String)
  subMchid!: string;

  @Field(() => String, { nullable: true })
  subAppid?: string | null;

  @Field(() => FenScalar)
  repaymentAmount!: number;

  @Field(() => FenScalar, {
    nullable: true,
    description: 'Required (≥ 5 %) for consumer-loan templates; optional (≥ 10 % if given) for cash-loan templates.',
  })
  minRepaymentAmount?: number | null;

  @Field(() => LocalDate, { description: 'Between tomorrow and 14 days ahead, Beijing calendar.' })
  repaymentDate!: string;
}

@InputType({ description: 'A repayment for a scheduled reservation. The notify URL is ours, never the client’s.' })
export class InitiateRepaymentInput {
  @Field(() => String)
  contractId!: string;

  @Field(() => String, { description: 'Our trade number: 6–32 digits or ASCII letters.' })
  outTradeNo!: string;

  @Field(() => String)
  outRecordId!: string;

  @Field(() => FenScalar)
  deductAmount!: number;

  @Field(() => String)
  description!: string;

  @Field(() => String, { nullable: true })
  attach?: string | null;
}
