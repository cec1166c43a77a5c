/**
 * Identifiers shaped like the ones WeChat Pay hands out (lengths and alphabets from the API samples).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { beijingDate } from './beijing-time.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const OPENID_ALPHABET = `${ALPHANUMERIC}_-`;

export function randomDigits(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(randomInt(10));
  return out;
}

export function randomAlphanumerics(count: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function compactDate(now: Date): string {
  return beijingDate(now).replaceAll('-', '');
}

/** 23 digits, date first, like the sample `20251105000000123456789`. */
export function newContractId(now: Date): string {
  return `${compactDate(now)}${randomDigits(15)}`;
}

/** 28 digits starting with `42`, like a WeChat Pay transaction_id. */
export function newTransactionId(now: Date): string {
  return `42${randomDigits(4)}${compactDate(now)}${randomDigits(14)}`;
}

/** 28 characters, like `oUpF8uMuAJO_M2pxb1Q9zNjWeS6o`; the prefix marks it as made up here. */
export function newOpenid(): string {
  return `oSandbox${randomAlphanumerics(20, OPENID_ALPHABET)}`;
}

export function newOutContractCode(): string {
  return `SANDBOX${randomAlphanumerics(25)}`;
}

/** Like `EV-2018022511223320873`. */
export function newNotificationId(now: Date): string {
  return `EV-${compactDate(now)}${randomDigits(11)}`;
}

export function newRequestId(): string {
  return `${randomBytes(20).toString('hex').toUpperCase()}-${randomInt(1_000_000)}`;
}
