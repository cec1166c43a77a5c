/**
 * Parses a request body the way APIv3 accepts JSON (§6.1): an object, no `null` anywhere, and only
 * UTF-8 characters of 1–3 bytes. Failures are PARAM_ERROR naming the offending field.
 */
import { ApiError } from './api-error.js';

const FOUR_BYTE_CHARACTER = /[\u{10000}-\u{10FFFF}]/u;

export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    // fatal: a body that is not UTF-8 must not be silently repaired into something else
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new ApiError(400, 'PARAM_ERROR', 'the request body is not valid UTF-8 JSON', {
      location: 'body',
      issue: 'body must be a JSON object',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ApiError.param('body', 'must be a JSON object');
  }
  checkJsonValues(value, '');
  return value as Record<string, unknown>;
}

function checkJsonValues(value: unknown, path: string): void {
  if (value === null) throw ApiError.param(path || 'body', 'null is not allowed; omit the field instead');
  if (typeof value === 'string') {
    if (FOUR_BYTE_CHARACTER.test(value)) {
      throw ApiError.param(path, 'contains a 4-byte UTF-8 character (e.g. an emoji), which is not supported');
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJsonValues(item, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FOUR_BYTE_CHARACTER.test(key)) throw ApiError.param(childPath, 'field name contains a 4-byte character');
      checkJsonValues(item, childPath);
    }
  }
}
