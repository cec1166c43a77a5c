/**
 * A tiny declarative checker for request bodies: required fields, unknown fields, JSON types,
 * lengths and character sets. Errors are PARAM_ERROR naming the field path.
 */
import { ApiError } from './api-error.js';

export type FieldRule =
  | { type: 'string'; required?: boolean; maxBytes?: number; pattern?: RegExp; patternHint?: string }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'object'; required?: boolean; fields: FieldSchema }
  | { type: 'array'; required?: boolean; items: FieldRule; minItems?: number; maxItems?: number };

export type FieldSchema = Record<string, FieldRule>;

/**
 * Checks `body` against `schema`. Unknown fields are refused rather than ignored so that a typo in a
 * client (e.g. `sub_mch_id`) fails loudly here instead of silently in production.
 * Maximum lengths are counted in UTF-8 bytes: UNCONFIRMED whether WeChat counts bytes or characters;
 * bytes is the stricter reading.
 */
export function checkFields(body: Record<string, unknown>, schema: FieldSchema, path = ''): void {
  for (const key of Object.keys(body)) {
    if (!(key in schema)) throw ApiError.param(join(path, key), 'unknown field');
  }
  for (const [key, rule] of Object.entries(schema)) {
    const value = body[key];
    const fieldPath = join(path, key);
    if (value === undefined) {
      if (rule.required) throw ApiError.param(fieldPath, 'required field is missing');
      continue;
    }
    checkValue(value, rule, fieldPath);
  }
}

function checkValue(value: unknown, rule: FieldRule, path: string): void {
  switch (rule.type) {
    case 'string': {
      if (typeof value !== 'string') throw ApiError.param(path, 'must be a string');
      if (rule.required && value === '') throw ApiError.param(path, 'must not be empty');
      if (rule.maxBytes !== undefined && Buffer.byteLength(value, 'utf8') > rule.maxBytes) {
        throw ApiError.param(path, `must be at most ${rule.maxBytes} bytes`);
      }
      if (rule.pattern && !rule.pattern.test(value)) {
        throw ApiError.param(path, rule.patternHint ?? `must match ${rule.pattern}`);
      }
      return;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw ApiError.param(path, 'must be an integer');
      if (rule.min !== undefined && value < rule.min) throw ApiError.param(path, `must be at least ${rule.min}`);
      if (rule.max !== undefined && value > rule.max) throw ApiError.param(path, `must be at most ${rule.max}`);
      return;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw ApiError.param(path, 'must be true or false');
      return;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw ApiError.param(path, 'must be an object');
      }
      checkFields(value as Record<string, unknown>, rule.fields, path);
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) throw ApiError.param(path, 'must be an array');
      if (rule.minItems !== undefined && value.length < rule.minItems) {
        throw ApiError.param(path, `must have at least ${rule.minItems} item(s)`);
      }
      if (rule.maxItems !== undefined && value.length > rule.maxItems) {
        throw ApiError.param(path, `must have at most ${rule.maxItems} item(s)`);
      }
      value.forEach((item, index) => checkValue(item, rule.items, `${path}[${index}]`));
      return;
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Digits and ASCII letters only: the documented charset of out_contract_code and out_record_id. */
export const DIGITS_AND_LETTERS = /^[0-9A-Za-z]+$/;

/**
 * out_trade_no: 6 to 32 digits or ASCII letters. The charset for this product is UNCONFIRMED (§2);
 * the product's other merchant-chosen ids (out_contract_code, out_record_id) are documented as
 * digits and letters only, so that is the safe reading: the `_ - | *` that WeChat Pay's payment APIs
 * also allow are refused here. The 6–32 length is the payment APIs' out_trade_no rule (the query's
 * path parameter is string(32), §3.8); UNCONFIRMED for this product too.
 */
export const OUT_TRADE_NO = /^[0-9A-Za-z]{6,32}$/;
export const OUT_TRADE_NO_HINT = 'must be 6 to 32 digits or ASCII letters';

/** Amounts in fen: digits, no sign, no decimals, no leading zero, so at least 1. */
export const FEN = /^[1-9][0-9]{0,15}$/;
export const FEN_HINT = 'must be a positive whole number of fen written as digits (no sign, decimals or leading zeros)';
