/**
 * The documented rule for notify URLs: directly reachable, no query string. Real WeChat Pay demands
 * HTTPS; the simulator also takes plain http so that a receiver on localhost works without TLS.
 */
import { ApiError } from '../api-error.js';

export function checkNotifyUrl(field: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw ApiError.param(field, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw ApiError.param(field, 'must be an https URL');
  if (url.search !== '' || value.includes('?')) throw ApiError.param(field, 'must not carry a query string');
  if (url.hash !== '') throw ApiError.param(field, 'must not carry a fragment');
}
