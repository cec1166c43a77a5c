export interface PostgresUrl {
  /** The URL without our own `schema` parameter, for `pg`. */
  connectionString: string;
  schema: string | undefined;
}

/** Lower case only: PostgreSQL folds the unquoted name in `search_path`, Kysely quotes it in DDL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Splits `postgres://…?schema=NAME` into what `pg` understands and the schema to isolate into. */
export function parsePostgresUrl(url: string): PostgresUrl {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return { connectionString: url, schema: undefined };
  const params = new URLSearchParams(url.slice(queryAt + 1));
  const schema = params.get('schema') ?? undefined;
  params.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`DATABASE_URL schema "${schema}" must be lower-case letters, digits and _ (max 63)`);
  }
  const query = params.toString();
  return { connectionString: url.slice(0, queryAt) + (query === '' ? '' : `?${query}`), schema };
}
