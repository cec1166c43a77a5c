import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, beijingDate, beijingDateTime, beijingDayEnd, isCalendarDate, reservationDateWindow } from '../../src/domain/beijing-date.js';

test('beijingDate turns over at 16:00 UTC (Beijing midnight)', () => {
  assert.equal(beijingDate(new Date('2026-11-28T15:59:59.999Z')), '2026-11-28');
  assert.equal(beijingDate(new Date('2026-11-28T16:00:00Z')), '2026-11-29');
  assert.equal(beijingDate(new Date('2026-11-28T16:30:00Z')), '2026-11-29');
  assert.equal(beijingDate(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
});

test('beijingDate does not depend on the process time zone', () => {
  const saved = process.env.TZ;
  try {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      assert.equal(beijingDate(new Date('2026-11-28T16:30:00Z')), '2026-11-29', tz);
    }
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('beijingDate and beijingDateTime throw on an invalid Date', () => {
  assert.throws(() => beijingDate(new Date('nope')), RangeError);
  assert.throws(() => beijingDateTime(new Date('nope')), RangeError);
});

test('beijingDateTime writes RFC 3339 with +08:00 and no milliseconds', () => {
  assert.equal(beijingDateTime(new Date('2025-12-02T05:29:35.987Z')), '2025-12-02T13:29:35+08:00');
  assert.equal(beijingDateTime(new Date('2026-11-28T16:30:00Z')), '2026-11-29T00:30:00+08:00');
  assert.match(beijingDateTime(new Date()), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
});

test('isCalendarDate accepts real dates, leap days included', () => {
  for (const good of ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30']) {
    assert.equal(isCalendarDate(good), true, good);
  }
});

test('isCalendarDate rejects impossible and unpadded dates and other shapes', () => {
  for (const bad of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-01-00',
    '2026-1-05', '2026-01-5', '26-01-05', '2026/01/05', '2026-01-05T00:00:00', ' 2026-01-05', '2026-01-05\n', '']) {
    assert.equal(isCalendarDate(bad), false, JSON.stringify(bad));
  }
});

test('addDays crosses month, year and leap-day boundaries', () => {
  assert.equal(addDays('2026-11-29', 1), '2026-11-30');
  assert.equal(addDays('2026-11-30', 1), '2026-12-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addDays('2026-11-29', 0), '2026-11-29');
  assert.equal(addDays('0050-01-01', 1), '0050-01-02');
});

test('addDays throws on a malformed date or a fractional day count', () => {
  assert.throws(() => addDays('2026-02-30', 1), RangeError);
  assert.throws(() => addDays('2026-02-01', 1.5), RangeError);
});

test('reservationDateWindow is D+1..D+14 in Beijing time', () => {
  // 2026-11-28T16:30Z is 2026-11-29 00:30 in Beijing.
  assert.deepEqual(reservationDateWindow(new Date('2026-11-28T16:30:00Z')), { first: '2026-11-30', last: '2026-12-13' });
  // One minute before Beijing midnight it is still the 28th.
  assert.deepEqual(reservationDateWindow(new Date('2026-11-28T15:59:00Z')), { first: '2026-11-29', last: '2026-12-12' });
});

test('beijingDayEnd is the next Beijing midnight: 16:00 UTC of the same date, across a year end', () => {
  assert.equal(beijingDayEnd('2026-12-05').toISOString(), '2026-12-05T16:00:00.000Z');
  assert.equal(beijingDayEnd('2026-12-31').toISOString(), '2026-12-31T16:00:00.000Z');
  assert.equal(beijingDate(new Date(beijingDayEnd('2026-12-31').getTime() - 1)), '2026-12-31');
  assert.equal(beijingDate(beijingDayEnd('2026-12-31')), '2027-01-01');
});
