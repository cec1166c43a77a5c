import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, isInputObjectType, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { isWechatpayError, type WechatpayError } from '../wechatpay/index.js';
import { FEN_FORMAT_MESSAGE, FEN_TOO_LARGE_MESSAGE } from './fen-scalar.js';

/** Codes a client may rely on; anything else is masked as INTERNAL_SERVER_ERROR. */
const PASS_THROUGH_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'RESULT_TOO_LARGE',
  'TOO_MANY_OPERATIONS',
]);

/**
 * The one error mapper, used by HTTP (Apollo's formatError) and WebSocket (graphql-ws onNext):
 * domain and service errors keep their literal code and the field at fault, WeChat Pay errors
 * become WECHATPAY_ERROR with the upstream code, message, request id and whether the request may
 * still have been applied (`outcomeUnknown`), everything else is
 * masked (no stack traces, no internals). `onUnexpected` sees the masked originals, for logging.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected?: (error: unknown) => void,
  schema?: GraphQLSchema,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const coded = original as { code?: unknown; field?: unknown; name?: string };

  if (isWechatpayError(original)) {
    return {
      ...base,
      message: `${wechatpayOutcome(original)}: ${original.code}: ${original.message}`,
      extensions: {
        code: 'WECHATPAY_ERROR',
        wechatpay: {
          status: original.status ?? null,
          code: original.code,
          message: original.message,
          requestId: original.requestId ?? null,
          // A client must not take a timeout or a 5xx for a refusal: the write may have been applied.
          outcomeUnknown: original.outcomeUnknown,
        },
      },
    };
  }
  if (formatted.extensions?.code === 'UNAUTHORIZED') {
    // type-graphql's @Authorized refusal (its code is UNAUTHORIZED): our vocabulary says FORBIDDEN.
    return { ...base, message: 'this operation needs the staff role', extensions: { code: 'FORBIDDEN' } };
  }
  if ((coded.name === 'RuleViolation' || coded.name === 'ServiceError') && typeof coded.code === 'string') {
    return {
      ...base,
      message: (original as Error).message,
      extensions: { code: coded.code, ...(typeof coded.field === 'string' ? { field: coded.field } : {}) },
    };
  }
  const coercion = variableCoercion(original);
  const code = formatted.extensions?.code ?? (coercion ? 'BAD_USER_INPUT' : undefined);
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code) && (original instanceof GraphQLError || !(original instanceof Error) || original === error)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const message = coercion
      ? valueFreeCoercionMessage(coercion, namesOf(schema))
      : code === 'GRAPHQL_VALIDATION_FAILED'
        ? valueFreeLiteralMessage(base.message, namesOf(schema))
        : base.message;
    return { ...base, message, extensions: { ...extensions, code } };
  }
  onUnexpected?.(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** What happened to a request that failed with a WeChat Pay error, in the client's terms. */
function wechatpayOutcome(error: WechatpayError): string {
  if (error.outcomeUnknown) return 'No usable answer from WeChat Pay; the request may have been applied, query before retrying';
  if (error.type === 'configuration_error') return 'The request could not be sent to WeChat Pay';
  return 'WeChat Pay refused the request';
}

/** A refused variable: graphql-js's message, the variable's name, and what our own scalar threw. */
interface VariableCoercion {
  message: string;
  variable: string;
  cause: string | undefined;
}

/**
 * graphql-js's (or graphql-jit's) refusal of a variable's value, which carries no code. Apollo gives
 * it BAD_USER_INPUT on HTTP before this mapper sees it; the WebSocket path does the same here, by
 * Apollo's own test (one variable definition as the node, and graphql-js's wording).
 */
function variableCoercion(error: unknown): VariableCoercion | undefined {
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return undefined;
  const node = error.nodes[0];
  if (node.kind !== Kind.VARIABLE_DEFINITION) return undefined;
  const variable = node.variable.name.value;
  const prefix = `Variable "$${variable}" `;
  const matches = ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((wording) =>
    error.message.startsWith(prefix + wording),
  );
  return matches ? { message: error.message, variable, cause: error.originalError?.message } : undefined;
}

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const TYPE = '[_A-Za-z\\[\\]!][_0-9A-Za-z\\[\\]!]*';
/** graphql-js's path into the variable, e.g. `input.realIdentity` or `ids[2]`. */
const PRINTED_PATH = new RegExp(` at "(${NAME}(?:\\.${NAME}|\\[\\d+\\])*)"; `);
/** What a refusal says, in graphql-js's and graphql-jit's words, reduced to names of fields and types. */
const REASONS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [new RegExp(`Field "(${NAME})" of required type "(${TYPE})" was not provided\\.`), (m) => `field "${m[1]}" of required type "${m[2]}" was not provided`],
  [new RegExp(`Field "(${NAME})" is not defined by type "(${NAME})"`), (m) => `field "${m[1]}" is not defined by type "${m[2]}"`],
  // An unknown field that is no name of the schema may be the sender's own text: only its type is named.
  [new RegExp(`Field "${NAME}" is not defined by type "(${NAME})"`), (m) => `a field that type "${m[1]}" does not define`],
  [new RegExp(`does not exist in "(${NAME})" enum`), (m) => `not a value of enum "${m[1]}"`],
  [new RegExp(`Expected type "?(${TYPE})"? to be an object`), (m) => `expected an object of type "${m[1]}"`],
  [new RegExp(`Expected (?:non-nullable )?type "?(${TYPE})"?`), (m) => `expected type "${m[1]}"`],
  [new RegExp(`Enum "(${NAME})" cannot represent`), (m) => `expected a value of enum "${m[1]}", written without quotes`],
  [new RegExp(`(${NAME}) cannot represent`), (m) => `expected type "${m[1]}"`],
];

