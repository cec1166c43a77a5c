/**
 * The media-type headers every APIv3 call carries (§2 "Headers (all calls)", §6.1): `Accept:
 * application/json` on all calls, and `Content-Type: application/json` on POSTs.
 *
 * A request without them breaks the protocol, so it is answered as WeChat Pay answers a malformed
 * request: 400 with the documented error body (§6.2). The code is UNCONFIRMED: we use PARAM_ERROR
 * (400 "protocol or parameters invalid") naming the header in `detail`, rather than INVALID_REQUEST,
 * which other products also use for business-state conflicts and which the simulator keeps for those.
 *
 * Only the media type itself is accepted, with optional parameters (`application/json;
 * charset=utf-8`). UNCONFIRMED whether WeChat Pay also takes wildcard ranges (fetch sends one when no
 * Accept is set) or lists such as `application/json, text/plain`; refusing them is the safe reading:
 * a client that passes here sends exactly what the docs ask for.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.js';

const JSON_MEDIA_TYPE = /^application\/json[ \t]*(?:;.*)?$/i;

export function checkJsonHeaders(method: string, headers: IncomingHttpHeaders): void {
  checkHeader('Accept', headers.accept);
  if (method === 'POST') checkHeader('Content-Type', headers['content-type']);
}

function checkHeader(name: string, value: string | undefined): void {
  if (value !== undefined && JSON_MEDIA_TYPE.test(value.trim())) return;
  const got = value === undefined ? 'the header is missing' : `got ${JSON.stringify(value)}`;
  throw new ApiError(400, 'PARAM_ERROR', `${name} must be application/json; ${got}`, {
    field: name,
    location: 'header',
    issue: 'must be application/json',
  });
}
