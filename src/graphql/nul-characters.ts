import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * U+0000 (NUL) in a string argument is refused before anything runs. No identifier or text of
 * ours may hold it (free text refuses control characters), and PostgreSQL's text type cannot
 * even compare with it: a lookup would fail there as an internal error, while SQLite finds
 * nothing. Messages name the variable only, never the value.
 */
const NUL = '\u0000';

/** Validation rule: no string literal in the query text holds U+0000 (checked once per document). */
export const NoNulInStringLiteralsRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes(NUL)) {
      context.reportError(new GraphQLError('a string literal contains U+0000 (NUL), which no argument here may hold', { nodes: node }));
    }
  },
});

/** Throws BAD_USER_INPUT (HTTP 400) naming the first variable that holds U+0000 anywhere within it. */
export function assertNoNulInVariables(variables: Record<string, unknown> | null | undefined): void {
  if (!variables) return;
  for (const name of Object.keys(variables)) {
    if (holdsNul(variables[name])) {
      throw new GraphQLError(`Variable "$${name}" contains U+0000 (NUL), which no argument here may hold`, {
        extensions: { code: 'BAD_USER_INPUT', field: name, http: { status: 400 } },
      });
    }
  }
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const key of Object.keys(value)) {
    if (key.includes(NUL) || holdsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
