import { checkPositiveFen } from './amount-rules.js';
import { isMaskedDisplayName, maskDisplayName } from './display-name.js';
import { checkAppid, checkOutContractCode, checkSubMchid } from './identifiers.js';
import { RuleViolation } from './rule-violation.js';
import { checkText } from './text.js';

export interface PresignInput {
  flow: 'APP' | 'H5';
  planId: string;
  outContractCode: string;
  displayName: string;
  repaymentDay: number | null;
  repaymentAmountLimit: number;
  appid: string;
  subMchid: string | null;
  subAppid: string | null;
  realIdentity: { identityId: string; realName: string } | null;
  jumpAppid: string | null;
}

/** RSA-2048 with OAEP-SHA1 carries at most 214 bytes of plaintext (§6.6). */
const OAEP_SHA1_2048_MAX_PLAINTEXT_BYTES = 214;

/**
 * Checks a presign against §3.1/§3.2 before anything is sent and returns the display name to
 * send: masked by WeChat Pay's rule unless the caller already passed a masked one.
 */
export function checkPresign(input: PresignInput): { displayName: string } {
  checkOutContractCode(input.outContractCode);
  checkText(input.planId, 'planId', { maxLength: 64, required: true });
  checkAppid(input.appid, 'appid');
  if (input.subMchid !== null) checkSubMchid(input.subMchid);
  if (input.subAppid !== null) checkAppid(input.subAppid, 'subAppid');
  // Only the masked form (at most 4 characters) is sent or stored, so only it is checked: a
  // character masked away (a 4-byte one, the 65th) cannot make WeChat Pay refuse the presign.
  const displayName = isMaskedDisplayName(input.displayName) ? input.displayName : maskDisplayName(input.displayName);
  checkPositiveFen(input.repaymentAmountLimit, 'repaymentAmountLimit');
  if (input.repaymentDay !== null && !(Number.isInteger(input.repaymentDay) && input.repaymentDay >= 1 && input.repaymentDay <= 31)) {
    throw new RuleViolation('repaymentDay', `repaymentDay must be a day of the month, 1..31; got ${input.repaymentDay}`);
  }
  if (input.flow === 'H5' && !input.realIdentity) {
    // UNCONFIRMED (§3.2): the official H5 page's required flag is unreadable and the other source
    // marks real_identity required. Safe reading: required, so a presign is not refused by WeChat
    // Pay for it. The APP page says optional in the official text, so APP keeps it optional.
    throw new RuleViolation('realIdentity', 'realIdentity is required for an H5 presign (the borrower’s ID card number and name, sent encrypted)');
  }
  if (input.realIdentity) {
    for (const field of ['identityId', 'realName'] as const) {
      const path = `realIdentity.${field}`;
      // Our own bound; what WeChat Pay limits is the ciphertext, and encryption the plaintext's bytes (below).
      checkText(input.realIdentity[field], path, { maxLength: 64, required: true, unit: 'characters' });
      if (Buffer.byteLength(input.realIdentity[field], 'utf8') > OAEP_SHA1_2048_MAX_PLAINTEXT_BYTES) {
        throw new RuleViolation(path, `${path} is too long to encrypt (at most ${OAEP_SHA1_2048_MAX_PLAINTEXT_BYTES} bytes)`);
      }
    }
    if (!/^[0-9]{17}[0-9Xx]$/.test(input.realIdentity.identityId)) {
      throw new RuleViolation('realIdentity.identityId', 'realIdentity.identityId must be an 18-character mainland ID card number');
    }
  }
  if (input.jumpAppid !== null) {
    if (input.flow !== 'H5') throw new RuleViolation('jumpInfo', 'jumpInfo applies to the H5 flow only');
    checkAppid(input.jumpAppid, 'jumpInfo.jumpAppid');
  }
  return { displayName };
}
