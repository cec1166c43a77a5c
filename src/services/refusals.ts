import type { WechatpayError } from '../wechatpay/index.js';

/**
 * Refusals that say "not now" rather than "never": 429, a signature WeChat Pay did not accept (our
 * clock or keys), a local misconfiguration caught before sending. Nothing was done at WeChat Pay,
 * so a resubmission refused this way may be sent again later.
 */
const NOT_NOW: ReadonlySet<string> = new Set(['rate_limit_error', 'authentication_error', 'configuration_error']);

export function isNotNowRefusal(error: WechatpayError): boolean {
  return NOT_NOW.has(error.type);
}

