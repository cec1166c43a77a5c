import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DIGITS = /^(0|[1-9]\d*)$/;

function fromInput(value: unknown): number {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !DIGITS.test(text)) {
    throw new GraphQLError('Fen must be a non-negative whole number of fen, as a string of digits (e.g. "10000" for 100.00 CNY)', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const fen = Number(text);
  if (!Number.isSafeInteger(fen)) {
    throw new GraphQLError('Fen is too large', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return fen;
}

/**
 * Money in fen (1/100 CNY): a non-negative integer, serialized as a string of digits as WeChat Pay
 * does, so no client ever sees a float. Inputs accept the string form (or an integer literal).
 */
export const FenScalar = new GraphQLScalarType<number, string>({
  name: 'Fen',
  description: 'An amount of money in fen (1/100 CNY): a non-negative integer written as a string of digits, e.g. "10000" = 100.00 CNY.',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new GraphQLError(`Fen cannot represent ${String(value)}`);
    }
    return String(value);
  },
  parseValue: fromInput,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return fromInput(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new GraphQLError('Fen must be a string of digits', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
