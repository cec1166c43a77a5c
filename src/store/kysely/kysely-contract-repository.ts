import { sql, type Expression, type ExpressionBuilder, type Kysely, type OnConflictDatabase, type OnConflictTables } from 'kysely';
import type {
  ContractFilter,
  ContractRecord,
  ContractRepository,
  ContractSnapshot,
  NewPresignedContract,
  PageRequest,
} from '../store.js';
import type { Database } from './database.js';
import type { HotQueries } from './hot-queries.js';
import { rowsWhereIn, type QueryRunner } from './query-template.js';
import { CONTRACT_SNAPSHOT_FIELDS } from './record-columns.js';

/** PENDING < EFFECTIVE < TERMINATED: a snapshot ranking below the stored row is stale. */
function stateRank(state: Expression<string>) {
  return sql<number>`case ${state} when 'PENDING' then 0 when 'EFFECTIVE' then 1 else 2 end`;
}

type SnapshotField = (typeof CONTRACT_SNAPSHOT_FIELDS)[number];
type ContractsUpsert = ExpressionBuilder<OnConflictDatabase<Database, 'contracts'>, OnConflictTables<'contracts'>>;

/** The snapshot's value, or the stored one where the snapshot has none (WeChat Pay left it out). */
function reported(eb: ContractsUpsert, field: SnapshotField) {
  return eb.fn.coalesce(eb.ref(`excluded.${field}`), eb.ref(`contracts.${field}`));
}

export class KyselyContractRepository implements ContractRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly raw: QueryRunner,
    private readonly queries: HotQueries,
  ) {}

  /** Any row with the code, whatever its state, keeps it: WeChat Pay accepts a code only once. */
  async insertPresigned(contract: NewPresignedContract): Promise<boolean> {
    const now = new Date().toISOString();
    const inserted = await this.db
      .insertInto('contracts')
      .values({
        outContractCode: contract.outContractCode,
        contractId: null,
        planId: contract.planId,
        appid: contract.appid ?? null,
        openid: null,
        displayName: contract.displayName,
        state: 'PENDING',
        repaymentAmountLimit: contract.repaymentAmountLimit,
        repaymentDay: contract.repaymentDay ?? null,
        signedAt: null,
        terminatedAt: null,
        terminationMode: null,
        terminationRemark: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .onConflict((oc) => oc.column('outContractCode').doNothing())
      .returning('outContractCode')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** A row with a contract id was signed (or reported) by WeChat Pay, so it is no longer ours to drop. */
  async deletePresigned(outContractCode: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('contracts')
      .where('outContractCode', '=', outContractCode)
      .where('state', '=', 'PENDING')
      .where('contractId', 'is', null)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Keyset page in one statement: the row comparison `(created_at, key) < (…)` is a single range on
   * the indexes that end in (created_at, out_contract_code), so a deep page costs what the first does.
   */
  async list(filter: ContractFilter, page: PageRequest): Promise<ContractRecord[]> {
    const { states, openid, planId, createdFrom, createdTo } = filter;
    const { after, limit } = page;
    // `IN ()` is not valid SQL, and no state at all matches nothing.
    if (limit <= 0 || states?.length === 0) return [];
    return this.db
      .selectFrom('contracts')
      .selectAll()
      .$if(states !== undefined, (qb) => qb.where('state', 'in', states!))
      .$if(openid !== undefined, (qb) => qb.where('openid', '=', openid!))
      .$if(planId !== undefined, (qb) => qb.where('planId', '=', planId!))
      .$if(createdFrom !== undefined, (qb) => qb.where('createdAt', '>=', createdFrom!))
      .$if(createdTo !== undefined, (qb) => qb.where('createdAt', '<', createdTo!))
      .$if(after !== undefined, (qb) =>
        qb.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('createdAt', 'outContractCode'), '<', tuple(after!.createdAt, after!.key)),
        ),
      )
      .orderBy('createdAt', 'desc')
      .orderBy('outContractCode', 'desc')
      .limit(limit)
      .execute();
  }

  async get(outContractCode: string): Promise<ContractRecord | undefined> {
    return this.db.selectFrom('contracts').selectAll().where('outContractCode', '=', outContractCode).executeTakeFirst();
  }

  /** Every initiateRepayment reads it: through the prebuilt statement of the loader. */
  async getByContractId(contractId: string): Promise<ContractRecord | undefined> {
    return (await this.getManyByContractId([contractId]))[0];
  }

  async getManyByContractId(contractIds: readonly string[]): Promise<ContractRecord[]> {
    return rowsWhereIn<ContractRecord>(this.raw, contractIds, (count) => this.queries.contractsByContractIds(count));
  }

  /**
   * One upsert: the conflict branch updates only when some field differs, the snapshot does not
   * rank below the stored state, and it names the contract id stored, if any. A stale snapshot
   * (EFFECTIVE for a TERMINATED row, PENDING for a signed one) is ignored as a whole, since its
   * other fields are as old as its state; one naming another contract id is not this contract's
   * (a code is signed once), and the condition holds against a concurrent writer too.
   */
  async applySnapshot(snapshot: ContractSnapshot): Promise<ContractRecord | null> {
    const now = new Date().toISOString();
    const fields = Object.fromEntries(CONTRACT_SNAPSHOT_FIELDS.map((f) => [f, snapshot[f] ?? null])) as Pick<
      ContractRecord,
      (typeof CONTRACT_SNAPSHOT_FIELDS)[number]
    >;
    const row = await this.db
      .insertInto('contracts')
      .values({ ...fields, outContractCode: snapshot.outContractCode, version: 1, createdAt: now, updatedAt: now })
      .onConflict((oc) =>
        oc
          .column('outContractCode')
          .doUpdateSet((eb) => ({
            ...Object.fromEntries(CONTRACT_SNAPSHOT_FIELDS.map((f) => [f, reported(eb, f)])),
            version: eb('contracts.version', '+', 1),
            updatedAt: eb.ref('excluded.updatedAt'),
          }))
          .where((eb) =>
            eb.and([
              eb(stateRank(eb.ref('excluded.state')), '>=', stateRank(eb.ref('contracts.state'))),
              eb.or([eb('contracts.contractId', 'is', null), eb('contracts.contractId', '=', eb.ref('excluded.contractId'))]),
              eb.or(CONTRACT_SNAPSHOT_FIELDS.map((f) => eb(reported(eb, f), 'is distinct from', eb.ref(`contracts.${f}`)))),
            ]),
          ),
      )
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }
}
