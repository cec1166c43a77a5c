import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonOf } from '../src/error-reason.js';

test('an error with an empty message is said by its errors, or its code', () => {
  const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
  const both = Object.assign(new AggregateError([refused('::1:5999'), refused('127.0.0.1:5999')], ''), { code: 'ECONNREFUSED' });
  assert.equal(reasonOf(both), 'connect ECONNREFUSED ::1:5999; connect ECONNREFUSED 127.0.0.1:5999');
  assert.equal(reasonOf(Object.assign(new Error(''), { code: 'ENOENT' })), 'ENOENT');
  assert.equal(reasonOf(new Error('role "x" does not exist')), 'role "x" does not exist');
  assert.equal(reasonOf('plain'), 'plain');
});
