import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { applySqlitePragmas, BUSY_TIMEOUT_MS, WAL_AUTOCHECKPOINT_PAGES } from '../../src/store/sqlite/sqlite-pragmas.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('SQLite connection settings', () => {
  const dir = suiteTempDir('sqlite-pragmas');

  it('WAL, FULL sync unless told NORMAL, a busy timeout, foreign keys, temporary tables in memory, and a safety-net auto-checkpoint', () => {
    const relaxed = new Database(join(dir(), 'relaxed.db'));
    try {
      applySqlitePragmas(relaxed, 'NORMAL');
      assert.equal(relaxed.pragma('synchronous', { simple: true }), 1); // NORMAL
    } finally {
      relaxed.close();
    }
    const database = new Database(join(dir(), 'settings.db'));
    try {
      applySqlitePragmas(database);
      assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(database.pragma('synchronous', { simple: true }), 2); // FULL
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
