/**
 * The file path in a SQLite `DATABASE_URL`: `file:data/app.db`, `file:///abs/app.db`,
 * `sqlite:data/app.db`, `sqlite://./app.db`, a plain path, or `:memory:`. A `?query` is ignored.
 */
export function sqlitePathFromUrl(url: string): string {
  let rest = url.replace(/^(file|sqlite):/i, '');
  if (rest !== url) {
    rest = rest.replace(/[?#].*$/, '');
    // `scheme://path`: the authority is empty or `.`, the path follows the slashes.
    if (rest.startsWith('//')) rest = rest.slice(2);
  }
  if (rest === '') throw new Error(`DATABASE_URL "${url}" names no SQLite file (try file:data/app.db)`);
  return rest;
}
