/**
 * The documented rule for notify URLs (§3.1, §5.4): HTTPS, directly reachable, no query string,
 * string(256). The one relaxation: plain http is accepted for loopback hosts only (127.0.0.0/8,
 * ::1, localhost), so that a receiver on this machine works without TLS; http to any other host is
 * refused as WeChat Pay refuses it. Lengths count UTF-8 bytes, the stricter reading (field-schema.ts).
 */
import { isLoopbackHost } from '../../loopback-host.js';
import { ApiError } from '../api-error.js';

export const NOTIFY_URL_MAX_BYTES = 256;

export function checkNotifyUrl(field: string, value: string): void {
  if (Buffer.byteLength(value, 'utf8') > NOTIFY_URL_MAX_BYTES) {
    throw ApiError.param(field, `must be at most ${NOTIFY_URL_MAX_BYTES} bytes`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw ApiError.param(field, 'must be an absolute URL');
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw ApiError.param(field, 'must be an https URL (this simulator takes plain http only for loopback hosts)');
    }
  } else if (url.protocol !== 'https:') {
    throw ApiError.param(field, 'must be an https URL');
  }
  if (url.search !== '' || value.includes('?')) throw ApiError.param(field, 'must not carry a query string');
  if (url.hash !== '') throw ApiError.param(field, 'must not carry a fragment');
}
