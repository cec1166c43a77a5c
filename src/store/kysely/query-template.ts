import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import { uniqueChunks } from './unique-chunks.js';

/**
 * A hot statement built with Kysely once and reused with new parameters, so a call skips the
 * operation-node building, the CamelCasePlugin transform and the compile.
 *
 * `build` gets `param(i)`, a placeholder value standing for the i-th argument of `bind`; every
 * other value in the query stays the constant it was at build time. The placeholders are found
 * again in the compiled parameter list, so positions and placeholder syntax (`?` or `$n`) are the
 * dialect's own. Rows are meant to be read through a plugin-less Kysely (see `runTemplate`) and
 * renamed with `camelRow`, which maps names from a cache instead of rebuilding each key.
 */
export class QueryTemplate {
  readonly #compiled: CompiledQuery;
  /** Per compiled parameter: the argument index it takes, or -1 for a constant. */
  readonly #slots: number[];
  readonly #constants: unknown[];
  readonly arity: number;

  constructor(build: (param: (index: number) => any) => Compilable<unknown>) {
    let arity = 0;
    const placeholder = (index: number): string => {
      arity = Math.max(arity, index + 1);
      return `${PLACEHOLDER}${index}`;
    };
    this.#compiled = build(placeholder).compile();
    this.#slots = [];
    this.#constants = [];
    for (const value of this.#compiled.parameters) {
      const index = typeof value === 'string' && value.startsWith(PLACEHOLDER) ? Number(value.slice(PLACEHOLDER.length)) : -1;
      this.#slots.push(index);
      this.#constants.push(index === -1 ? value : undefined);
    }
    this.arity = arity;
    const used = new Set(this.#slots.filter((s) => s >= 0));
    if (used.size !== arity) throw new Error(`query template uses ${used.size} of its ${arity} parameters: ${this.#compiled.sql}`);
  }

  get sql(): string {
    return this.#compiled.sql;
  }

  /**
   * A row of this template as a camelCase record, built by a function compiled from the first
   * row's column names. Every row of a template has the same names: the hot statements name their
   * columns (no `*`). A compiled object literal is several times cheaper than setting each key by
   * name, which figure 1's joined read (three records, ~45 columns) paid on every request.
   */
  record<T>(row: Record<string, unknown>): T {
    return (this.#record ??= recordMapper(Object.keys(row), NO_PREFIXES))(row) as T;
  }

  /** A joined row as one camelCase record per table, split as `camelRowParts` splits it, compiled like `record`. */
  recordParts(row: Record<string, unknown>, prefixes: readonly string[]): Record<string, unknown>[] {
    return (this.#parts ??= recordMapper(Object.keys(row), prefixes))(row) as Record<string, unknown>[];
  }

  #record: RecordMapper | undefined;
  #parts: RecordMapper | undefined;

  /** The compiled query with `args` in the placeholders' places. */
  bind(args: readonly unknown[]): CompiledQuery {
    const slots = this.#slots;
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      parameters[i] = slot === -1 ? this.#constants[i] : args[slot];
    }
    return { query: this.#compiled.query, queryId: this.#compiled.queryId, sql: this.#compiled.sql, parameters };
  }
}

/** A code point no identifier or value of ours contains. */
const PLACEHOLDER = '\u0000$';

/**
 * What runs a template's statement: a plugin-less Kysely (or transaction), or, inside SQLite's
 * group commit, the connection's synchronous statements (`SqliteDirect`).
 */
export interface QueryRunner {
  executeQuery<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>>;
}

/** Runs a template on `db`. */
export function runTemplate<Row>(db: QueryRunner, template: QueryTemplate, args: readonly unknown[]): Promise<QueryResult<Row>> {
  return db.executeQuery<Row>(template.bind(args) as CompiledQuery<Row>);
}

/**
 * The rows whose key is one of `ids`, as records: one run of `templateFor(n)` (a statement with n
 * placeholders for the keys) per chunk of distinct ids, so a DataLoader batch is one statement.
 */
export async function rowsWhereIn<T>(
  db: QueryRunner,
  ids: readonly string[],
  templateFor: (count: number) => QueryTemplate,
  toRecord: (row: Record<string, unknown>, template: QueryTemplate) => T = (row, template) => template.record<T>(row),
): Promise<T[]> {
  const rows: T[] = [];
  for (const chunk of uniqueChunks(ids)) {
    const template = templateFor(chunk.length);
    const result = await runTemplate<Record<string, unknown>>(db, template, chunk);
    for (const row of result.rows) rows.push(toRecord(row, template));
  }
  return rows;
}

/** A row to its record (no prefixes) or to its records, one per table (with prefixes). */
type RecordMapper = (row: Record<string, unknown>) => Record<string, unknown> | Record<string, unknown>[];

const NO_PREFIXES: readonly string[] = [];

/**
 * Mappers by column names and prefixes. Templates of one shape (an IN-list of any length) share
 * one, and a template that TemplateCache does not keep (past its capacity) compiles nothing.
 */
const mappers = new Map<string, RecordMapper>();
const MAX_MAPPERS = 256;

function recordMapper(keys: readonly string[], prefixes: readonly string[]): RecordMapper {
  // SQL text cannot hold a NUL, so no name contains the separators.
  const key = `${prefixes.join('\u0000')}\u0001${keys.join('\u0000')}`;
  let mapper = mappers.get(key);
  if (mapper === undefined) {
    mapper = compileRecordMapper(keys, prefixes);
    if (mappers.size < MAX_MAPPERS) mappers.set(key, mapper);
  }
  return mapper;
}

/**
 * `(row) => ({ camelName: row["column"], … })`, or with prefixes `(row) => [{ … }, …]`: part 0
 * takes the columns without a prefix, part i + 1 those starting with `prefixes[i]` (prefix
 * dropped), as `camelRowParts` does. Names are written into the source as JSON strings, so no
 * column name can become code; a name that would set the prototype in an object literal
 * (`__proto__`) gets the uncompiled mapping instead.
 */
function compileRecordMapper(keys: readonly string[], prefixes: readonly string[]): RecordMapper {
  const parts: string[][] = [[], ...prefixes.map(() => [])];
  for (const key of keys) {
    const index = prefixes.findIndex((prefix) => key.startsWith(prefix));
    const name = camelName(index === -1 ? key : key.slice(prefixes[index]!.length));
    if (name === '__proto__') return prefixes.length === 0 ? (row) => camelRow(row) : (row) => camelRowParts(row, prefixes);
    parts[index + 1]!.push(`${JSON.stringify(name)}: row[${JSON.stringify(key)}]`);
  }
  const objects = parts.map((properties) => `{ ${properties.join(', ')} }`);
  return new Function('row', prefixes.length === 0 ? `return ${objects[0]};` : `return [${objects.join(', ')}];`) as RecordMapper;
}

const camelNames = new Map<string, string>();

function camelName(snake: string): string {
  let name = camelNames.get(snake);
  if (name === undefined) {
    // Kysely's CamelCasePlugin mapping: drop each '_', upper-case the character after it.
    name = snake.length === 0 ? snake : snake[0]!;
    for (let i = 1; i < snake.length; i++) {
      const char = snake[i]!;
      if (char !== '_') name += snake[i - 1] === '_' ? char.toUpperCase() : char;
    }
    camelNames.set(snake, name);
  }
  return name;
}

/** A snake_case row as CamelCasePlugin would return it (our columns are flat: no nested objects). */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key in row) out[camelName(key)] = row[key];
  return out as T;
}

/** Per prefix list: where each column of a joined row goes, as its part's index and its camelCase name. */
const partColumns = new WeakMap<readonly string[], Map<string, [part: number, name: string]>>();

/**
 * A joined row as one camelCase record per table: a column whose name starts with `prefixes[i]`
 * goes, without the prefix, to part i + 1; every other column to part 0.
 */
export function camelRowParts(row: Record<string, unknown>, prefixes: readonly string[]): Record<string, unknown>[] {
  let columns = partColumns.get(prefixes);
  if (columns === undefined) partColumns.set(prefixes, (columns = new Map()));
  const parts: Record<string, unknown>[] = [{}];
  for (let i = 0; i < prefixes.length; i++) parts.push({});
  for (const key in row) {
    let column = columns.get(key);
    if (column === undefined) {
      const index = prefixes.findIndex((prefix) => key.startsWith(prefix));
      column = index === -1 ? [0, camelName(key)] : [index + 1, camelName(key.slice(prefixes[index]!.length))];
      columns.set(key, column);
    }
    parts[column[0]]![column[1]] = row[key];
  }
  return parts;
}

/**
 * Templates by a key (e.g. an IN-list length or a patch's field set), built on first use. Bounded:
 * past `capacity` keys, new keys get a template that is not kept.
 */
export class TemplateCache {
  readonly #templates = new Map<string, QueryTemplate>();

  constructor(private readonly capacity = 64) {}

  get(key: string, build: (param: (index: number) => any) => Compilable<unknown>): QueryTemplate {
    let template = this.#templates.get(key);
    if (template === undefined) {
      template = new QueryTemplate(build);
      if (this.#templates.size < this.capacity) this.#templates.set(key, template);
    }
    return template;
  }
}
