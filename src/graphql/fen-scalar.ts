import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DIGITS = /^(0|[1-9]\d*)$/;

/** The refusals of an input (they name no value, so error messages can repeat them as they are). */
export const FEN_FORMAT_MESSAGE = 'Fen must be a non-negative whole number of fen, as a string of digits (e.g. "10000" for 100.00 CNY)';
export const FEN_TOO_LARGE_MESSAGE = 'Fen is too large';

/** `literal`: the value in the query text, so a refusal says where it is (two amounts, one wrong). */
function fromDigits(text: unknown, literal?: ValueNode): number {
  const refuse = (message: string) => new GraphQLError(message, { nodes: literal, extensions: { code: 'BAD_USER_INPUT' } });
  if (typeof text !== 'string' || !DIGITS.test(text)) throw refuse(FEN_FORMAT_MESSAGE);
  const fen = Number(text);
  if (!Number.isSafeInteger(fen)) throw refuse(FEN_TOO_LARGE_MESSAGE);
  return fen;
}

/**
 * Money in fen (1/100 CNY): a non-negative integer, serialized as a string of digits as WeChat Pay
 * does, so no client ever sees a float. A variable must be that string: a JSON number has been
 * through a double before we see it (100.000000000000001 arrives as 100), so a fraction or a lost
 * digit could pass as a whole amount. In the query text an integer literal is exact, so it is taken.
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
  parseValue: (value) => fromDigits(value),
  parseLiteral(ast) {
    return fromDigits(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined, ast);
  },
});
