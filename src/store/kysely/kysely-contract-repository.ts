import { sql, type Expression, type Kysely } from 'kysely';
import type { ContractRecord, ContractRepository, ContractSnapshot } from '../store.js';
import type { Database } from './database.js';
import { uniqueChunks } from './unique-chunks.js';

/** The snapshot fields, which are also the fields whose change makes a new version. */
const SNAPSHOT_FIELDS = [
  'contractId',
  'planId',
  'appid',
  'openid',
  'displayName',
  'state',
  'repaymentAmountLimit',
  'repaymentDay',
  'signedAt',
  'terminatedAt',
  'terminationMode',
  'terminationRemark',
] as const satisfies readonly (keyof ContractSnapshot)[];

/** PENDING < EFFECTIVE < TERMINATED: a snapshot ranking below the stored row is stale. */
function stateRank(state: Expression<string>) {
  return sql<number>`case ${state} when 'PENDING' then 0 when 'EFFECTIVE' then 1 else 2 end`;
}

export class KyselyContractRepository implements ContractRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(outContractCode: string): Promise<ContractRecord | undefined> {
    return this.db.selectFrom('contracts').selectAll().where('outContractCode', '=', outContractCode).executeTakeFirst();
  }

  async getByContractId(contractId: string): Promise<ContractRecord | undefined> {
    return this.db.selectFrom('contracts').selectAll().where('contractId', '=', contractId).executeTakeFirst();
  }

  async getManyByContractId(contractIds: readonly string[]): Promise<ContractRecord[]> {
    const rows: ContractRecord[] = [];
    for (const chunk of uniqueChunks(contractIds)) {
      rows.push(...(await this.db.selectFrom('contracts').selectAll().where('contractId', 'in', chunk).execute()));
    }
    return rows;
  }

  /**
   * One upsert: the conflict branch updates only when some field differs and the snapshot does not
   * rank below the stored state. A stale snapshot (EFFECTIVE for a TERMINATED row, PENDING for a
   * signed one) is ignored as a whole, since its other fields are as old as its state.
   */
  async applySnapshot(snapshot: ContractSnapshot): Promise<ContractRecord | null> {
    const now = new Date().toISOString();
    const fields = Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, snapshot[f] ?? null])) as Pick<
      ContractRecord,
      (typeof SNAPSHOT_FIELDS)[number]
    >;
    const row = await this.db
      .insertInto('contracts')
      .values({ ...fields, outContractCode: snapshot.outContractCode, version: 1, createdAt: now, updatedAt: now })
      .onConflict((oc) =>
        oc
          .column('outContractCode')
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, eb.ref(`excluded.${f}`)])),
            version: eb('contracts.version', '+', 1),
            updatedAt: eb.ref('excluded.updatedAt'),
          }))
          .where((eb) =>
            eb.and([
              eb(stateRank(eb.ref('excluded.state')), '>=', stateRank(eb.ref('contracts.state'))),
              eb.or(SNAPSHOT_FIELDS.map((f) => eb(eb.ref(`excluded.${f}`), 'is distinct from', eb.ref(`contracts.${f}`)))),
            ]),
          ),
      )
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }
}
