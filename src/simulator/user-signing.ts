/**
 * What the WeChat user does with a presign: agree (the agreement is signed, SIGN_CONTRACT goes to the
 * presign's contract_notify_url) or decline (nothing happens, no callback: OFF-H5). Shared by the JSON
 * control routes and the H5 signing page, so both behave the same.
 */
import { signContract } from './contract-lifecycle.js';
import { newOpenid } from './random-ids.js';
import { realIdentityDigest, type RealIdentity } from './real-identity.js';
import type { SimulatorContext } from './simulator-context.js';
import type { StoredContract, StoredPresign } from './simulator-state.js';

export type PresignProblem = 'unknown' | 'used' | 'expired';

export type PresignLookup = { presign: StoredPresign; problem?: undefined } | { problem: PresignProblem };

/** A token can be acted on once, within its 10 minutes (measured on the business clock). */
export function lookUpPresign(ctx: SimulatorContext, token: string): PresignLookup {
  const presign = ctx.state.presigns.get(token);
  if (!presign) return { problem: 'unknown' };
  if (presign.used) return { problem: 'used' };
  if (ctx.now().getTime() > presign.expires_at_ms) return { problem: 'expired' };
  return { presign };
}

export interface SigningUser {
  /** Defaults to a fresh sandbox openid. */
  openid?: string;
  /** The user's real-name record; compared with the presign's real_identity when both exist. */
  real_identity?: RealIdentity;
}

export type AgreeOutcome = { contract: StoredContract } | { refused: 'real-name mismatch' };

/**
 * Uses the token up whatever the outcome: a refused signing cannot be retried with the same token
 * (INFERENCE; the out_contract_code is spent anyway, OFF-H5).
 */
export function agreeToPresign(ctx: SimulatorContext, presign: StoredPresign, user: SigningUser = {}): AgreeOutcome {
  presign.used = true;
  if (
    presign.real_identity_digest !== undefined &&
    user.real_identity !== undefined &&
    realIdentityDigest(user.real_identity) !== presign.real_identity_digest
  ) {
    // §3.1: on a mismatch signing is refused, no callback is sent and no agreement is created.
    return { refused: 'real-name mismatch' };
  }
  const contract = signContract(ctx, { ...presign.contract, openid: user.openid ?? newOpenid() }, presign.contract_notify_url);
  return { contract };
}

export function declinePresign(presign: StoredPresign): void {
  presign.used = true;
}
