import type { LogEvent } from 'kysely';

/** Counts statements through Kysely's `log` hook, which fires once per executed query. */
export class StatementCounter {
  #count = 0;

  constructor(private readonly onStatement?: (sql: string, parameters: readonly unknown[]) => void) {}

  get count(): number {
    return this.#count;
  }

  readonly log = (event: LogEvent): void => {
    this.#count += 1;
    try {
      this.onStatement?.(event.query.sql, event.query.parameters);
    } catch {
      // Kysely logs after the query ran: a throwing observer must not make a committed write look failed.
    }
  };
}
