/**
 * Fault rules: the ways a test can make the simulator misbehave as WeChat Pay (or the network in
 * between) sometimes does. Set in process with `simulator.faults.set([...])` / `.clear()`, or over
 * HTTP (unsigned, sandbox only): `POST /sandbox/faults` with a JSON array (replaces the current set),
 * `GET /sandbox/faults` (the rules with `remaining` and `hits`), `DELETE /sandbox/faults`.
 *
 * Request rules, e.g. `{"match": "POST /v3/credit-repayment/partner/deduct-orders", "fault": "status", "status": 503}`
 *   match   "METHOD /path": METHOD may be `*`; a path ending in `*` is a prefix (`* /v3/*` is every API call).
 *           Never applied to `/sandbox/` routes, so a test can always clear what it set.
 *   fault   status            answer `status` (429 FREQUENCY_LIMITED, 500 SYSTEM_ERROR, 502/503 SERVICE_UNAVAILABLE,
 *                             400 INVALID_REQUEST: a definitive refusal; 404 RESOURCE_NOT_EXISTS: a record not yet
 *                             visible to a query), signed as usual; the request is not processed
 *           timeout           never answer; not processed unless `"process": true` (accepted, then silent); the
 *                             socket closes when the simulator closes, or after `close_after_ms` if given
 *           reset             read the request, then reset the connection (TCP RST); nothing processed
 *           accept_then_drop  process the request fully (the order IS created), then close the socket unanswered
 *           delay             process the request, then answer after `delay_ms`
 *
 * Callback rules, e.g. `{"callback": "CREDIT_REPAYMENT.DEDUCTION_PAY", "fault": "drop", "times": 2}`
 *   callback  an event type, or `*` for all three
 *   fault     drop       a send never arrives, so WeChat Pay's retry schedule carries on (counted per send:
 *                        `times: 2` loses the first two sends)
 *             duplicate  once the first send has been answered, the same notification (same id) is delivered again
 *             delay      the notification waits `delay_ms` before its first send
 *             reorder    the notification waits until another one has arrived (its first send not lost to a
 *                        drop), or until `delay_ms` if given, so the later one overtakes it
 *             probe      a copy signed `WECHATPAY/SIGNTEST/…` is sent first (§5.4); its answer is ignored
 *
 * `times`: how many matching requests (callbacks: notifications; for drop: sends) a rule applies to; default 1;
 * `"always"` never runs out. Rules are tried in order: a request gets at most one fault, a notification at
 * most one fault of each kind (reorder and delay exclude each other).
 */
import type { NotificationEventType } from '../wechatpay/types.js';
import { ApiError } from './api-error.js';
import { checkFields, type FieldSchema } from './field-schema.js';

export type FaultTimes = number | 'always';

export type FaultStatus = 400 | 404 | 429 | 500 | 502 | 503;

export type RequestFault =
  | { fault: 'status'; status: FaultStatus }
  | { fault: 'timeout'; process?: boolean; close_after_ms?: number }
  | { fault: 'reset' }
  | { fault: 'accept_then_drop' }
  | { fault: 'delay'; delay_ms: number };

export type RequestFaultRule = RequestFault & { match: string; times?: FaultTimes };

export type CallbackFault =
  | { fault: 'drop' }
  | { fault: 'duplicate' }
  | { fault: 'delay'; delay_ms: number }
  | { fault: 'reorder'; delay_ms?: number }
  | { fault: 'probe' };

export type CallbackFaultKind = CallbackFault['fault'];

export type CallbackFaultRule = CallbackFault & { callback: NotificationEventType | '*'; times?: FaultTimes };

export type FaultRule = RequestFaultRule | CallbackFaultRule;

/** A rule as `GET /sandbox/faults` shows it: what was set, what is left, how often it fired. */
export type FaultRuleStatus = FaultRule & { remaining: FaultTimes; hits: number };

export interface RequestMatcher {
  /** Upper case, or `*`. */
  method: string;
  path: string;
  prefix: boolean;
}

export function isCallbackRule(rule: FaultRule): rule is CallbackFaultRule {
  return 'callback' in rule;
}

