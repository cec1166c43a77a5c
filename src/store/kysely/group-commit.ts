import { CompiledQuery, type Kysely } from 'kysely';
import type { DirectConnection, DirectStatements } from '../dialect-connection.js';
import { MemberStatements } from './member-statements.js';

/** Most members one transaction takes; the rest wait for the next group. */
export const DEFAULT_MAX_GROUP_MEMBERS = 256;

/**
 * How long one member's work may hold the group (and so the only connection) before it is failed.
 * A member runs only store statements, in micro- to milliseconds; one that never settles (a bug, a
 * promise nobody resolves) would otherwise stop every write of the process for good.
 */
export const DEFAULT_MEMBER_TIMEOUT_MS = 30_000;

/** A member's work did not settle in time: it is rolled back alone and refused from then on. */
export class MemberTimeoutError extends Error {
  override readonly name = 'MemberTimeoutError';
}

/** One name is enough: members run one after another, each savepoint released before the next. */
const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const SAVEPOINT = CompiledQuery.raw('savepoint group_member');
const RELEASE = CompiledQuery.raw('release savepoint group_member');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_member');

interface Member<C> {
  work: (context: C) => Promise<unknown>;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * SQLite errors after which the transaction may or may not have been rolled back already; SQLite's
 * documentation asks for a full ROLLBACK then, not just one to a savepoint.
 */
const TRANSACTION_WIDE_ERRORS = /^SQLITE_(FULL|IOERR|BUSY|NOMEM)/;

function isTransactionWide(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSACTION_WIDE_ERRORS.test(code);
}

/**
 * Group commit for a single-connection database (SQLite): the transactions asked for in the same
 * event-loop turn share one BEGIN … COMMIT, which starts at the end of the turn (setImmediate).
 * When transactions come concurrently (that turn, or the last group, brought more than one), the
 * group waits one turn more: the poll phase in between reads the requests already waiting in
 * socket buffers, and their transactions join too (PostgreSQL's commit_delay/commit_siblings, by
 * turns instead of microseconds). Under figure 3's load of 8 concurrent callback senders that took
 * groups from 4.25 to ~6.5 members, with fewer COMMITs to write; a lone transaction on an idle
 * store (a mutation) does not wait.
 * The group runs its members one after another, each in its own SAVEPOINT, so a member whose work
 * throws is rolled back alone and rejects with its own error while the others go on. A member whose
 * work has not settled after `memberTimeoutMs` is failed the same way (MemberTimeoutError); what
 * it tries later is refused.
 *
 * Nobody is settled before COMMIT has succeeded. If COMMIT (or anything outside a member's own
 * work, e.g. a savepoint statement) fails, EVERY member rejects, including those whose work
 * succeeded: none of their writes is durable, so none may be acknowledged.
 *
 * Members see the writes of the members before them in the group (as they would have after
 * separate commits on the one connection). Groups run one at a time; statements outside
 * transactions interleave between groups through Kysely's connection mutex.
 *
 * A group holds Kysely's connection from BEGIN to COMMIT and runs the transaction statements, and
 * whatever its members run on `direct`, synchronously: Kysely's executor costs several promises
 * per statement, and a callback runs four statements. Members get the held connection's Kysely
 * (through `wrap`) for anything else.
 */
export class GroupCommit<DB, C> {
  readonly #db: Kysely<DB>;
  readonly #direct: DirectConnection;
  readonly #wrap: (held: Kysely<DB>, statements: DirectStatements) => C;
  readonly #maxMembers: number;
  readonly #memberTimeoutMs: number;
  #pending: Member<C>[] = [];
  #scheduled = false;
  #running = false;
  #groups = 0;
  /** Members of the last group: more than one means transactions are coming concurrently. */
  #lastGroupSize = 0;

  /**
   * `wrap` makes each member's context from the held connection and the member's statements, both
   * guarded: they refuse to run once the member's work has settled or the transaction is gone.
   */
  constructor(
    db: Kysely<DB>,
    direct: DirectConnection,
    wrap: (held: Kysely<DB>, statements: DirectStatements) => C,
    options: { maxMembers?: number; memberTimeoutMs?: number } = {},
  ) {
    this.#db = db;
    this.#direct = direct;
    this.#wrap = wrap;
    this.#maxMembers = options.maxMembers ?? DEFAULT_MAX_GROUP_MEMBERS;
    this.#memberTimeoutMs = options.memberTimeoutMs ?? DEFAULT_MEMBER_TIMEOUT_MS;
  }

