/**
 * A value WeChat Pay sent, as it may go into a log line, a stored reason or a subject: JSON (so
 * every control character, U+0000 included, is escaped) and cut short, whatever was sent.
 */
export function wireValue(value: unknown, maxLength = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/** For a log line, whose JSON escapes control characters itself: text as sent but cut short, anything else as `wireValue`. */
export function loggedWireValue(value: unknown, maxLength = 80): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return wireValue(value, maxLength);
  return value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
}
