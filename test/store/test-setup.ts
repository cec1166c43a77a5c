/**
 * One suite, every dialect (as kysely's test/node/src/test-setup.ts): SQLite in a temp directory
 * always, PostgreSQL when TEST_DATABASE_URL is set, each run in its own schema dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from '../../src/store/migrations/migration-provider.js';
import { createStore } from '../../src/store/create-store.js';
import { sqlitePathFromUrl } from '../../src/store/sqlite/sqlite-url.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import type { NewDeductOrder, NewReservation, ContractSnapshot, NewPresignedContract, Store } from '../../src/store/store.js';

export type DialectName = 'sqlite' | 'postgres';

export const DIALECTS: readonly DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  readonly dialect: DialectName;
  /** A URL naming a database nobody else uses. */
  readonly url: string;
  /** Raw SQL beside the store (PostgreSQL only), for what the port cannot do on purpose. */
  readonly schema: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'store-test-'));
    return {
      dialect,
      // A missing parent directory: the store must create it.
      url: `file:${join(dir, 'nested', 'store.db')}`,
      schema: undefined,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    dialect,
    url: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    schema,
    drop: async () => {
      await withPgClient((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

/**
 * A fresh database and store for the suite this is called in: made before its tests (then `use`
 * gets them, and may set up more), closed and dropped after them.
 */
export function storePerSuite(dialect: DialectName, use: (suite: { store: Store; database: TestDatabase }) => void | Promise<void>): void {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  before(async () => {
    database = await createTestDatabase(dialect);
    store = await createStore(database.url);
    await use({ store, database });
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });
}

/** A fresh PostgreSQL schema (as `createTestDatabase`) reached through a TCP proxy the test can cut, stall or silence. */
export async function proxiedPostgres(): Promise<{ database: TestDatabase; proxy: TcpProxy; url: string }> {
  const database = await createTestDatabase('postgres');
  const real = new URL(database.url);
  const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
  const proxied = new URL(database.url);
  proxied.host = `127.0.0.1:${proxy.port}`;
  return { database, proxy, url: proxied.toString() };
}

/**
 * Runs the migrations' `down` back to (and keeping) `name`, as the store's migrator would have left
 * the database then: a later `createStore` applies the rest again. The store must be closed.
 */
export async function migrateTestDatabaseDownTo(database: TestDatabase, name: string): Promise<void> {
  const dialect =
    database.dialect === 'sqlite'
      ? new SqliteDialect({ database: new Database(sqlitePathFromUrl(database.url)) })
      : new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, options: `-c search_path=${database.schema}` }) });
  const db = new Kysely<unknown>({ dialect });
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider, migrationTableSchema: database.schema }).migrateTo(name);
    if (error !== undefined) throw error;
  } finally {
    await db.destroy();
  }
}

export async function withPgClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one statement with the dialect's own placeholders (`?` or `$1`); rows for a query, [] otherwise. */
export type RawSql = (text: string, parameters?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * A second connection beside the store, for what the port cannot do on purpose (backdating rows,
 * EXPLAIN). SQLite in WAL mode lets it read and write while the store keeps its file open.
 */
export async function withRawSql<T>(database: TestDatabase, work: (run: RawSql) => Promise<T>): Promise<T> {
  if (database.dialect === 'sqlite') {
    const raw = new Database(sqlitePathFromUrl(database.url));
    try {
      return await work(async (text, parameters = []) => {
        const statement = raw.prepare(text);
        if (statement.reader) return statement.all(...parameters) as Record<string, unknown>[];
        statement.run(...parameters);
        return [];
      });
    } finally {
      raw.close();
    }
  }
  return withPgClient(async (client) => {
    await client.query(`set search_path to ${database.schema}`);
    return work(async (text, parameters = []) => (await client.query(text, [...parameters])).rows);
  });
}

let sequence = 0;
/** Ids unique within the run, so tests sharing one database do not collide. */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence.toString().padStart(4, '0')}`;
}

export function newReservation(overrides: Partial<NewReservation> = {}): NewReservation {
  return {
    outRecordId: uniqueId('R'),
    contractId: uniqueId('C'),
    appid: 'wx_app',
    openid: 'o_user',
    subMchid: '1900000109',
    subAppid: null,
    repaymentAmount: 10_000,
    minRepaymentAmount: 5_000,
    repaymentDate: '2030-01-15',
    requestedBy: 'staff-1',
    ...overrides,
  };
}

export function newDeductOrder(overrides: Partial<NewDeductOrder> = {}): NewDeductOrder {
  return {
    outTradeNo: uniqueId('T'),
    contractId: uniqueId('C'),
    outRecordId: uniqueId('R'),
    deductAmount: 10_000,
    description: 'credit card repayment',
    attach: null,
    notifyUrl: 'https://example.com/notify',
    appid: 'wx_app',
    subAppid: null,
    openid: 'o_user',
    requestedBy: 'staff-1',
    ...overrides,
  };
}

export function presignedContract(overrides: Partial<NewPresignedContract> = {}): NewPresignedContract {
  return {
    outContractCode: uniqueId('OC'),
    planId: 'plan-1',
    appid: 'wx_app',
    displayName: '*三',
    repaymentAmountLimit: 500_000,
    repaymentDay: 15,
    ...overrides,
  };
}

export function contractSnapshot(overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  return {
    outContractCode: uniqueId('OC'),
    contractId: uniqueId('C'),
    planId: 'plan-1',
    appid: 'wx_app',
    openid: 'o_user',
    displayName: '*三',
    state: 'EFFECTIVE',
    repaymentAmountLimit: 500_000,
    repaymentDay: 15,
    signedAt: '2030-01-01T00:00:00.000Z',
    terminatedAt: null,
    terminationMode: null,
    terminationRemark: null,
    ...overrides,
  };
}
