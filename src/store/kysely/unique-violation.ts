/**
 * Recognises a unique-index violation by index, the same in both dialects: PostgreSQL names the
 * index (`constraint`, SQLSTATE 23505); SQLite names only the columns ("UNIQUE constraint failed:
 * table.column"), which is enough where no other unique index covers exactly those columns.
 */
export interface UniqueIndex {
  name: string;
  table: string;
  columns: readonly string[];
}

export function violatesUniqueIndex(error: unknown, index: UniqueIndex): boolean {
  const { code, constraint, message } = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === '23505') return constraint === index.name;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string') {
    const failed = message.slice(message.indexOf(':') + 1).split(',').map((column) => column.trim());
    return failed.length === index.columns.length && index.columns.every((column) => failed.includes(`${index.table}.${column}`));
  }
  return false;
}
