import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextFrame, SharedPayload } from '../../src/server/shared-frame-json.js';

describe('shared next frames', () => {
  it('are byte for byte what JSON.stringify of the graphql-ws frame gives, for any id', () => {
    const result = { data: { deductOrderUpdated: { outTradeNo: 'T1', orderState: 'PAY_SUCCESS', note: '信贷 "还款"\n\u2028' } } };
    const shared = new SharedPayload(result);
    for (const id of ['1', 'a4f0c2e1-8d1b-4c55-9f1e-1234567890ab', 'quote"and\\backslash', '还款', '']) {
      assert.equal(nextFrame(id, shared).toString('utf8'), JSON.stringify({ id, type: 'next', payload: result }));
    }
  });

  it('serializes the payload once however many frames are made from it', () => {
    let serialized = 0;
    const shared = new SharedPayload({ data: { x: { toJSON: () => (serialized++, 1) } } } as never);
    for (let i = 0; i < 100; i++) nextFrame(String(i), shared);
    assert.equal(serialized, 1);
  });
});
