/**
 * Rows for the bench, written through the project's own Store port (so they look exactly like rows
 * the services write), plus a SQL copy that multiplies the tables for the growth figure.
 */
import Database from 'better-sqlite3';
import type { Store } from '../../src/store/store.js';

/** Far enough ahead that the poller never picks a seeded order up during a run. */
const NEVER = '9999-12-31T00:00:00.000Z';

export interface SeedIdentity {
  appid: string;
  subMchid: string;
}

export interface PendingOrder {
  outTradeNo: string;
  outRecordId: string;
  contractId: string;
  openid: string;
  appid: string;
  deductAmount: number;
}

const tag = () => Date.now().toString(36).slice(-6) + Math.floor(Math.random() * 36 ** 2).toString(36).padStart(2, '0');

async function contract(store: Store, identity: SeedIdentity, contractId: string, openid: string, code: string): Promise<void> {
  await store.contracts.applySnapshot({
    outContractCode: code,
    contractId,
    planId: '100001',
    appid: identity.appid,
    openid,
    displayName: '张*',
    state: 'EFFECTIVE',
    repaymentAmountLimit: 500_000,
    repaymentDay: 15,
    signedAt: new Date().toISOString(),
    terminatedAt: null,
    terminationMode: null,
    terminationRemark: null,
  });
}

async function reservation(store: Store, identity: SeedIdentity, outRecordId: string, contractId: string, openid: string): Promise<void> {
  await store.reservations.insertIntent({
    outRecordId,
    contractId,
    appid: identity.appid,
    openid,
    subMchid: identity.subMchid,
    subAppid: null,
    repaymentAmount: 10_000,
    minRepaymentAmount: 1_000,
    repaymentDate: '2030-01-15',
  });
  await store.reservations.transition(outRecordId, ['SUBMITTING'], 'SCHEDULED');
}

async function order(store: Store, identity: SeedIdentity, o: PendingOrder, notifyUrl: string): Promise<void> {
  await store.deductOrders.insertIntent(
    {
      outTradeNo: o.outTradeNo,
      contractId: o.contractId,
      outRecordId: o.outRecordId,
      deductAmount: o.deductAmount,
      description: '信贷还款',
      attach: null,
      notifyUrl,
      appid: identity.appid,
      subAppid: null,
      openid: o.openid,
    },
    NEVER,
  );
}

/**
 * `count` settled repayments: a contract, a reservation, a PAY_SUCCESS order and its stored
 * notification each. Returns one order number to query.
 */
export async function seedSettled(store: Store, identity: SeedIdentity, count: number, notifyUrl: string): Promise<string> {
  const run = tag();
  let sample = '';
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = `${run}${String(i).padStart(6, '0')}`;
      const o: PendingOrder = {
        outTradeNo: `BT${id}`,
        outRecordId: `BR${id}`,
        contractId: `BC${id}`,
        openid: `oBench${id}`,
        appid: identity.appid,
        deductAmount: 10_000,
      };
      await contract(tx, identity, o.contractId, o.openid, `BK${id}`);
      await reservation(tx, identity, o.outRecordId, o.contractId, o.openid);
      await order(tx, identity, o, notifyUrl);
      await tx.deductOrders.transition(o.outTradeNo, ['SUBMITTING'], 'PAY_SUCCESS', {
        paySuccessAmount: 10_000,
        transactionId: `42000000002026${id}`.slice(0, 28),
        nextPollAt: null,
      });
      await tx.notifications.recordOnce({
        id: `EV-${id}`,
        eventType: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
        createTime: '2026-11-28T10:00:00+08:00',
        receivedAt: new Date().toISOString(),
        subject: o.outTradeNo,
        outcome: 'APPLIED',
        envelope: SAMPLE_ENVELOPE,
      });
      if (i === Math.floor(count / 2)) sample = o.outTradeNo;
    }
  });
  return sample;
}

/**
 * `count` PENDING orders (each with its reservation) waiting for their DEDUCTION_PAY callback. With
 * `contractId` they all belong to that one contract (created if needed); else to one contract per 50.
 */
export async function seedPending(
  store: Store,
  identity: SeedIdentity,
  count: number,
  notifyUrl: string,
  options: { contractId?: string; openid?: string } = {},
): Promise<PendingOrder[]> {
  const run = tag();
  const orders: PendingOrder[] = [];
  await store.transaction(async (tx) => {
    let contractId = options.contractId ?? '';
    let openid = options.openid ?? `oBenchP${run}`;
    if (options.contractId && !(await tx.contracts.getByContractId(options.contractId))) {
      await contract(tx, identity, options.contractId, openid, `PK${run}`);
    }
    for (let i = 0; i < count; i++) {
      const id = `${run}${String(i).padStart(6, '0')}`;
      if (!options.contractId && i % 50 === 0) {
        contractId = `PC${id}`;
        openid = `oBenchP${id}`;
        await contract(tx, identity, contractId, openid, `PK${id}`);
      }
      const o: PendingOrder = { outTradeNo: `PT${id}`, outRecordId: `PR${id}`, contractId, openid, appid: identity.appid, deductAmount: 10_000 };
      await reservation(tx, identity, o.outRecordId, contractId, openid);
      await order(tx, identity, o, notifyUrl);
      await tx.deductOrders.transition(o.outTradeNo, ['SUBMITTING'], 'PENDING', { nextPollAt: NEVER });
      orders.push(o);
    }
  });
  return orders;
}

/** Columns that are keys (or unique) somewhere: copies get a suffix so they stay distinct. */
const KEY_COLUMNS = new Set(['out_contract_code', 'contract_id', 'out_record_id', 'out_trade_no', 'transaction_id', 'id', 'subject']);
const TABLES = ['contracts', 'reservations', 'deduct_orders', 'notifications'];

/**
 * Multiplies every table by `factor` with INSERT … SELECT (copies get `x<n>` appended to each key
 * column), on a separate connection to the SQLite file. Returns the row counts afterwards.
 */
export function multiplyRows(databaseFile: string, factor: number): Record<string, number> {
  const db = new Database(databaseFile);
  try {
    db.pragma('busy_timeout = 10000');
    const counts: Record<string, number> = {};
    db.transaction(() => {
      for (const table of TABLES) {
        const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
        if (factor > 1) {
          const select = columns.map((c) => (KEY_COLUMNS.has(c) ? `CASE WHEN ${c} IS NULL THEN NULL ELSE ${c} || 'x' || n.i END` : c));
          db.prepare(
            `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
             INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM ${table}, n`,
          ).run(factor - 1);
        }
        counts[table] = (db.prepare(`SELECT count(*) AS c FROM ${table}`).get() as { c: number }).c;
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return counts;
  } finally {
    db.close();
  }
}

/** What a stored DEDUCTION_PAY envelope looks like (its resource is ciphertext): realistic row size. */
const SAMPLE_ENVELOPE = JSON.stringify({
  id: 'EV-2026112810000000000000',
  create_time: '2026-11-28T10:00:00+08:00',
  event_type: 'CREDIT_REPAYMENT.DEDUCTION_PAY',
  resource_type: 'encrypt-resource',
  summary: '信贷还款还款成功',
  resource: {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: 'x'.repeat(560),
    nonce: 'abcdefghijkl',
    associated_data: '',
    original_type: 'credit_repayment',
  },
});
