import { sql, type Kysely } from 'kysely';

/**
 * The first schema, written once for SQLite and PostgreSQL: `text` keys and ISO-8601 text times
 * (they sort as they compare), `bigint` fen amounts (INTEGER affinity in SQLite, int8 in PG).
 * State lists are spelled out here, not imported: a migration is a frozen snapshot.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contracts')
    .addColumn('out_contract_code', 'text', (col) => col.primaryKey())
    .addColumn('contract_id', 'text', (col) => col.unique())
    .addColumn('plan_id', 'text', (col) => col.notNull())
    .addColumn('appid', 'text')
    .addColumn('openid', 'text')
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('repayment_amount_limit', 'bigint', (col) => col.notNull())
    .addColumn('repayment_day', 'integer')
    .addColumn('signed_at', 'text')
    .addColumn('terminated_at', 'text')
    .addColumn('termination_mode', 'text')
    .addColumn('termination_remark', 'text')
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint('contracts_state_check', sql`state in ('PENDING', 'EFFECTIVE', 'TERMINATED')`)
    .addCheckConstraint('contracts_amount_check', sql`repayment_amount_limit >= 0`)
    .execute();

  await db.schema
    .createTable('reservations')
    .addColumn('out_record_id', 'text', (col) => col.primaryKey())
    .addColumn('contract_id', 'text', (col) => col.notNull())
    .addColumn('appid', 'text', (col) => col.notNull())
    .addColumn('openid', 'text', (col) => col.notNull())
    .addColumn('sub_mchid', 'text', (col) => col.notNull())
    .addColumn('sub_appid', 'text')
    .addColumn('repayment_amount', 'bigint', (col) => col.notNull())
    .addColumn('min_repayment_amount', 'bigint')
    .addColumn('repayment_date', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint('reservations_state_check', sql`state in ('SUBMITTING', 'UNKNOWN', 'SCHEDULED')`)
    .addCheckConstraint(
      'reservations_amount_check',
      sql`repayment_amount >= 0 and (min_repayment_amount is null or min_repayment_amount >= 0)`,
    )
    .execute();
  await db.schema.createIndex('reservations_contract_id_idx').on('reservations').column('contract_id').execute();

  await db.schema
    .createTable('deduct_orders')
    .addColumn('out_trade_no', 'text', (col) => col.primaryKey())
    .addColumn('contract_id', 'text', (col) => col.notNull())
    .addColumn('out_record_id', 'text', (col) => col.notNull())
    .addColumn('deduct_amount', 'bigint', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('attach', 'text')
    .addColumn('notify_url', 'text', (col) => col.notNull())
    .addColumn('appid', 'text')
    .addColumn('sub_appid', 'text')
    .addColumn('openid', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('pay_success_amount', 'bigint')
    .addColumn('transaction_id', 'text')
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('poll_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addCheckConstraint(
      'deduct_orders_state_check',
      sql`state in ('SUBMITTING', 'UNKNOWN', 'PENDING', 'NOT_PAY', 'PAY_SUCCESS', 'PAY_FAIL')`,
    )
    .addCheckConstraint(
      'deduct_orders_amount_check',
      sql`deduct_amount >= 0 and (pay_success_amount is null or pay_success_amount >= 0)`,
    )
    .execute();
  await db.schema.createIndex('deduct_orders_contract_id_idx').on('deduct_orders').column('contract_id').execute();
  await db.schema.createIndex('deduct_orders_out_record_id_idx').on('deduct_orders').column('out_record_id').execute();
  await db.schema.createIndex('deduct_orders_next_poll_at_idx').on('deduct_orders').column('next_poll_at').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('create_time', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('envelope', 'text', (col) => col.notNull())
    .addCheckConstraint('notifications_outcome_check', sql`outcome in ('APPLIED', 'NO_CHANGE', 'UNMATCHED')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notifications', 'deduct_orders', 'reservations', 'contracts']) {
    await db.schema.dropTable(table).execute();
  }
}
