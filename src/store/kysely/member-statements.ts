import type { CompiledQuery, Kysely, KyselyPlugin, QueryResult } from 'kysely';
import { runAsPromise, type DirectStatements } from '../dialect-connection.js';

/**
 * One group-commit member's way to the connection. It refuses statements once the member's work
 * has settled (a statement it started and did not await would otherwise run later, outside its
 * savepoint or after COMMIT, and be kept), and while no transaction is open (SQLite rolled the
 * whole transaction back on an error: a write would be committed on its own at once). Kysely's
 * own transactions refuse use after their end the same way.
 */
export class MemberStatements implements DirectStatements {
  readonly #direct: DirectStatements;
  #ended = false;

  constructor(direct: DirectStatements) {
    this.#direct = direct;
  }

  get inTransaction(): boolean {
    return this.#direct.inTransaction;
  }

  /** The member's work has settled: from now on every statement of it is refused. */
  end(): void {
    this.#ended = true;
  }

  /** Throws unless a statement of this member may run now. */
  check(): void {
    if (this.#ended) throw new Error('this transaction has ended: a statement was started after its work settled');
    if (!this.#direct.inTransaction) throw new Error('this transaction was rolled back by the database; nothing of it is kept');
  }

  run<Row>(query: CompiledQuery<Row>): QueryResult<Row> {
    this.check();
    return this.#direct.run(query);
  }

  executeQuery<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> {
    return runAsPromise(this, query);
  }

  /** `held` (the group's connection) with the same check on every query built through it. */
  guard<DB>(held: Kysely<DB>): Kysely<DB> {
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        this.check();
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return held.withPlugin(plugin);
  }
}
