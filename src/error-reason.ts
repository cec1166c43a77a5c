/**
 * An error's reason in one line, for a message that must not be empty. Connecting to a host name
 * with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError whose own
 * message is empty: its errors say why.
 */
export function reasonOf(error: unknown): string {
  const { message, code, errors } = (error ?? {}) as { message?: string; code?: string; errors?: unknown[] };
  if (message) return message;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(reasonOf).join('; ');
  return code ?? String(error);
}
