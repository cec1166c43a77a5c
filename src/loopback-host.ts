import { isIPv4 } from 'node:net';

/**
 * Whether a URL's `hostname` (as the URL parser normalised it: lower case, IPv4 in dotted decimal,
 * IPv6 in brackets and compressed) names this machine. Only the loopback names themselves: not
 * IPv4-mapped IPv6 forms nor names under `.localhost`, which a resolver may send anywhere.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}
