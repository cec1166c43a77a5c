import { createHash } from 'node:crypto';

/**
 * What of a callback WeChat Pay signed can be stored and matched. One whose envelope or resource
 * cannot be (a field missing, of the wrong type, too long for an index, holding a control
 * character: PostgreSQL's text cannot store U+0000) would fail on every resend with a 500 until
 * WeChat Pay gives up, and nothing would be kept. Such a callback is stored UNMATCHED instead,
 * never applied, its envelope kept to reconcile.
 */

/** Longer than any id WeChat Pay documents; short enough for any index. */
const MAX_ID_LENGTH = 128;
/** C0 controls and DEL: in no identifier. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function isReadableId(value: unknown, maxLength = MAX_ID_LENGTH): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength && !CONTROL.test(value);
}

/** JSON escapes every control character, so the text stored holds none; cut to stay short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export interface EnvelopeFields {
  id: string;
  eventType: string;
  createTime: string;
  /** Set when the envelope could not be stored as sent: the subject to keep it UNMATCHED under. */
  unreadable?: string;
}

/**
 * The envelope's id, event type and time as stored. When one cannot be, the others are kept as far
 * as they can be, and the id is the body's hash: a resend carries the same body, so it is still
 * recognised as a duplicate.
 */
export function envelopeFields(envelope: { id?: unknown; event_type?: unknown; create_time?: unknown }, body: Buffer): EnvelopeFields {
  const { id, event_type: eventType, create_time: createTime } = envelope;
  if (isReadableId(id) && isReadableId(eventType) && isReadableId(createTime)) return { id, eventType, createTime };
  return {
    id: isReadableId(id) ? id : `body-sha256:${createHash('sha256').update(body).digest('hex')}`,
    eventType: isReadableId(eventType) ? eventType : 'unreadable',
    createTime: isReadableId(createTime) ? createTime : '',
    unreadable: `unreadable: envelope ${shown({ id, event_type: eventType, create_time: createTime })}`,
  };
}

interface ResourceRules {
  /** The field that names our record: the notification's subject. */
  subject: string;
  subjectMaxLength: number;
  /** Ids that must be readable when present (`required`: present too); checked as the subject is. */
  ids: readonly string[];
  required: readonly string[];
  /** Free text we store: a string when present; U+0000 in it becomes U+FFFD. */
  texts: readonly string[];
}

const CONTRACT_RULES: ResourceRules = {
  subject: 'out_contract_code',
  subjectMaxLength: 64,
  ids: ['contract_id', 'appid', 'openid'],
  required: ['contract_id'],
  texts: ['display_name', 'contract_termination_remark', 'contract_terminated_mode', 'contract_termination_mode'],
};

const RULES: Readonly<Record<string, ResourceRules>> = {
  // Our out_trade_no: at most 32 letters and digits (domain/identifiers.ts).
  'CREDIT_REPAYMENT.DEDUCTION_PAY': { subject: 'out_trade_no', subjectMaxLength: 32, ids: ['contract_id', 'out_record_id', 'transaction_id'], required: [], texts: [] },
  'CREDIT_REPAYMENT.SIGN_CONTRACT': CONTRACT_RULES,
  'CREDIT_REPAYMENT.TERMINATE_CONTRACT': CONTRACT_RULES,
};

export type ResourceReading =
  | { readable: true; subject: string; resource: Record<string, unknown> }
  | { readable: false; subject: string; why: string };

/**
 * Checks the resource of a known event type. Readable: the subject, and the resource with U+0000
 * in its free text replaced (fields we never store are not looked at). Unreadable: the subject to
 * store it under (its own id when that one is readable) and why.
 */
export function readResource(eventType: string, resource: unknown): ResourceReading {
  if (!hasResourceRules(eventType)) throw new RangeError(`no rules for ${eventType}`);
  const rules = RULES[eventType]!;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return { readable: false, subject: 'unreadable: a resource that is not a JSON object', why: 'resource' };
  }
  const fields = resource as Record<string, unknown>;
  const subject = fields[rules.subject];
  if (!isReadableId(subject, rules.subjectMaxLength)) return { readable: false, subject: `unreadable: ${shown(subject)}`, why: rules.subject };
  for (const field of rules.ids) {
    const value = fields[field];
    if ((value !== undefined || rules.required.includes(field)) && !isReadableId(value)) return { readable: false, subject, why: field };
  }
  const cleaned = { ...fields };
  for (const field of rules.texts) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { readable: false, subject, why: field };
    cleaned[field] = value.replaceAll('\u0000', '\uFFFD');
  }
  return { readable: true, subject, resource: cleaned };
}

/** Whether `readResource` knows the event type (the others are stored UNMATCHED as they are). */
export function hasResourceRules(eventType: string): boolean {
  return Object.hasOwn(RULES, eventType);
}