/**
 * The refusal of a variable without the value refused. graphql-js and graphql-jit quote the value
 * ("got invalid value { identityId: "1101…", realName: "王小明" }"), and a refused input may be a
 * borrower's real name and ID number (presign's realIdentity): such an answer would carry them into
 * every proxy, gateway and client log. What stays is the variable, the path into it and the reason,
 * rebuilt only from names of fields and types (and our own Fen messages, which name no value).
 */
function valueFreeCoercionMessage({ message, variable, cause }: VariableCoercion, known: ReadonlySet<string>): string {
  const head = `Variable "$${variable}" `;
  // "of required type "X!" was not provided." and "of non-null type "X!" must not be null." name no value.
  if (!message.startsWith(`${head}got invalid value `) && !message.startsWith(`${head}has invalid value`)) return message;
  // The path is checked like the names below: it could also be matched inside the quoted value.
  const path = PRINTED_PATH.exec(message)?.[1];
  const pathKnown = path !== undefined && path.split(/[.[\]]/).slice(1).every((segment) => segment === '' || /^\d+$/.test(segment) || known.has(segment));
  const where = pathKnown ? ` at "${path}"` : '';
  return `${head}has an invalid value${where}: ${valueFreeReason(message, cause, known)}.`;
}

/** graphql-js's refusals of a value written in the query text, which quote that value. */
const LITERAL_REFUSALS: readonly RegExp[] = [/^Expected value of type /, / cannot represent /, /^Value .* does not exist in "/];

/**
 * The same for a value written in the query text (validation, with the literal's location): the
 * text may be a name or an ID number too, and the answer may be logged by anything on its way.
 */
function valueFreeLiteralMessage(message: string, known: ReadonlySet<string>): string {
  if (!LITERAL_REFUSALS.some((pattern) => pattern.test(message))) return message;
  const expected = new RegExp(`^Expected value of type "(${TYPE})"`).exec(message)?.[1];
  const reason = expected !== undefined && isKnownType(expected, known) ? `expected type "${expected}"` : valueFreeReason(message, undefined, known);
  return `The value written here is not valid: ${reason}.`;
}

/** `cause`: what our own scalar threw, which graphql-jit keeps only as the original error. */
function valueFreeReason(message: string, cause: string | undefined, known: ReadonlySet<string>): string {
  for (const fixed of [FEN_FORMAT_MESSAGE, FEN_TOO_LARGE_MESSAGE]) if (message.endsWith(fixed) || cause === fixed) return fixed;
  for (const [pattern, reason] of REASONS) {
    // Every match, not just the first: the quoted value comes first and may mimic a reason. What
    // is kept names only fields and types of the schema, so a mimicked one repeats nothing else.
    for (const match of message.matchAll(new RegExp(pattern.source, 'g'))) {
      if (match.slice(1).every((name) => isKnownType(name, known))) return reason(match as RegExpExecArray);
    }
  }
  return 'not a valid value of its type';
}

/** A name of the schema, or a type reference to one (`[String!]!`). */
function isKnownType(reference: string, known: ReadonlySet<string>): boolean {
  return known.has(reference.replace(/[[\]!]/g, ''));
}

const NAMES = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
const NO_NAMES: ReadonlySet<string> = new Set();

/** Every type name of the schema and every field name of its input types: what a refusal may name. */
function namesOf(schema: GraphQLSchema | undefined): ReadonlySet<string> {
  if (!schema) return NO_NAMES;
  let names = NAMES.get(schema);
  if (!names) {
    // graphql-scalars' DateTimeISO says "DateTime" in its refusals.
    const found = new Set<string>(['DateTime']);
    for (const type of Object.values(schema.getTypeMap())) {
      found.add(type.name);
      if (isInputObjectType(type)) for (const field of Object.keys(type.getFields())) found.add(field);
    }
    names = found;
    NAMES.set(schema, names);
  }
  return names;
}
