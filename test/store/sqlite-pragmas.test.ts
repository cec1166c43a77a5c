import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { applySqlitePragmas, BUSY_TIMEOUT_MS } from '../../src/store/sqlite/sqlite-pragmas.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

describe('SQLite connection settings', () => {
  const dir = suiteTempDir('sqlite-pragmas');

  it('WAL, NORMAL sync, a busy timeout, foreign keys, and temporary tables in memory', () => {
    const database = new Database(join(dir(), 'settings.db'));
    try {
      applySqlitePragmas(database);
      assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(database.pragma('synchronous', { simple: true }), 1); // NORMAL
      assert.equal(database.pragma('busy_timeout', { simple: true }), BUSY_TIMEOUT_MS);
      assert.equal(database.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(database.pragma('temp_store', { simple: true }), 2); // MEMORY
    } finally {
      database.close();
    }
  });
});
