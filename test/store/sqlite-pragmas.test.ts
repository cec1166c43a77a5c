import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { applySqlitePragmas, BUSY_TIMEOUT_MS, WAL_AUTOCHECKPOINT_PAGES } from '../../src/store/sqlite/sqlite-pragmas.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('SQLite connection settings', () => {
  const dir = suiteTempDir('sqlite-pragmas');

  it('WAL, NORMAL sync (the store flushes the WAL itself) unless told FULL, a busy timeout, foreign keys, temporary tables in memory, and a safety-net auto-checkpoint', () => {
    for (const [mode, level] of [['FULL', 2], ['NORMAL', 1], ['OFF_LOOP', 1]] as const) {
      const other = new Database(join(dir(), `${mode}.db`));
      try {
        applySqlitePragmas(other, mode);
        assert.equal(other.pragma('synchronous', { simple: true }), level, mode);
      } finally {
        other.close();
      }
    }
    const database = new Database(join(dir(), 'settings.db'));
    try {
      applySqlitePragmas(database);
      assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(database.pragma('synchronous', { simple: true }), 1); // NORMAL: OFF_LOOP by default
      assert.equal(database.pragma('busy_timeout', { simple: true }), BUSY_TIMEOUT_MS);
      assert.equal(database.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(database.pragma('temp_store', { simple: true }), 2); // MEMORY
      // Larger than SQLite's 1,000 (the worker checkpoints first), but never off.
      assert.equal(database.pragma('wal_autocheckpoint', { simple: true }), WAL_AUTOCHECKPOINT_PAGES);
    } finally {
      database.close();
    }
  });
});
