import type { Kysely } from 'kysely';

/**
 * Indexes for the keyset lists (newest first by `created_at`, then the key) and the stale-order
 * report. Each list index ends in (created_at, key), so a filtered page is one ordered index range
 * that stops after `limit` rows, with no sort. The contract_id index is widened, not duplicated:
 * its prefix still serves the `contract_id IN (…)` batch lookups.
 */
const INDEXES: readonly { name: string; table: string; columns: string[] }[] = [
  { name: 'contracts_created_at_idx', table: 'contracts', columns: ['created_at', 'out_contract_code'] },
  { name: 'contracts_openid_created_at_idx', table: 'contracts', columns: ['openid', 'created_at', 'out_contract_code'] },
  { name: 'contracts_plan_id_created_at_idx', table: 'contracts', columns: ['plan_id', 'created_at', 'out_contract_code'] },
  { name: 'deduct_orders_created_at_idx', table: 'deduct_orders', columns: ['created_at', 'out_trade_no'] },
  { name: 'deduct_orders_openid_created_at_idx', table: 'deduct_orders', columns: ['openid', 'created_at', 'out_trade_no'] },
  {
    name: 'deduct_orders_contract_id_created_at_idx',
    table: 'deduct_orders',
    columns: ['contract_id', 'created_at', 'out_trade_no'],
  },
  // listStale reads the few open states, each an updated_at range.
  { name: 'deduct_orders_state_updated_at_idx', table: 'deduct_orders', columns: ['state', 'updated_at'] },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const { name, table, columns } of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
  await db.schema.dropIndex('deduct_orders_contract_id_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('deduct_orders_contract_id_idx').on('deduct_orders').column('contract_id').execute();
  for (const { name } of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).execute();
  }
}
