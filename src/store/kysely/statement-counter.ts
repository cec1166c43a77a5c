import type { LogEvent } from 'kysely';

/** Counts executed statements: Kysely's and those run directly on SQLite's connection. */
export class StatementCounter {
  #count = 0;

  constructor(private readonly onStatement?: (sql: string, parameters: readonly unknown[]) => void) {}

  get count(): number {
    return this.#count;
  }

  /** Kysely's `log` hook, which fires once per executed query. */
  readonly log = (event: LogEvent): void => this.record(event.query.sql, event.query.parameters);

  /** One statement that ran (or failed), from Kysely's hook or from statements run directly. */
  readonly record = (sql: string, parameters: readonly unknown[]): void => {
    this.#count += 1;
    try {
      this.onStatement?.(sql, parameters);
    } catch {
      // Called after the statement ran: a throwing observer must not make a committed write look failed.
    }
  };
}
