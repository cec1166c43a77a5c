/**
 * Rows claimed by one UPDATE … RETURNING come back in no set order: this sorts them oldest first,
 * then by key, so a poll round handles them in the order they were created.
 */
export function oldestFirst<Row extends { createdAt: string }>(rows: Row[], key: (row: Row) => string): Row[] {
  return rows.sort((a, b) => compare(a.createdAt, b.createdAt) || compare(key(a), key(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
