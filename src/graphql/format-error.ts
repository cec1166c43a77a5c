import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { isWechatpayError, type WechatpayError } from '../wechatpay/index.js';

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
  const code = formatted.extensions?.code ?? (isVariableCoercionError(original) ? 'BAD_USER_INPUT' : undefined);
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code) && (original instanceof GraphQLError || !(original instanceof Error) || original === error)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions: { ...extensions, code } };
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

/**
 * graphql-js's refusal of a variable's value, which carries no code. Apollo gives it BAD_USER_INPUT
 * on HTTP before this mapper sees it; the WebSocket path does the same here, by Apollo's own test
 * (one variable definition as the node, and graphql-js's wording).
 */
function isVariableCoercionError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return false;
  const node = error.nodes[0];
  if (node.kind !== Kind.VARIABLE_DEFINITION) return false;
  const prefix = `Variable "$${node.variable.name.value}" `;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((wording) =>
    error.message.startsWith(prefix + wording),
  );
}
