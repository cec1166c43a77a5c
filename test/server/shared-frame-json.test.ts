import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextFrame, nextWireFrame, SharedPayload } from '../../src/server/shared-frame-json.js';

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

  it('carry a WebSocket text frame header (RFC 6455) for every payload length class', () => {
    for (const size of [10, 100, 1_000, 70_000]) {
      const payload = new SharedPayload({ data: { x: 'y'.repeat(size) } });
      const frame = nextWireFrame('s1', payload);
      const message = Buffer.from(JSON.stringify({ id: 's1', type: 'next', payload: payload.payload }));
      assert.equal(frame[0], 0x81, 'FIN + text');
      const [headerLength, length] =
        frame[1] < 126 ? [2, frame[1]] : frame[1] === 126 ? [4, frame.readUInt16BE(2)] : [10, Number(frame.readBigUInt64BE(2))];
      assert.equal(length, message.length);
      assert.ok(headerLength === 2 ? length < 126 : headerLength === 4 ? length >= 126 && length < 65_536 : length >= 65_536);
      assert.deepEqual(frame.subarray(headerLength), message);
    }
  });
});
