import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import {
  formatInterval,
  intervalFamily,
  intervalLiteral,
  intervalSpan,
  roundIntervalMicros,
  type IntervalValue,
} from '../../../src/datagen/types/interval.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(17), faker };
};
const S = 1_000_000n;
const H = 3600n * S;
const iv = (months: number, days: number, micros: bigint): IntervalValue => ({ months, days, micros });
const I32_MAX = 2147483647;
const I32_MIN = -2147483648;
const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

test('postgres-style canonical text matches the server', () => {
  const cases: Array<[IntervalValue, string]> = [
    [iv(14, 3, 4n * H + 5n * 60n * S + 6_789_000n), '1 year 2 mons 3 days 04:05:06.789'],
    [iv(0, -1, 2n * H + 3n * 60n * S), '-1 days +02:03:00'],
    [iv(0, 0, 0n), '00:00:00'],
    [iv(0, 0, -S), '-00:00:01'],
    [iv(1, 0, 0n), '1 mon'],
    [iv(11, 0, 0n), '11 mons'],
    [iv(12, 0, 0n), '1 year'],
    [iv(-27, 0, 0n), '-2 years -3 mons'],
    [iv(0, 0, 123n * H), '123:00:00'],
    [iv(1, -1, 0n), '1 mon -1 days'],
    [iv(-1, 1, -S), '-1 mons +1 day -00:00:01'],
    [iv(-1, -1, S), '-1 mons -1 days +00:00:01'],
    [iv(-1, -2, -3n), '-1 mons -2 days -00:00:00.000003'],
    [iv(0, 30, 0n), '30 days'],
    [iv(I32_MAX, I32_MAX, I64_MAX), '178956970 years 7 mons 2147483647 days 2562047788:00:54.775807'],
    [iv(I32_MIN, I32_MIN, I64_MIN), '-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808'],
    [iv(I32_MIN, I32_MAX, I64_MAX), '-178956970 years -8 mons +2147483647 days 2562047788:00:54.775807'],
  ];
  for (const [v, text] of cases) assert.equal(formatInterval(v), text);
});

test('literals use three input styles, all accepted by the server', () => {
  assert.equal(intervalLiteral(iv(14, 3, 4n * H + 5n * 60n * S + 6_789_000n)), '1 year 2 mons 3 days 04:05:06.789');
  assert.equal(intervalLiteral(iv(0, 30, 0n)), 'P30D');
  assert.equal(intervalLiteral(iv(0, -1, 2n * H + 3n * 60n * S)), '@ -1 days 2 hours 3 mins');
  assert.equal(intervalLiteral(iv(0, -1, -2n * H - 500_000n)), '@ 1 day 2 hours 0.5 secs ago');
  assert.equal(intervalLiteral(iv(I32_MAX, I32_MAX, I64_MAX)), 'P178956970Y7M2147483647DT2562047788H54.775807S');
  // The server rejects '-2562047788:00:54.775808', so the int64 minimum goes in as microseconds.
  assert.equal(intervalLiteral(iv(0, 0, I64_MIN)), '0 mons 0 days -9223372036854775808 microseconds');
});

test('interval(p) rounds half away from zero and wraps like PostgreSQL 15 at the int64 ends', () => {
  const t = intervalFamily.resolve(req('interval', 2));
  assert.equal(t.sql, 'interval(2)');
  assert.equal(t.canonical(iv(0, 0, 125_000n)), '00:00:00.13');
  assert.equal(t.canonical(iv(0, 0, -125_000n)), '-00:00:00.13');
  assert.equal(t.canonical(iv(0, 0, -135_000n)), '-00:00:00.14');
  assert.equal(t.canonical(iv(0, 0, I64_MAX)), '-2562047788:00:54.77');
  assert.equal(t.canonical(iv(0, 0, I64_MIN)), '2562047788:00:54.77');
  assert.equal(roundIntervalMicros(1_500_000n, 1_000_000n), 2_000_000n);
  assert.equal(roundIntervalMicros(-1_500_000n, 1_000_000n), -2_000_000n);
  const s = src();
  for (let i = 0; i < 2000; i++) assert.equal((t.generate(s, undefined) as IntervalValue).micros % 10_000n, 0n);
});

test('btree span makes 1 mon, 30 days and 720 hours equal', () => {
  assert.equal(intervalSpan(iv(1, 0, 0n)), intervalSpan(iv(0, 30, 0n)));
  assert.equal(intervalSpan(iv(0, 30, 0n)), intervalSpan(iv(0, 0, 720n * H)));
  assert.notEqual(formatInterval(iv(1, 0, 0n)), formatInterval(iv(0, 30, 0n)));
});

test('generated intervals are deterministic and within the fields', () => {
  const t = intervalFamily.resolve(req('interval'));
  assert.equal(t.sql, 'interval');
  assert.equal(t.keyable, true);
  const a = src();
  const b = src();
  for (let i = 0; i < 3000; i++) {
    const v = t.generate(a, undefined) as IntervalValue;
    assert.deepEqual(v, t.generate(b, undefined));
    assert.ok(Number.isInteger(v.months) && v.months >= I32_MIN && v.months <= I32_MAX);
    assert.ok(Number.isInteger(v.days) && v.days >= I32_MIN && v.days <= I32_MAX);
    assert.ok(v.micros >= I64_MIN && v.micros <= I64_MAX);
  }
  for (let p = 0; p <= 6; p++) {
    const tp = intervalFamily.resolve(req('interval', p));
    const edges = tp.edges().map((e: IntervalValue) => tp.canonical(e));
    assert.equal(new Set(edges).size, edges.length);
    assert.ok(edges.includes('00:00:00'));
  }
});

test('bad requests throw TypeRequestError', () => {
  assert.throws(() => intervalFamily.resolve(req('interval', 7)), TypeRequestError);
  assert.throws(() => intervalFamily.resolve(req('interval', 1, 2)), TypeRequestError);
  assert.throws(() => intervalFamily.resolve(req('duration')), TypeRequestError);
});
