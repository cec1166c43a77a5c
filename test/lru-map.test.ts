import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruMap } from '../src/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry beyond its capacity; get and set make an entry recent', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.get('a'), 1); // now b is the least recently used
    map.set('c', 3);
    assert.deepEqual([map.has('a'), map.has('b'), map.has('c')], [true, false, true]);
    map.set('a', 10); // a again most recent: c goes next
    map.set('d', 4);
    assert.deepEqual([map.get('a'), map.has('c'), map.get('d')], [10, false, 4]);
    assert.equal(map.size, 2);
  });

  it('has() leaves the order alone, and clear() empties it', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    assert.equal(map.has('a'), true);
    map.set('c', 3);
    assert.equal(map.has('a'), false, 'has() did not make a recent');
    map.clear();
    assert.equal(map.size, 0);
  });

  it('delete() removes one entry; drain() hands over every entry, least recently used first, and empties it', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    assert.equal(map.delete('b'), true);
    assert.equal(map.delete('b'), false);
    map.get('a');
    assert.deepEqual(map.drain(), [
      ['c', 3],
      ['a', 1],
    ]);
    assert.equal(map.size, 0);
  });

  it('keeps the total weight within maxWeight, least recently used out first; a value set again is weighed again', () => {
    const map = new LruMap<string, number[]>(10, { weigh: (value) => value.length, maxWeight: 5 });
    map.set('a', [1, 1]);
    map.set('b', [2, 2]);
    assert.equal(map.totalWeight, 4);
    map.get('a'); // b is now the least recently used
    map.set('c', [3, 3]);
    assert.deepEqual([map.has('a'), map.has('b'), map.has('c')], [true, false, true]);
    assert.equal(map.totalWeight, 4);
    const a = map.get('a')!;
    a.push(1, 1);
    map.set('a', a); // 4 + 2 > 5: c goes
    assert.deepEqual([map.has('a'), map.has('c'), map.totalWeight], [true, false, 4]);
    map.set('huge', [9, 9, 9, 9, 9, 9]); // heavier than the limit alone: nothing stays
    assert.deepEqual([map.size, map.totalWeight], [0, 0]);
    map.set('d', [4]);
    map.delete('d');
    assert.equal(map.totalWeight, 0);
  });

  it('refuses a capacity below one', () => {
    assert.throws(() => new LruMap(0), RangeError);
    assert.throws(() => new LruMap(1.5), RangeError);
  });
});
