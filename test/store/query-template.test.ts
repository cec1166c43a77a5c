import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { QueryTemplate, TemplateCache, camelRow, camelRowParts, runTemplate } from '../../src/store/kysely/query-template.js';

interface Db {
  items: { itemId: string; itemKind: string; sortKey: number };
}

describe('QueryTemplate (precompiled hot statements)', () => {
  let dir: string;
  let db: Kysely<Db>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'query-template-'));
    const raw = new Database(join(dir, 't.db'));
    raw.exec('create table items (item_id text primary key, item_kind text not null, sort_key integer not null)');
    raw.exec("insert into items values ('a', 'x', 3), ('b', 'y', 1), ('c', 'x', 2)");
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: raw }), plugins: [new CamelCasePlugin()] });
  });
  after(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('compiles once with the plugins, binds arguments by index and keeps constants', async () => {
    const template = new QueryTemplate((p) =>
      db.selectFrom('items').selectAll().where('itemKind', '=', 'x').where('itemId', 'in', [p(1), p(0)]).orderBy('sortKey'),
    );
    assert.equal(template.arity, 2);
    assert.match(template.sql, /"item_kind" = \? and "item_id" in \(\?, \?\)/);
    assert.deepEqual(template.bind(['a', 'c']).parameters, ['x', 'c', 'a']);
    const { rows } = await runTemplate<Record<string, unknown>>(db.withoutPlugins(), template, ['a', 'b']);
    assert.deepEqual(rows.map((row) => camelRow(row)), [{ itemId: 'a', itemKind: 'x', sortKey: 3 }]);
    // The same rows the builder returns through CamelCasePlugin.
    const built = await db.selectFrom('items').selectAll().where('itemKind', '=', 'x').where('itemId', 'in', ['a', 'b']).execute();
    assert.deepEqual(rows.map((row) => camelRow(row)), built);
  });

  it("maps rows to the same records as camelRow and camelRowParts, with a function compiled from the first row's names", async () => {
    const template = new QueryTemplate((p) =>
      db
        .selectFrom('items as a')
        .innerJoin('items as b', (join) => join.onRef('b.sortKey', '>=', 'a.sortKey'))
        .select(['a.itemId', 'a.sortKey', 'b.itemId as other$itemId', 'b.itemKind as other$itemKind'])
        .where('a.itemKind', '=', p(0))
        .orderBy('a.itemId')
        .orderBy('b.itemId'),
    );
    const { rows } = await runTemplate<Record<string, unknown>>(db.withoutPlugins(), template, ['x']);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.deepEqual(template.recordParts(row, ['other$']), camelRowParts(row, ['other$']));
      assert.deepEqual(template.record(row), camelRow(row));
    }
    assert.deepEqual(template.recordParts(rows[0]!, ['other$']), [{ itemId: 'a', sortKey: 3 }, { itemId: 'a', itemKind: 'x' }]);
    // Names are data, never code; a name that would set the prototype is mapped without compiling.
    const odd = { 'a"]; throw 1; //': 1, __proto__x: 2 };
    assert.deepEqual(new QueryTemplate(() => db.selectFrom('items').selectAll()).record(odd), camelRow(odd));
    const proto = JSON.parse('{"__proto__": 1, "item_id": "a"}') as Record<string, unknown>;
    const mapped = new QueryTemplate(() => db.selectFrom('items').selectAll()).record<Record<string, unknown>>(proto);
    assert.deepEqual(Object.keys(mapped), Object.keys(camelRow(proto)));
  });

  it('refuses a template that skips an argument index', () => {
    assert.throws(() => new QueryTemplate((p) => db.selectFrom('items').selectAll().where('itemId', '=', p(1))), /uses 1 of its 2/);
  });

  it('TemplateCache builds a key once, and past its capacity stops keeping new keys', () => {
    const cache = new TemplateCache(1);
    let builds = 0;
    const build = (p: (i: number) => any) => {
      builds += 1;
      return db.selectFrom('items').selectAll().where('itemId', '=', p(0));
    };
    const first = cache.get('one', build);
    assert.equal(cache.get('one', build), first);
    assert.equal(builds, 1);
    cache.get('two', build);
    cache.get('two', build);
    assert.equal(builds, 3, 'the second key is not kept');
  });
});
