import assert from 'node:assert/strict';
import type { ApiResponse } from './api-client.js';

/** Asserts an APIv3 error answer; `field` (when given) must be named in `detail.field`. */
export function expectError(response: ApiResponse, status: number, code: string, field?: string): void {
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status}: ${response.text}`);
  assert.equal(response.json?.code, code, response.text);
  assert.equal(typeof response.json.message, 'string');
  if (field !== undefined) assert.equal(response.json.detail?.field, field, response.text);
}