  /** Runs `work` inside the next group's transaction; settles once that transaction committed. */
  run<T>(work: (context: C) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ work, resolve, reject });
      this.#schedule();
    });
  }

  /** Transactions committed or failed so far (tests use it to see members share one). */
  get groups(): number {
    return this.#groups;
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    const flush = () => {
      this.#scheduled = false;
      void this.#flush();
    };
    setImmediate(() => (this.#pending.length > 1 || this.#lastGroupSize > 1 ? setImmediate(flush) : flush()));
  }

  async #flush(): Promise<void> {
    if (this.#running || this.#pending.length === 0) return;
    const members = this.#pending.length <= this.#maxMembers ? this.#pending : this.#pending.slice(0, this.#maxMembers);
    this.#pending = members === this.#pending ? [] : this.#pending.slice(this.#maxMembers);
    this.#running = true;
    this.#lastGroupSize = members.length;
    try {
      await this.#runGroup(members);
    } finally {
      this.#running = false;
      if (this.#pending.length > 0) this.#schedule();
    }
  }

  async #runGroup(members: Member<C>[]): Promise<void> {
    const outcomes: Outcome[] = [];
    const direct = this.#direct;
    const watchdog = new MemberWatchdog(this.#memberTimeoutMs);
    try {
      await this.#db.connection().execute(async (held) => {
        direct.run(BEGIN);
        try {
          for (const member of members) {
            direct.run(SAVEPOINT);
            const statements = new MemberStatements(direct);
            let outcome: Outcome;
            try {
              watchdog.refresh();
              outcome = { ok: true, value: await watchdog.settled(member.work(this.#wrap(statements.guard(held), statements))) };
            } catch (error) {
              outcome = { ok: false, error };
            }
            statements.end();
            // SQLite rolled the whole transaction back (or may have): nothing of the group is
            // kept, so the whole group fails, with this member's error if it has one.
            if (!direct.inTransaction) throw outcome.ok ? new Error('the database rolled the transaction back') : outcome.error;
            if (!outcome.ok && isTransactionWide(outcome.error)) throw outcome.error;
            if (!outcome.ok) direct.run(ROLLBACK_TO);
            direct.run(RELEASE);
            outcomes.push(outcome);
          }
          direct.run(COMMIT);
        } catch (error) {
          // A failed COMMIT (e.g. a deferred foreign key) leaves the transaction open; some errors
          // have already rolled it back. Members reject with the error that failed the group.
          direct.abandonTransaction();
          throw error;
        }
      });
    } catch (error) {
      this.#groups += 1;
      // BEGIN, a savepoint or COMMIT failed: nothing of this group is stored.
      for (const member of members) member.reject(error);
      return;
    } finally {
      watchdog.stop();
    }
    this.#groups += 1;
    for (let i = 0; i < members.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) members[i]!.resolve(outcome.value);
      else members[i]!.reject(outcome.error);
    }
  }
}

/**
 * One timer per group, re-armed for each member (a timer per member cost ~1 µs each on the hot
 * path): when it fires, the member being awaited fails with a MemberTimeoutError.
 */
class MemberWatchdog {
  readonly #timer: NodeJS.Timeout;
  #expire: ((error: Error) => void) | undefined;

  constructor(ms: number) {
    this.#timer = setTimeout(() => this.#expire?.(new MemberTimeoutError(`a transaction's work did not settle within ${ms} ms; it was rolled back`)), ms);
  }

  /** Starts the current member's time afresh. */
  refresh(): void {
    this.#timer.refresh();
  }

  /** `work`'s outcome, unless the timer fires first. A late rejection of `work` is still handled. */
  settled<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#expire = reject;
      // Promise.resolve: a value from work that is not a promise settles as `await` would.
      Promise.resolve(work).then(resolve, reject);
    });
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#expire = undefined;
  }
}
