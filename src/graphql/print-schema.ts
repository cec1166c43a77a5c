import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

const HEADER = '# Generated from the type-graphql classes in src/graphql by `npm run schema:emit`. Do not edit.\n\n';

/** The committed SDL: sorted, so the file changes only when the schema does. */
export function printRepaymentSchema(schema: GraphQLSchema): string {
  return `${HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
