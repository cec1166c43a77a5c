import assert from 'node:assert/strict';
import { withRawSql, type TestDatabase } from './test-setup.js';

/**
 * The plan of a statement the store ran, one line per node. On PostgreSQL sequential scans and
 * sorts are priced out first: tiny test tables would make a seq scan look cheapest, and a node
 * the planner still picks then has no index alternative.
 */
export async function queryPlan(database: TestDatabase, text: string, parameters: readonly unknown[]): Promise<string[]> {
  return withRawSql(database, async (run) => {
    if (database.dialect === 'sqlite') {
      return (await run(`explain query plan ${text}`, parameters)).map((row) => String(row.detail));
    }
    await run('set enable_seqscan = off');
    await run('set enable_sort = off');
    return (await run(`explain ${text}`, parameters)).map((row) => String(row['QUERY PLAN']));
  });
}

/** No table is read in full; with `ordered`, the index also yields the order (no sort step). */
export function assertUsesIndex(database: TestDatabase, plan: string[], ordered: boolean, label: string): void {
  const shown = ` (${label}):\n${plan.join('\n')}`;
  if (database.dialect === 'sqlite') {
    assert.ok(!plan.some((line) => /^SCAN \w+$/.test(line)), `full table scan${shown}`);
    assert.ok(plan.some((line) => /USING (COVERING )?INDEX/.test(line)), `no index${shown}`);
    if (ordered) assert.ok(!plan.some((line) => /TEMP B-TREE/.test(line)), `sorts${shown}`);
  } else {
    assert.ok(!plan.some((line) => /Seq Scan/.test(line)), `full table scan${shown}`);
    if (ordered) assert.ok(!plan.some((line) => /\bSort\b/.test(line)), `sorts${shown}`);
  }
}
