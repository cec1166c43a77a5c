/**
 * A callback WeChat Pay signed, but whose resource no row of ours can match or hold: it is not a
 * JSON object; its subject identifier (out_trade_no, out_contract_code) is not a non-empty string
 * free of control characters (every id we make is letters and digits); or some text in it holds
 * U+0000, which PostgreSQL's text type cannot store. Answering such a callback 500 would only have
 * WeChat Pay send it again until it gives up, and keep nothing: it is stored UNMATCHED instead, its
 * envelope kept to reconcile. Returns the subject to store it under, undefined when readable.
 */
export function unreadableSubject(resource: unknown, subjectField: string): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return 'unreadable: a resource that is not a JSON object';
  const subject = (resource as Record<string, unknown>)[subjectField];
  if (typeof subject !== 'string' || subject === '' || CONTROL.test(subject)) return `unreadable: ${shown(subject)}`;
  return holdsNul(resource) ? subject : undefined;
}

/** C0 controls and DEL: in no identifier. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** JSON escapes every control character, so the text stored holds none. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Whether any string in the value (keys included) holds U+0000. Iterative: depth is the sender's. */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, child] of Object.entries(next)) pending.push(key, child);
    }
  }
  return false;
}
