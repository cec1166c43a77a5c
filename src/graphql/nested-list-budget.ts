import { GraphQLError, type GraphQLResolveInfo } from 'graphql';

/**
 * Rows one execution may return through nested lists (a contract's reservations and orders, a
 * reservation's orders). These lists have no page size: the complexity limit prices each at 5
 * rows, but returns every row, and the graph has cycles (order → contract → orders), so three
 * nested lists over a contract of 25 orders return 25³ rows per alias. A page of 50 contracts
 * with 24 reservations and 48 orders each returns 3,600.
 */
export const MAX_NESTED_LIST_ROWS = 10_000;

/** Rows returned so far, per context and per event (a subscription executes once per event). */
const spent = new WeakMap<object, WeakMap<object, { rows: number }>>();
/** The "event" of a query or mutation, which has no root value. */
const NO_EVENT = {};

/** Charges a nested list's rows to its execution; throws RESULT_TOO_LARGE once over the limit. */
export function chargeNestedRows<T>(context: object, info: GraphQLResolveInfo, rows: T[]): T[] {
  const event = typeof info.rootValue === 'object' && info.rootValue !== null ? info.rootValue : NO_EVENT;
  let byEvent = spent.get(context);
  if (!byEvent) spent.set(context, (byEvent = new WeakMap()));
  let budget = byEvent.get(event);
  if (!budget) byEvent.set(event, (budget = { rows: 0 }));
  budget.rows += rows.length;
  if (budget.rows > MAX_NESTED_LIST_ROWS) {
    throw new GraphQLError(
      `nested lists returned more than ${MAX_NESTED_LIST_ROWS} rows in this operation; ask for fewer (page the top-level connection with \`first\`, do not nest lists through their parents)`,
      { extensions: { code: 'RESULT_TOO_LARGE', limit: MAX_NESTED_LIST_ROWS } },
    );
  }
  return rows;
}
