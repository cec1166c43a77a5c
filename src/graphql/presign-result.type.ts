import { Field, ObjectType } from 'type-graphql';
import type { ContractRecord } from '../store/store.js';
import { RepaymentContract } from './repayment-contract.type.js';

@ObjectType({ description: 'A presigned contract (PENDING until the user signs) and how to open the signing page.', simpleResolvers: true })
export class PresignResult {
  @Field(() => RepaymentContract)
  contract!: ContractRecord;

  @Field(() => String, { nullable: true, description: 'APP flow: pass to the WeChat SDK / wx.requestAutomaticRepayment. Valid 10 minutes.' })
  presignToken!: string | null;

  @Field(() => String, { nullable: true, description: 'H5 flow: open this URL to show the WeChat signing page. Valid 10 minutes.' })
  redirectUrl!: string | null;
}
