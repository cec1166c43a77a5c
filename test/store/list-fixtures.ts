/**
 * A known data set for the list queries, and the expected answers computed from it in plain JS.
 * Rows are created through the port, then backdated with raw SQL: creation times come from the
 * clock, and the tests need ties (one timestamp, several keys) that cross page boundaries.
 * Keys are fixed-width, so byte order (SQLite BINARY, PostgreSQL C) is the order JS sorts in.
 */
import { DEDUCT_ORDER_STATES, FINAL_DEDUCT_ORDER_STATES } from '../../src/domain/states.js';
import type {
  ContractFilter,
  ContractRecord,
  DeductOrderFilter,
  DeductOrderRecord,
  PageRequest,
  Store,
} from '../../src/store/store.js';
import { contractSnapshot, newDeductOrder, presignedContract, withRawSql, type TestDatabase } from './test-setup.js';

export const ROWS = 25;

const pad = (n: number) => n.toString().padStart(2, '0');
/** The n-th creation time; three rows share each one. */
export const createdAt = (n: number) => `2030-03-01T00:${pad(n)}:00.000Z`;
export const updatedAt = (n: number) => `2030-04-01T00:${pad(n)}:00.000Z`;
/** Spreads keys over the times so a tie holds keys that are not neighbours. */
const slot = (i: number) => Math.floor(((i * 7) % ROWS) / 3);

export interface ListData {
  contracts: ContractRecord[];
  orders: DeductOrderRecord[];
}

/**
 * Contracts OC-00..24: every fifth a presign (PENDING, no contract id, no openid), every fifth
 * plus one TERMINATED, the rest EFFECTIVE; openids o-0..2, plans plan-0/1. Orders T-00..24 on the
 * signed contracts, every sixth on a contract we do not know (no plan); all six states.
 */
export async function seedListData(store: Store, database: TestDatabase): Promise<ListData> {
  const signed: string[] = [];
  for (let i = 0; i < ROWS; i += 1) {
    const outContractCode = `OC-${pad(i)}`;
    const planId = `plan-${i % 2}`;
    if (i % 5 === 0) {
      await store.contracts.insertPresigned(presignedContract({ outContractCode, planId }));
      continue;
    }
    const contractId = `C-${pad(i)}`;
    signed.push(contractId);
    await store.contracts.applySnapshot(
      contractSnapshot({ outContractCode, contractId, planId, openid: `o-${i % 3}`, state: i % 5 === 1 ? 'TERMINATED' : 'EFFECTIVE' }),
    );
  }
  for (let j = 0; j < ROWS; j += 1) {
    const order = newDeductOrder({
      outTradeNo: `T-${pad(j)}`,
      contractId: j % 6 === 5 ? 'C-unknown' : signed[j % signed.length]!,
      openid: `o-${j % 4}`,
    });
    await store.deductOrders.insertIntent(order, '2999-01-01T00:00:00.000Z');
    const state = DEDUCT_ORDER_STATES[j % DEDUCT_ORDER_STATES.length]!;
    if (state !== 'SUBMITTING') await store.deductOrders.transition(order.outTradeNo, ['SUBMITTING'], state);
  }

  await withRawSql(database, async (run) => {
    const [a, b, c] = database.dialect === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    for (let i = 0; i < ROWS; i += 1) {
      await run(`update contracts set created_at = ${a} where out_contract_code = ${b}`, [createdAt(slot(i)), `OC-${pad(i)}`]);
      await run(`update deduct_orders set created_at = ${a}, updated_at = ${b} where out_trade_no = ${c}`, [
        createdAt(slot(i + 3)),
        updatedAt(i % 8),
        `T-${pad(i)}`,
      ]);
    }
  });

  const contracts: ContractRecord[] = [];
  for (let i = 0; i < ROWS; i += 1) contracts.push((await store.contracts.get(`OC-${pad(i)}`))!);
  const orders = await store.deductOrders.getMany(Array.from({ length: ROWS }, (_, j) => `T-${pad(j)}`));
  return { contracts, orders };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function newestFirst<T>(rows: T[], key: (row: T) => string, created: (row: T) => string): T[] {
  return [...rows].sort((x, y) => compare(created(y), created(x)) || compare(key(y), key(x)));
}

function inRange(at: string, filter: { createdFrom?: string; createdTo?: string }): boolean {
  return (filter.createdFrom === undefined || at >= filter.createdFrom) && (filter.createdTo === undefined || at < filter.createdTo);
}

export function expectedContracts(data: ListData, filter: ContractFilter): ContractRecord[] {
  const rows = data.contracts.filter(
    (c) =>
      (filter.states === undefined || filter.states.includes(c.state)) &&
      (filter.openid === undefined || c.openid === filter.openid) &&
      (filter.planId === undefined || c.planId === filter.planId) &&
      inRange(c.createdAt, filter),
  );
  return newestFirst(rows, (c) => c.outContractCode, (c) => c.createdAt);
}

export function expectedOrders(data: ListData, filter: DeductOrderFilter): DeductOrderRecord[] {
  const planOf = new Map(data.contracts.filter((c) => c.contractId !== null).map((c) => [c.contractId!, c.planId]));
  const rows = data.orders.filter(
    (o) =>
      (filter.states === undefined || filter.states.includes(o.state)) &&
      (filter.openid === undefined || o.openid === filter.openid) &&
      (filter.contractId === undefined || o.contractId === filter.contractId) &&
      (filter.planId === undefined || planOf.get(o.contractId) === filter.planId) &&
      inRange(o.createdAt, filter),
  );
  return newestFirst(rows, (o) => o.outTradeNo, (o) => o.createdAt);
}

export function expectedStale(data: ListData, updatedBefore: string): DeductOrderRecord[] {
  return data.orders
    .filter((o) => !FINAL_DEDUCT_ORDER_STATES.includes(o.state) && o.updatedAt < updatedBefore)
    .sort((x, y) => compare(x.updatedAt, y.updatedAt) || compare(x.outTradeNo, y.outTradeNo));
}

/** Follows `after` from page to page until a short page; each page must be one statement. */
export async function walkPages<T extends { createdAt: string }>(
  store: Store,
  list: (page: PageRequest) => Promise<T[]>,
  key: (row: T) => string,
  limit: number,
): Promise<{ rows: T[]; pages: number; statements: number }> {
  const rows: T[] = [];
  let after: PageRequest['after'];
  let pages = 0;
  const before = store.statementCount();
  for (;;) {
    const page = await list({ limit, ...(after === undefined ? {} : { after }) });
    pages += 1;
    rows.push(...page);
    if (page.length < limit || pages > ROWS) break;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, key: key(last) };
  }
  return { rows, pages, statements: store.statementCount() - before };
}
