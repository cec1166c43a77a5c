import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplateKinds } from '../../src/domain/template-kind.js';

test('parseTemplateKinds reads plan_id=KIND pairs', () => {
  const kinds = parseTemplateKinds('100001=CONSUMER_LOAN,100002=CASH_LOAN');
  assert.deepEqual([...kinds], [['100001', 'CONSUMER_LOAN'], ['100002', 'CASH_LOAN']]);
});

test('parseTemplateKinds ignores spaces around items', () => {
  const kinds = parseTemplateKinds(' 100001 = CONSUMER_LOAN , 100002=CASH_LOAN ');
  assert.equal(kinds.get('100001'), 'CONSUMER_LOAN');
  assert.equal(kinds.get('100002'), 'CASH_LOAN');
});

test('parseTemplateKinds gives an empty map for an empty or blank value', () => {
  assert.equal(parseTemplateKinds('').size, 0);
  assert.equal(parseTemplateKinds('   ').size, 0);
});

test('parseTemplateKinds rejects malformed items with a message naming the item', () => {
  for (const bad of ['100001', '100001=', '=CASH_LOAN', '100001=cash_loan', '100001=PAYDAY', '100001=CASH_LOAN,',
    '100001=CASH_LOAN,,100002=CASH_LOAN', '1 2=CASH_LOAN', 'a=b=CASH_LOAN', `${'9'.repeat(65)}=CASH_LOAN`]) {
    assert.throws(() => parseTemplateKinds(bad), /malformed template kind item .*CONSUMER_LOAN or CASH_LOAN/, bad);
  }
});

test('parseTemplateKinds rejects a plan_id given twice', () => {
  assert.throws(() => parseTemplateKinds('1=CASH_LOAN,1=CONSUMER_LOAN'), /plan_id 1 is given twice/);
});
