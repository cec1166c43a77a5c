import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Checks on the raw request before anything runs, HTTP and WebSocket alike.
 *
 * - U+0000 (NUL) in a string argument is refused. No identifier or text of ours may hold it (free
 *   text refuses control characters), and PostgreSQL's text type cannot even compare with it: a
 *   lookup would fail there as an internal error, while SQLite finds nothing.
 * - Variables nested deeper than any input of the schema could be are refused: the walks that
 *   follow (this one, the complexity key) must not overflow the stack on a small body of
 *   `[[[[…]]]]`.
 *
 * Messages name the variable only, never the value.
 */
const NUL = '\u0000';
const HOLDS_NUL = 'contains U+0000 (NUL), which no argument here may hold';
/** The schema's inputs nest a few levels (an input object, a list in it); this leaves room. */
export const MAX_VARIABLE_DEPTH = 32;

/** Validation rule: no string literal in the query text holds U+0000 (checked once per document). */
export const NoNulInStringLiteralsRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes(NUL)) {
      context.reportError(new GraphQLError('a string literal contains U+0000 (NUL), which no argument here may hold', { nodes: node }));
    }
  },
});

/** Throws BAD_USER_INPUT (HTTP 400) naming the first variable nested too deep or holding U+0000. */
export function assertSaneVariables(variables: Record<string, unknown> | null | undefined): void {
  if (!variables) return;
  for (const name of Object.keys(variables)) {
    const fault = faultIn(variables[name]);
    if (fault) {
      throw new GraphQLError(`Variable "$${name}" ${fault}`, { extensions: { code: 'BAD_USER_INPUT', field: name, http: { status: 400 } } });
    }
  }
}

/** What is wrong with one variable's value, or undefined. Iterative: the depth is the input's to choose. */
function faultIn(value: unknown): string | undefined {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return HOLDS_NUL;
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) return `is nested deeper than ${MAX_VARIABLE_DEPTH} levels, which no input here is`;
    if (Array.isArray(item)) {
      for (const element of item) pending.push([element, depth + 1]);
      continue;
    }
    for (const key of Object.keys(item)) {
      if (key.includes(NUL)) return HOLDS_NUL;
      pending.push([(item as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
