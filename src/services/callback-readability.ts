import { createHash } from 'node:crypto';
import { wireValue } from '../wire-value.js';

/**
 * What of a callback WeChat Pay signed can be stored and matched. One whose event type or resource
 * cannot be (a field we store missing, of the wrong type, too long for an index, holding a control
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

export interface EnvelopeFields {
  id: string;
  eventType: string;
  createTime: string;
  /** Set when the event type cannot be read: the subject to keep the callback UNMATCHED under. */
  unreadable?: string;
  /** Envelope fields stored otherwise than sent (the id as the body's hash, the time as ''), for the log. */
  replaced?: string[];
}

/**
 * The envelope's id, event type and time as stored. Only an unreadable event type stops the
 * callback from applying (we would not know what it says). An unreadable id is replaced by the
 * body's hash: a resend of the same body is still recognised as a duplicate, and applying twice is
 * harmless anyway (states only move forward). An unreadable time is stored as ''.
 */
export function envelopeFields(envelope: { id?: unknown; event_type?: unknown; create_time?: unknown }, body: Buffer): EnvelopeFields {
  const { id, event_type: eventType, create_time: createTime } = envelope;
  const replaced = [...(isReadableId(id) ? [] : ['id']), ...(isReadableId(createTime) ? [] : ['create_time'])];
  return {
    id: isReadableId(id) ? id : `body-sha256:${createHash('sha256').update(body).digest('hex')}`,
    eventType: isReadableId(eventType) ? eventType : 'unreadable',
    createTime: isReadableId(createTime) ? createTime : '',
    ...(isReadableId(eventType) ? {} : { unreadable: `unreadable: event_type ${wireValue(eventType)}` }),
    ...(replaced.length > 0 ? { replaced } : {}),
  };
}

/**
 * What a stored field of the resource must be: `id` text of at most 128 characters without
 * control characters; `text` any text (U+0000 becomes U+FFFD); `plan` an id of at most 64
 * characters or a whole number (a number in callbacks, §5.3); `day` a day of the month.
 */
type FieldKind = 'id' | 'text' | 'plan' | 'day';

interface ResourceRules {
  /** The field that names our record: the notification's subject, always required. */
  subject: string;
  subjectMaxLength: number;
  /** Every other field we store or match on, with whether WeChat Pay must send it. */
  fields: Readonly<Record<string, { kind: FieldKind; required?: true }>>;
}

const CONTRACT_RULES: ResourceRules = {
  subject: 'out_contract_code',
  subjectMaxLength: 64,
  fields: {
    contract_id: { kind: 'id', required: true },
    plan_id: { kind: 'plan', required: true },
    display_name: { kind: 'text', required: true },
    appid: { kind: 'id' },
    openid: { kind: 'id' },
    repayment_day: { kind: 'day' },
    // Times: text; one that does not parse as a time is stored as none (contract-service.ts).
    contract_signed_time: { kind: 'text' },
    contract_terminated_time: { kind: 'text' },
    contract_terminated_mode: { kind: 'text' },
    contract_termination_mode: { kind: 'text' },
    contract_termination_remark: { kind: 'text' },
  },
};

const RULES: Readonly<Record<string, ResourceRules>> = {
  // Our out_trade_no: at most 32 letters and digits (domain/identifiers.ts).
  'CREDIT_REPAYMENT.DEDUCTION_PAY': {
    subject: 'out_trade_no',
    subjectMaxLength: 32,
    fields: { contract_id: { kind: 'id' }, out_record_id: { kind: 'id' }, transaction_id: { kind: 'id' } },
  },
  'CREDIT_REPAYMENT.SIGN_CONTRACT': CONTRACT_RULES,
  'CREDIT_REPAYMENT.TERMINATE_CONTRACT': CONTRACT_RULES,
};

export type ResourceReading =
  | { readable: true; subject: string; resource: Record<string, unknown> }
  | { readable: false; subject: string; why: string };

/**
 * Checks the resource of a known event type. Readable: the subject, and the resource with U+0000
 * in its free text replaced and optional fields sent as null (or an empty id) left out, as if not
 * sent. Unreadable: the subject to store it under (its own id when that one is readable) and why.
 * Fields we never store are not looked at. Amounts and states are not checked here: one we cannot
 * read fails the callback with a 500 as before, so a version that reads it can apply the resend.
 */
export function readResource(eventType: string, resource: unknown): ResourceReading {
  if (!hasResourceRules(eventType)) throw new RangeError(`no rules for ${eventType}`);
  const rules = RULES[eventType]!;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return { readable: false, subject: 'unreadable: a resource that is not a JSON object', why: 'resource' };
  }
  const cleaned: Record<string, unknown> = { ...resource };
  const subject = cleaned[rules.subject];
  if (!isReadableId(subject, rules.subjectMaxLength)) return { readable: false, subject: `unreadable: ${wireValue(subject)}`, why: rules.subject };
  for (const [field, { kind, required }] of Object.entries(rules.fields)) {
    const value = cleaned[field];
    if (value === undefined || value === null || (kind === 'id' && value === '')) {
      if (required) return { readable: false, subject, why: field };
      delete cleaned[field];
      continue;
    }
    const read = readField(kind, value);
    if (read === undefined) return { readable: false, subject, why: field };
    cleaned[field] = read;
  }
  return { readable: true, subject, resource: cleaned };
}

/** The field as stored, or undefined when it cannot be. */
function readField(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case 'id':
      return isReadableId(value) ? value : undefined;
    case 'text':
      return typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD') : undefined;
    case 'plan':
      return isReadableId(value, 64) || (Number.isSafeInteger(value) && (value as number) >= 0) ? value : undefined;
    case 'day': {
      // An integer (§5.3); digits are taken too, as the column stores a number either way.
      const day = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
      return Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 31 ? day : undefined;
    }
  }
}

/** Whether `readResource` knows the event type (the others are stored UNMATCHED as they are). */
export function hasResourceRules(eventType: string): boolean {
  return Object.hasOwn(RULES, eventType);
}
