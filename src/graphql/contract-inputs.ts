import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { FenScalar } from './fen-scalar.js';

export enum PresignFlow {
  APP = 'APP',
  H5 = 'H5',
}
registerEnumType(PresignFlow, {
  name: 'PresignFlow',
  description: 'APP: returns a presignToken for the WeChat SDK / mini-program; H5: returns a redirectUrl to the WeChat signing page.',
});

export enum IdentityType {
  ID_CARD = 'ID_CARD',
}
registerEnumType(IdentityType, { name: 'IdentityType', description: 'Kind of identity document (mainland ID card).' });

@InputType({ description: 'Checked by WeChat Pay against the user’s real-name record; sent encrypted, never stored or logged.' })
export class RealIdentityInput {
  @Field(() => IdentityType)
  identityType!: IdentityType;

  @Field(() => String)
  identityId!: string;

  @Field(() => String)
  realName!: string;
}

@InputType()
export class JumpInfoInput {
  @Field(() => String, { nullable: true, description: 'AppID to jump to after signing (H5 only).' })
  jumpAppid?: string | null;
}

@InputType({ description: 'A presign (预签约). The contract notify URL is ours, never the client’s.' })
export class PresignRepaymentContractInput {
  @Field(() => PresignFlow)
  flow!: PresignFlow;

  @Field(() => String, { description: 'Credit-repayment template id.' })
  planId!: string;

  @Field(() => String, { description: 'Our contract code: digits and letters, at most 64. Usable once, ever.' })
  outContractCode!: string;

  @Field(() => String, { description: 'The user’s name; masked by WeChat Pay’s rule (***G) unless already masked.' })
  displayName!: string;

  @Field(() => Int, { nullable: true })
  repaymentDay?: number | null;

  @Field(() => FenScalar, { description: 'Upper limit of a single repayment.' })
  repaymentAmountLimit!: number;

  @Field(() => String, { nullable: true, description: 'Defaults to the configured service-provider AppID.' })
  appid?: string | null;

  @Field(() => String, { nullable: true })
  subMchid?: string | null;

  @Field(() => String, { nullable: true })
  subAppid?: string | null;

  @Field(() => RealIdentityInput, {
    nullable: true,
    description: 'Required for H5, optional for APP. Sent to WeChat Pay encrypted; never stored or logged.',
  })
  realIdentity?: RealIdentityInput | null;

  @Field(() => JumpInfoInput, { nullable: true })
  jumpInfo?: JumpInfoInput | null;
}
