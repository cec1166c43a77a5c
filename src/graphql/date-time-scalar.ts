import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

/** The only form the store writes (`Date#toISOString()`), and the form the scalar answers with. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * graphql-scalars' `DateTimeISO`, with a shortcut for the values we serve: every timestamp comes
 * from the store already in canonical form, and its general serializer (RFC 3339 validation, a
 * `Date`, then `toISOString`) was a measurable share of a query. A canonical string that is a real
 * instant is returned as it is (exactly what the general path would return); anything else, and all
 * input parsing, goes through graphql-scalars unchanged.
 */
export const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  serialize(value) {
    if (typeof value === 'string' && CANONICAL_ISO.test(value)) {
      const time = Date.parse(value);
      // Date.parse rolls 2026-02-30 over to March; comparing the round trip catches that.
      if (!Number.isNaN(time) && new Date(time).toISOString() === value) return value;
    }
    return GraphQLDateTimeISO.serialize(value);
  },
});
