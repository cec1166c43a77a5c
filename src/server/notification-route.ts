import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NotificationService } from '../services/notification-service.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendJson } from './send-json.js';

/** WeChat Pay's callbacks are a few KB; a much larger body is not one of them. */
export const NOTIFICATION_BODY_LIMIT_BYTES = 64 * 1024;

/** POST /wechatpay/notifications: raw body in, verified by the service, 204 or 4xx/5xx out. Exposes nothing. */
export function createNotificationRoute(notifications: NotificationService) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request, NOTIFICATION_BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { code: 'FAIL', message: 'body too large' });
        return;
      }
      throw error;
    }
    const reply = await notifications.receive(callbackHeaders(request), body);
    if (reply.body) sendJson(response, reply.status, reply.body);
    else response.writeHead(reply.status).end();
  };
}

/**
 * Only the headers the service reads. node:http gives names in lower case; the SDK matches names
 * in any case by scanning every header once per name, so a small object makes that scan short.
 */
function callbackHeaders(request: IncomingMessage): Record<string, string | string[] | undefined> {
  const headers = request.headers;
  return {
    'wechatpay-serial': headers['wechatpay-serial'],
    'wechatpay-timestamp': headers['wechatpay-timestamp'],
    'wechatpay-nonce': headers['wechatpay-nonce'],
    'wechatpay-signature': headers['wechatpay-signature'],
    'request-id': headers['request-id'],
  };
}
