import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { daysFromCivil } from '../../../src/datagen/types/calendar.js';
import {
  TIMESTAMP_MAX_DAY,
  TIMESTAMP_MIN_DAY,
  formatTimestamp,
  formatTimestamptz,
  timestampFamily,
  timestamptzLiteral,
  type TimestampValue,
} from '../../../src/datagen/types/timestamp.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(13), faker };
};
const S = 1_000_000;
const ts = (y: number, mo: number, d: number, h: number, mi: number, s: number, us = 0, offset = 0): TimestampValue => ({
  day: daysFromCivil(y, mo, d),
  usec: ((h * 60 + mi) * 60 + s) * S + us,
  offset,
});

test('timestamp canonical text matches the server', () => {
  assert.equal(formatTimestamp(ts(-4713, 11, 24, 0, 0, 0)), '4714-11-24 00:00:00 BC');
  assert.equal(formatTimestamp(ts(294276, 12, 31, 23, 59, 59, 999_999)), '294276-12-31 23:59:59.999999');
  assert.equal(formatTimestamp(ts(-43, 3, 15, 12, 0, 0, 500_000)), '0044-03-15 12:00:00.5 BC');
  assert.equal(formatTimestamp(ts(1970, 1, 1, 0, 0, 0)), '1970-01-01 00:00:00');
  assert.equal(formatTimestamp({ day: Infinity, usec: 0, offset: 0 }), 'infinity');
  assert.equal(formatTimestamp({ day: -Infinity, usec: 0, offset: 0 }), '-infinity');
});

test('timestamptz prints UTC with +00 before BC', () => {
  assert.equal(formatTimestamptz(ts(2024, 1, 1, 12, 0, 0, 123_456)), '2024-01-01 12:00:00.123456+00');
  assert.equal(formatTimestamptz(ts(-43, 3, 15, 17, 0, 0, 500_000)), '0044-03-15 17:00:00.5+00 BC');
  assert.equal(formatTimestamptz(ts(294276, 12, 31, 23, 59, 59, 999_999)), '294276-12-31 23:59:59.999999+00');
});

test('timestamptz literals are written in their own offset', () => {
  // Each literal below was read back by the server as the canonical text beside it.
  const cases: Array<[TimestampValue, string, string]> = [
    [ts(2024, 1, 1, 0, 0, 0, 0, 19800), '2024-01-01 05:30:00+05:30', '2024-01-01 00:00:00+00'],
    [ts(2000, 2, 29, 12, 0, 0, 0, -8 * 3600), '2000-02-29 04:00:00-08', '2000-02-29 12:00:00+00'],
    [ts(1999, 12, 31, 23, 59, 59, 999_999, -12615), '1999-12-31 20:29:44.999999-03:30:15', '1999-12-31 23:59:59.999999+00'],
    [ts(1, 1, 1, 0, 0, 0, 0, -5 * 3600), '0001-12-31 19:00:00-05 BC', '0001-01-01 00:00:00+00'],
    [ts(-4713, 11, 24, 0, 0, 0, 0, -57599), '4714-11-23 08:00:01-15:59:59 BC', '4714-11-24 00:00:00+00 BC'],
    [ts(294276, 12, 31, 23, 59, 59, 999_999, 57599), '294277-01-01 15:59:58.999999+15:59:59', '294276-12-31 23:59:59.999999+00'],
    [ts(2000, 1, 1, 0, 0, 0), '2000-01-01T00:00:00Z', '2000-01-01 00:00:00+00'],
  ];
  const t = timestampFamily.resolve(req('timestamptz'));
  for (const [v, literal, canonical] of cases) {
    assert.equal(timestamptzLiteral(v), literal);
    assert.equal(t.literal(v), literal);
    assert.equal(t.canonical(v), canonical);
  }
});

test('timestamp(p) rounding ties go up from 2000 and down before it', () => {
  // Server: '1999-01-01 12:00:00.125'::timestamp(2) = .12, '2001-01-01 12:00:00.125'::timestamp(2) = .13,
  // '0044-01-01 12:00:00.135 BC'::timestamp(2) = .13.
  const t = timestampFamily.resolve(req('timestamp', 2));
  assert.equal(t.sql, 'timestamp(2) without time zone');
  assert.equal(t.canonical(ts(1999, 1, 1, 12, 0, 0, 125_000)), '1999-01-01 12:00:00.12');
  assert.equal(t.canonical(ts(2001, 1, 1, 12, 0, 0, 125_000)), '2001-01-01 12:00:00.13');
  assert.equal(t.canonical(ts(-43, 1, 1, 12, 0, 0, 135_000)), '0044-01-01 12:00:00.13 BC');
  const t0 = timestampFamily.resolve(req('timestamptz', 0));
  assert.equal(t0.sql, 'timestamp(0) with time zone');
  assert.equal(t0.canonical(ts(2024, 12, 31, 23, 59, 59, 600_000)), '2025-01-01 00:00:00+00');
});

test('names, sql and edges', () => {
  assert.equal(timestampFamily.resolve(req('timestamp with time zone')).sql, 'timestamp with time zone');
  assert.equal(timestampFamily.resolve(req('timestamp without time zone')).sql, 'timestamp without time zone');
  const t = timestampFamily.resolve(req('timestamptz'));
  assert.equal(t.keyable, true);
  const edges = t.edges().map((e: TimestampValue) => t.canonical(e));
  assert.equal(new Set(edges).size, edges.length);
  for (const e of ['4714-11-24 00:00:00+00 BC', '294276-12-31 23:59:59.999999+00', 'infinity', '-infinity', '1970-01-01 00:00:00+00']) {
    assert.ok(edges.includes(e), e);
  }
  const e3 = timestampFamily.resolve(req('timestamp', 3));
  assert.ok(e3.edges().map((e: TimestampValue) => e3.canonical(e)).includes('294276-12-31 23:59:59.999'));
});

test('generated timestamps are deterministic and in range', () => {
  const t = timestampFamily.resolve(req('timestamptz', 3));
  const a = src();
  const b = src();
  let offsets = 0;
  for (let i = 0; i < 2000; i++) {
    const v = t.generate(a, undefined) as TimestampValue;
    assert.deepEqual(v, t.generate(b, undefined));
    assert.ok(v.day >= TIMESTAMP_MIN_DAY && v.day <= TIMESTAMP_MAX_DAY);
    assert.ok(v.usec >= 0 && v.usec < 86_400 * S && v.usec % 1000 === 0);
    if (v.offset !== 0) offsets++;
    assert.match(t.canonical(v), /^\d{4,6}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})?\+00( BC)?$/);
  }
  assert.ok(offsets > 500);
  const plain = timestampFamily.resolve(req('timestamp'));
  for (let i = 0; i < 200; i++) assert.equal((plain.generate(a, undefined) as TimestampValue).offset, 0);
});

test('bad requests throw TypeRequestError', () => {
  assert.throws(() => timestampFamily.resolve(req('timestamp', 7)), TypeRequestError);
  assert.throws(() => timestampFamily.resolve(req('timestamptz', 1, 2)), TypeRequestError);
  assert.throws(() => timestampFamily.resolve(req('datetime')), TypeRequestError);
});