/** 10 minutes: longer than any sensible client timeout, short enough not to pin a test run. */
const MAX_MS = 600_000;
const MS = { type: 'integer', min: 0, max: MAX_MS } as const;

const REQUEST_FIELDS: Record<RequestFault['fault'], FieldSchema> = {
  status: { status: { type: 'integer', required: true } },
  timeout: { process: { type: 'boolean' }, close_after_ms: MS },
  reset: {},
  accept_then_drop: {},
  delay: { delay_ms: { ...MS, required: true } },
};

const CALLBACK_FIELDS: Record<CallbackFaultKind, FieldSchema> = {
  drop: {},
  duplicate: {},
  delay: { delay_ms: { ...MS, required: true } },
  reorder: { delay_ms: MS },
  probe: {},
};

const EVENT_TYPES: readonly string[] = [
  'CREDIT_REPAYMENT.SIGN_CONTRACT',
  'CREDIT_REPAYMENT.TERMINATE_CONTRACT',
  'CREDIT_REPAYMENT.DEDUCTION_PAY',
  '*',
];

const FAULT_STATUSES: readonly FaultStatus[] = [400, 404, 429, 500, 502, 503];

/**
 * Checks untrusted JSON (or a caller's typed array, which may still be wrong at run time) and returns
 * the rules. Throws ApiError PARAM_ERROR naming the offending rule, e.g. `[1].delay_ms`.
 */
export function parseFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw ApiError.param('body', 'must be a JSON array of fault rules');
  return value.map((item, index) => parseRule(item, `[${index}]`));
}

function parseRule(item: unknown, path: string): FaultRule {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw ApiError.param(path, 'must be an object');
  const { times, ...rest } = item as Record<string, unknown>;
  if (times !== undefined && times !== 'always' && !(Number.isInteger(times) && (times as number) >= 1)) {
    throw ApiError.param(`${path}.times`, 'must be a whole number of at least 1, or "always"');
  }
  const fault = rest.fault;
  if ('callback' in rest) {
    const fields = typeof fault === 'string' ? CALLBACK_FIELDS[fault as CallbackFaultKind] : undefined;
    if (!fields) throw ApiError.param(`${path}.fault`, `must be one of ${Object.keys(CALLBACK_FIELDS).join(', ')} for a callback rule`);
    checkFields(rest, { callback: { type: 'string', required: true }, fault: { type: 'string' }, ...fields }, path);
    if (!EVENT_TYPES.includes(rest.callback as string)) {
      throw ApiError.param(`${path}.callback`, `must be one of ${EVENT_TYPES.join(', ')}`);
    }
  } else {
    const fields = typeof fault === 'string' ? REQUEST_FIELDS[fault as RequestFault['fault']] : undefined;
    if (!fields) throw ApiError.param(`${path}.fault`, `must be one of ${Object.keys(REQUEST_FIELDS).join(', ')} for a request rule`);
    checkFields(rest, { match: { type: 'string', required: true }, fault: { type: 'string' }, ...fields }, path);
    parseMatch(rest.match as string, `${path}.match`);
    if (fault === 'status' && !FAULT_STATUSES.includes(rest.status as FaultStatus)) {
      throw ApiError.param(`${path}.status`, `must be one of ${FAULT_STATUSES.join(', ')}`);
    }
  }
  return (times === undefined ? rest : { ...rest, times }) as FaultRule;
}

/** `"POST /v3/…"` → matcher; throws PARAM_ERROR at `field` when malformed. */
export function parseMatch(match: string, field = 'match'): RequestMatcher {
  const parts = /^([A-Za-z]+|\*) +(\/\S*)$/.exec(match.trim());
  if (!parts) throw ApiError.param(field, 'must be "METHOD /path", e.g. "POST /v3/credit-repayment/partner/deduct-orders" or "* /v3/*"');
  const path = parts[2];
  const prefix = path.endsWith('*');
  return { method: parts[1].toUpperCase(), path: prefix ? path.slice(0, -1) : path, prefix };
}

export function requestMatches(matcher: RequestMatcher, method: string, path: string): boolean {
  if (matcher.method !== '*' && matcher.method !== method.toUpperCase()) return false;
  return matcher.prefix ? path.startsWith(matcher.path) : path === matcher.path;
}
