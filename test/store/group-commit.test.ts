import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import type { DirectStatements } from '../../src/store/dialect-connection.js';
import { GroupCommit, MemberTimeoutError } from '../../src/store/kysely/group-commit.js';
import { SqliteDirect } from '../../src/store/sqlite/sqlite-direct.js';
import { StatementCache } from '../../src/store/sqlite/statement-cache.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

/**
 * Real SQLite files, as the store opens them (WAL, foreign keys on). A COMMIT that fails for real:
 * a DEFERRABLE INITIALLY DEFERRED foreign key is only checked at COMMIT.
 */
describe('GroupCommit (SQLite)', () => {
  const dir = suiteTempDir('group-commit');

  async function open() {
    const raw = new Database(join(dir(), `${Math.random().toString(36).slice(2)}.db`));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.exec('create table parent (id text primary key)');
    raw.exec('create table child (id text primary key, parent_id text references parent (id) deferrable initially deferred)');
    // Inserting 'doom' makes SQLite roll the whole transaction back, as some I/O errors do.
    raw.exec("create trigger doom before insert on parent when new.id = 'doom' begin select raise(rollback, 'doomed'); end");
    /** Every statement (through Kysely or run directly) and every settlement, in the order they happened. */
    const events: string[] = [];
    const statements = new StatementCache(raw);
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: statements }),
      log: (event) => {
        events.push(event.query.sql);
      },
    });
    const direct = new SqliteDirect(statements, raw, (sql) => events.push(sql));
    const group = new GroupCommit<any, Kysely<any>>(db, direct, (held) => held);
    const ids = async () => (await db.selectFrom('parent').select('id').orderBy('id').execute()).map((r) => r.id as string);
    return { db, direct, group, events, ids, raw, statements };
  }

  /** Records when the promise settles, without letting a rejection go unhandled. */
  function track<T>(events: string[], name: string, promise: Promise<T>): Promise<{ ok: boolean; value?: T; error?: unknown }> {
    return promise.then(
      (value) => {
        events.push(`settled ${name}`);
        return { ok: true, value };
      },
      (error) => {
        events.push(`settled ${name}`);
        return { ok: false, error };
      },
    );
  }

  it('members asked for in one event-loop turn share one BEGIN/COMMIT, and settle only after it', async () => {
    const { db, group, events, ids } = await open();
    try {
      const results = await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          track(
            events,
            id,
            group.run(async (trx) => {
              await trx.insertInto('parent').values({ id }).execute();
              return id.toUpperCase();
            }),
          ),
        ),
      );
      assert.deepEqual(results.map((r) => r.value), ['A', 'B', 'C']);
      assert.equal(group.groups, 1);
      assert.equal(events.filter((e) => e === 'begin').length, 1);
      assert.equal(events.filter((e) => e === 'commit').length, 1);
      assert.equal(events.filter((e) => e === 'savepoint group_member').length, 3);
      const commit = events.indexOf('commit');
      for (const id of ['a', 'b', 'c']) assert.ok(events.indexOf(`settled ${id}`) > commit, `${id} settled before COMMIT:\n${events.join('\n')}`);
      assert.deepEqual(await ids(), ['a', 'b', 'c']);
    } finally {
      await db.destroy();
    }
  });

  it('after a turn that brought several members, one asked for a turn later (the next poll phase) joins them; a lone one does not wait', async () => {
    const { db, group, events, ids } = await open();
    const insert = (id: string) => group.run((held) => held.insertInto('parent').values({ id }).execute());
    const oneTurnLater = (id: string) => new Promise((resolve, reject) => setImmediate(() => insert(id).then(resolve, reject)));
    try {
      await Promise.all([insert('a'), insert('b'), oneTurnLater('c')]);
      assert.equal(group.groups, 1);
      assert.equal(events.filter((e) => e === 'commit').length, 1);

      // Right after a group of several, even a lone member waits the turn.
      await Promise.all([insert('d'), oneTurnLater('e')]);
      assert.equal(group.groups, 2);

      // A group of one: the store is quiet again.
      await insert('f');
      assert.equal(group.groups, 3);
      // Let f's group finish its bookkeeping before the next turn starts.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([insert('g'), oneTurnLater('h')]);
      assert.equal(group.groups, 5, 'the lone g committed at the end of its turn, h in a group of its own');
      assert.deepEqual(await ids(), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    } finally {
      await db.destroy();
    }
  });

  it("members' statements run directly on the connection, inside the group's transaction", async () => {
    const { db, direct, events, ids } = await open();
    const group = new GroupCommit<any, { held: Kysely<any>; statements: DirectStatements }>(db, direct, (held, statements) => ({ held, statements }));
    try {
      await Promise.all(
        ['a', 'b'].map((id) => group.run(({ statements }) => statements.executeQuery(CompiledQuery.raw('insert into parent (id) values (?)', [id])))),
      );
      assert.equal(group.groups, 1);
      assert.deepEqual(events.slice(0, 7), [
        'begin',
        'savepoint group_member',
        'insert into parent (id) values (?)',
        'release savepoint group_member',
        'savepoint group_member',
        'insert into parent (id) values (?)',
        'release savepoint group_member',
      ]);
      assert.deepEqual(await ids(), ['a', 'b']);
    } finally {
      await db.destroy();
    }
  });

  it('a statement a member started but did not await is refused, not run after its savepoint or COMMIT', async () => {
    const { db, direct, ids } = await open();
    const group = new GroupCommit<any, { held: Kysely<any>; statements: DirectStatements }>(db, direct, (held, statements) => ({ held, statements }));
    const late: Promise<unknown>[] = [];
    try {
      const [a, b] = await Promise.allSettled([
        group.run(async ({ held, statements }) => {
          await held.insertInto('parent').values({ id: 'a' }).execute();
          // As a Promise.all that rejected early leaves its other statements running.
          late.push(new Promise((resolve) => setImmediate(resolve)).then(() => held.insertInto('parent').values({ id: 'late-held' }).execute()));
          late.push(new Promise((resolve) => setImmediate(resolve)).then(() => statements.executeQuery(CompiledQuery.raw("insert into parent (id) values ('late-direct')"))));
          throw new Error('a fails early');
        }),
        group.run((context) => context.held.insertInto('parent').values({ id: 'b' }).execute()),
      ]);
      assert.equal(a.status, 'rejected');
      assert.equal(b.status, 'fulfilled');
      for (const result of await Promise.allSettled(late)) {
        assert.equal(result.status, 'rejected');
        assert.match(String((result as PromiseRejectedResult).reason), /transaction has ended/);
      }
      assert.deepEqual(await ids(), ['b']);
    } finally {
      await db.destroy();
    }
  });

  it('when SQLite rolls the whole transaction back, every member fails and a member that carries on writes nothing', async () => {
    const { db, group, ids } = await open();
    try {
      const results = await Promise.allSettled([
        group.run((held) => held.insertInto('parent').values({ id: 'a' }).execute()),
        group.run(async (held) => {
          await held.insertInto('parent').values({ id: 'doom' }).execute().catch(() => {});
          // Carries on as if the failure were its own: with no transaction open this would commit at once.
          await held.insertInto('parent').values({ id: 'escaped' }).execute();
        }),
        group.run((held) => held.insertInto('parent').values({ id: 'c' }).execute()),
      ]);
      for (const result of results) assert.equal(result.status, 'rejected');
      assert.match(String((results[1] as PromiseRejectedResult).reason), /rolled back by the database/);
      assert.deepEqual(await ids(), []);
      // The connection is usable afterwards.
      await group.run((held) => held.insertInto('parent').values({ id: 'd' }).execute());
      assert.deepEqual(await ids(), ['d']);
    } finally {
      await db.destroy();
    }
  });

  it('a failing member is rolled back alone and rejects with its own error; the others commit', async () => {
    const { db, group, events, ids } = await open();
    try {
      const boom = new Error('member b fails');
      const [a, b, c] = await Promise.all([
        track(events, 'a', group.run((trx) => trx.insertInto('parent').values({ id: 'a' }).execute())),
        track(
          events,
          'b',
          group.run(async (trx) => {
            await trx.insertInto('parent').values({ id: 'b' }).execute();
            throw boom;
          }),
        ),
        track(
          events,
          'c',
          group.run(async (trx) => {
            // A constraint error inside the member: also its own failure only.
            await trx.insertInto('parent').values({ id: 'c' }).execute();
            await trx.insertInto('parent').values({ id: 'a' }).execute();
          }),
        ),
      ]);
      assert.equal(a!.ok, true);
      assert.equal(b!.ok, false);
      assert.equal(b!.error, boom);
      assert.equal(c!.ok, false);
      assert.match(String((c!.error as Error).message), /UNIQUE/);
      assert.equal(events.filter((e) => e === 'begin').length, 1);
      assert.deepEqual(await ids(), ['a'], 'b and c left nothing behind');
    } finally {
      await db.destroy();
    }
  });

  it('when COMMIT fails every member rejects, also those whose work succeeded, and nothing is stored', async () => {
    const { db, group, events, ids } = await open();
    try {
      const results = await Promise.all([
        track(events, 'a', group.run((trx) => trx.insertInto('parent').values({ id: 'a' }).execute())),
        // Fine for now, but its deferred foreign key makes the COMMIT fail.
        track(events, 'b', group.run((trx) => trx.insertInto('child').values({ id: 'x', parent_id: 'missing' }).execute())),
        track(events, 'c', group.run((trx) => trx.insertInto('parent').values({ id: 'c' }).execute())),
      ]);
      for (const result of results) {
        assert.equal(result.ok, false);
        assert.match(String((result.error as Error).message), /FOREIGN KEY/);
      }
      assert.ok(events.includes('commit') && events.includes('rollback'), events.join('\n'));
      assert.deepEqual(await ids(), []);
      assert.equal((await db.selectFrom('child').selectAll().execute()).length, 0);

      // The connection is usable afterwards: the next group commits.
      assert.equal((await track(events, 'd', group.run((trx) => trx.insertInto('parent').values({ id: 'd' }).execute()))).ok, true);
      assert.deepEqual(await ids(), ['d']);
    } finally {
      await db.destroy();
    }
  });

  it('when ROLLBACK fails too, the connection is closed, so nothing later runs inside a transaction nobody ends', async () => {
    const { db, raw, statements } = await open();
    class RollbackFails extends SqliteDirect {
      override run<Row>(query: CompiledQuery<Row>) {
        if (query.sql === 'rollback') throw new Error('rollback failed');
        return super.run(query);
      }
    }
    const group = new GroupCommit<any, Kysely<any>>(db, new RollbackFails(statements, raw), (held) => held);
    try {
      // The deferred foreign key fails the COMMIT; the ROLLBACK after it fails as well.
      const failed = group.run((trx) => trx.insertInto('child').values({ id: 'x', parent_id: 'missing' }).execute());
      await assert.rejects(failed, /FOREIGN KEY/, 'members get the error that failed the group, not the ROLLBACK');
      assert.equal(raw.open, false);
      await assert.rejects(group.run((trx) => trx.insertInto('parent').values({ id: 'a' }).execute()), /not open/);
      const reopened = new Database(raw.name);
      try {
        assert.deepEqual(reopened.prepare('select id from child union all select id from parent').all(), []);
      } finally {
        reopened.close();
      }
    } finally {
      await db.destroy().catch(() => {});
    }
  });

  it('a statement from outside waits for the group to commit, even while a member waits on a timer', async () => {
    const { db, group, events, ids } = await open();
    try {
      let outsideRead: Promise<string[]> | undefined;
      const member = group.run(async (held) => {
        await held.insertInto('parent').values({ id: 'a' }).execute();
        // The event loop turns here: the read below is asked for while the transaction is open.
        outsideRead = ids();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await held.insertInto('parent').values({ id: 'b' }).execute();
      });
      await member;
      assert.deepEqual(await outsideRead, ['a', 'b'], 'the read ran after COMMIT, not inside the open transaction');
      assert.ok(events.lastIndexOf('select "id" from "parent" order by "id"') > events.indexOf('commit'), events.join('\n'));
    } finally {
      await db.destroy();
    }
  });

  it('a member whose work never settles is rolled back alone after the timeout, refused from then on, and the others commit', async () => {
    const { db, direct, ids } = await open();
    const group = new GroupCommit<any, Kysely<any>>(db, direct, (held) => held, { memberTimeoutMs: 100 });
    let stuckHeld: Kysely<any> | undefined;
    try {
      const started = Date.now();
      const [stuck, other] = await Promise.allSettled([
        group.run(async (trx) => {
          stuckHeld = trx;
          await trx.insertInto('parent').values({ id: 'stuck' }).execute();
          await new Promise(() => {}); // never settles
        }),
        group.run((trx) => trx.insertInto('parent').values({ id: 'other' }).execute()),
      ]);
      assert.equal(stuck.status, 'rejected');
      assert.ok((stuck as PromiseRejectedResult).reason instanceof MemberTimeoutError);
      assert.ok(Date.now() - started >= 90, 'failed only after its time');
      assert.equal(other.status, 'fulfilled');
      assert.deepEqual(await ids(), ['other']);
      await assert.rejects(stuckHeld!.insertInto('parent').values({ id: 'late' }).execute(), /transaction has ended/);
      // The store goes on: the next group commits, and a slow member within its time is not failed.
      await group.run(async (trx) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        await trx.insertInto('parent').values({ id: 'slow' }).execute();
      });
      assert.deepEqual(await ids(), ['other', 'slow']);
    } finally {
      await db.destroy();
    }
  });

  it('members asked for while a group runs form the next group; the group size is bounded', async () => {
    const { db, direct, events } = await open();
    const group = new GroupCommit<any, Kysely<any>>(db, direct, (held) => held, { maxMembers: 2 });
    try {
      const all = ['a', 'b', 'c', 'd', 'e'].map((id) => group.run((trx) => trx.insertInto('parent').values({ id }).execute()));
      await Promise.all(all);
      assert.equal(group.groups, 3);
      assert.equal(events.filter((e) => e === 'commit').length, 3);
      const later = group.run(async (trx) => {
        await sql`select 1`.execute(trx);
        return 'later';
      });
      assert.equal(await later, 'later');
      assert.equal(group.groups, 4);
    } finally {
      await db.destroy();
    }
  });
});
