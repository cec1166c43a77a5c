import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import { DateTimeISO, LocalDate } from '../../src/graphql/date-time-scalar.js';

/** Our serializer against graphql-scalars' own, value by value: the same answer or the same refusal. */
function outcome(serialize: (value: unknown) => unknown, value: unknown): { value: unknown } | { error: string } {
  try {
    return { value: serialize(value) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('DateTimeISO', () => {
  it('keeps the graphql-scalars name, description and input parsing', () => {
    assert.equal(DateTimeISO.name, 'DateTimeISO');
    assert.equal(DateTimeISO.description, GraphQLDateTimeISO.description);
    assert.deepEqual(DateTimeISO.parseValue('2026-11-30T08:00:00+08:00'), GraphQLDateTimeISO.parseValue('2026-11-30T08:00:00+08:00'));
  });

  it('serializes every kind of value exactly as graphql-scalars does', () => {
    const values: unknown[] = [
      '2026-11-30T10:15:30.123Z', // what the store writes: the shortcut
      '2024-02-29T23:59:59.999Z', // leap day
      '2026-02-29T00:00:00.000Z', // no such day: Date.parse rolls it over
      '2026-02-30T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-11-30T24:00:00.000Z',
      '2026-11-30T23:60:00.000Z',
      '2026-12-31T23:59:60.000Z', // a leap second
      '1900-02-29T00:00:00.000Z', // not a leap year
      '2000-02-29T00:00:00.000Z', // a leap year
      '2026-04-31T00:00:00.000Z',
      '0999-01-01T00:00:00.000Z',
      '2026-11-30T10:15:30Z', // valid, not canonical: the general path
      '2026-11-30T18:15:30.5+08:00',
      '2026-11-30',
      'not a date',
      '',
      new Date('2026-11-30T10:15:30.123Z'),
      new Date(Number.NaN),
      1_764_496_530_123,
      null,
      { toISOString: () => '2026-11-30T10:15:30.123Z' },
    ];
    for (const value of values) {
      assert.deepEqual(outcome((v) => DateTimeISO.serialize(v), value), outcome((v) => GraphQLDateTimeISO.serialize(v), value), String(value));
    }
  });
});

describe('LocalDate', () => {
  it('keeps the graphql-scalars name, description and input parsing', () => {
    assert.equal(LocalDate.name, 'LocalDate');
    assert.equal(LocalDate.description, GraphQLLocalDate.description);
    for (const value of ['2026-12-01', '2026-02-30', 'x']) {
      assert.deepEqual(outcome((v) => LocalDate.parseValue(v), value), outcome((v) => GraphQLLocalDate.parseValue(v), value), value);
    }
  });

  it('serializes every kind of value exactly as graphql-scalars does', () => {
    const values: unknown[] = [
      '2026-12-01', // what the store writes: the shortcut
      '2024-02-29',
      '2026-02-29',
      '1900-02-29',
      '2000-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '0999-12-31',
      '0001-01-01',
      '2026-1-01',
      '2026-12-01T00:00:00.000Z',
      ' 2026-12-01',
      '',
      null,
      20261201,
      new Date('2026-12-01T00:00:00.000Z'),
    ];
    for (const value of values) {
      assert.deepEqual(outcome((v) => LocalDate.serialize(v), value), outcome((v) => GraphQLLocalDate.serialize(v), value), String(value));
    }
  });
});
