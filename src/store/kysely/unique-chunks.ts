/**
 * Distinct ids split into lists small enough for one `IN (…)` (SQLite allows 32766 parameters,
 * PostgreSQL 65535); a DataLoader batch is usually one chunk, so one statement.
 */
export function uniqueChunks(ids: readonly string[], size = 1_000): string[][] {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}
