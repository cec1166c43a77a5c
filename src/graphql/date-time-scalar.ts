import { GraphQLError, GraphQLScalarType } from 'graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { isCalendarDay } from '../domain/beijing-date.js';

/** The only form the store writes (`Date#toISOString()`), and the form the scalar answers with. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * graphql-scalars' `DateTimeISO`, with a shortcut for the values we serve: every timestamp comes
 * from the store already in canonical form, and its general serializer (RFC 3339 validation, a
 * `Date`, then `toISOString`) was a measurable share of a query. A canonical string naming a real
 * instant is returned as it is (exactly what the general path returns for it); anything else, and
 * all input parsing, goes through graphql-scalars unchanged.
 */
export const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  serialize(value) {
    if (typeof value === 'string' && isCanonicalInstant(value)) return value;
    return GraphQLDateTimeISO.serialize(value);
  },
  parseValue: (value) => withinFourDigitYears(GraphQLDateTimeISO.parseValue(value)),
  parseLiteral: (ast, variables) => withinFourDigitYears(GraphQLDateTimeISO.parseLiteral(ast, variables)),
});

/**
 * Inputs are compared with stored timestamps as ISO strings; an instant outside years 0000–9999
 * (UTC) prints as `+010000-…` or `-000001-…` and would compare wrongly (a filter up to
 * 9999-12-31T23:59:59-23:59 found nothing), so it is refused.
 */
function withinFourDigitYears(value: unknown): unknown {
  if (value instanceof Date && !/^\d{4}-/.test(value.toISOString())) {
    throw new GraphQLError('DateTime cannot represent an instant outside the years 0000–9999 (UTC)', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

const CANONICAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * graphql-scalars' `LocalDate` with the same kind of shortcut: its serializer builds a `Date` and
 * formats it back to check the calendar. A `YYYY-MM-DD` naming a real day is returned as it is.
 */
export const LocalDate = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  serialize(value) {
    if (typeof value === 'string' && CANONICAL_DATE.test(value) && namesRealDay(value)) return value;
    return GraphQLLocalDate.serialize(value);
  },
});

/** Canonical form with every field in range; unusual years and leap seconds take the general path. */
function isCanonicalInstant(value: string): boolean {
  return (
    CANONICAL_ISO.test(value) &&
    namesRealDay(value) &&
    Number(value.slice(11, 13)) <= 23 &&
    Number(value.slice(14, 16)) <= 59 &&
    Number(value.slice(17, 19)) <= 59
  );
}

/**
 * The `YYYY-MM-DD` at the start of `value` (its shape already matched) names a real day of a year
 * from 1000 on; earlier years take the general path.
 */
function namesRealDay(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= 1000 && isCalendarDay(year, Number(value.slice(5, 7)), Number(value.slice(8, 10)));
}
