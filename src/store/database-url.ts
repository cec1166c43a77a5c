/**
 * Which store a `DATABASE_URL` names: `postgres://` / `postgresql://` is PostgreSQL; `file:`,
 * `sqlite:` or a plain path (no scheme, or `:memory:`) is a SQLite file. Any other scheme is
 * undefined: `mysql://…` or a typo such as `postgress://…` must not quietly become a local SQLite
 * file (each instance its own database, the URL's password written to disk as a folder name).
 */
export function storeDialectOf(databaseUrl: string): 'postgres' | 'sqlite' | undefined {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return 'postgres';
  // At least two characters: `C:\data\x.db` is a drive, not a scheme.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(databaseUrl)?.[1];
  if (scheme === undefined || /^(file|sqlite)$/i.test(scheme)) return 'sqlite';
  return undefined;
}
