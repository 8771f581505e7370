import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { daysFromCivil } from '../../../src/datagen/types/calendar.js';
import type { TimestampValue } from '../../../src/datagen/types/timestamp.js';
import {
  formatInt4Range,
  formatTstzRange,
  rangeBoundText,
  rangeFamily,
  type RangeValue,
} from '../../../src/datagen/types/range.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(19), faker };
};
const r = <T>(lower: T | null, upper: T | null, lowerInc: boolean, upperInc: boolean): RangeValue<T> => ({
  lower,
  upper,
  lowerInc,
  upperInc,
});
const ri = (lower: number | null, upper: number | null, lowerInc: boolean, upperInc: boolean) =>
  r<number>(lower, upper, lowerInc, upperInc);
const rt = (lower: TimestampValue | null, upper: TimestampValue | null, lowerInc: boolean, upperInc: boolean) =>
  r<TimestampValue>(lower, upper, lowerInc, upperInc);
const at = (y: number, m: number, d: number, hours: number, offset = 0): TimestampValue => ({
  day: daysFromCivil(y, m, d),
  usec: hours * 3_600_000_000,
  offset,
});
const INF: TimestampValue = { day: Infinity, usec: 0, offset: 0 };
const NINF: TimestampValue = { day: -Infinity, usec: 0, offset: 0 };

test('int4range canonicalizes to [a,b) like the server', () => {
  const t = rangeFamily.resolve(req('int4range'));
  const cases: Array<[RangeValue<number>, string, string]> = [
    [ri(1, 5, true, true), '[1,5]', '[1,6)'],
    [ri(1, 2, false, false), '(1,2)', 'empty'],
    [ri(5, 5, true, true), '[5,5]', '[5,6)'],
    [ri(3, 3, true, false), '[3,3)', 'empty'],
    [ri(-2147483648, 0, false, true), '(-2147483648,0]', '[-2147483647,1)'],
    [ri(null, 5, true, false), '[,5)', '(,5)'],
    [ri(null, null, false, false), '(,)', '(,)'],
    [ri(2147483646, 2147483647, false, false), '(2147483646,2147483647)', 'empty'],
    [ri(2147483646, null, false, false), '(2147483646,)', '[2147483647,)'],
    ['empty', 'empty', 'empty'],
  ];
  for (const [v, literal, canonical] of cases) {
    assert.equal(t.literal(v), literal);
    assert.equal(t.canonical(v), canonical);
    assert.equal(formatInt4Range(v), canonical);
  }
});

test('tstzrange prints UTC bounds, quoted, keeping inclusivity', () => {
  const t = rangeFamily.resolve(req('tstzrange'));
  const cases: Array<[RangeValue<TimestampValue>, string, string]> = [
    [rt(NINF, INF, true, true), '[-infinity,infinity]', '[-infinity,infinity]'],
    [
      rt(at(2024, 1, 1, 0, 19800), at(2024, 1, 1, 0), true, true),
      '["2024-01-01 05:30:00+05:30","2024-01-01 00:00:00+00"]',
      '["2024-01-01 00:00:00+00","2024-01-01 00:00:00+00"]',
    ],
    [rt(at(2024, 1, 1, 0, 19800), at(2024, 1, 1, 0), true, false), '["2024-01-01 05:30:00+05:30","2024-01-01 00:00:00+00")', 'empty'],
    [rt(null, at(-43, 3, 15, 12), true, false), '[,"0044-03-15 12:00:00+00 BC")', '(,"0044-03-15 12:00:00+00 BC")'],
    [rt(at(2024, 1, 1, 0, -8 * 3600), null, false, false), '("2023-12-31 16:00:00-08",)', '("2024-01-01 00:00:00+00",)'],
    [
      rt(at(2024, 1, 1, 0), at(2024, 2, 1, 0), true, false),
      '["2024-01-01 00:00:00+00","2024-02-01 00:00:00+00")',
      '["2024-01-01 00:00:00+00","2024-02-01 00:00:00+00")',
    ],
  ];
  for (const [v, literal, canonical] of cases) {
    assert.equal(t.literal(v), literal);
    assert.equal(t.canonical(v), canonical);
    assert.equal(formatTstzRange(v), canonical);
  }
});

test('range bounds are quoted as range_out does', () => {
  assert.equal(rangeBoundText('42'), '42');
  assert.equal(rangeBoundText('infinity'), 'infinity');
  assert.equal(rangeBoundText('a b'), '"a b"');
  assert.equal(rangeBoundText(''), '""');
  assert.equal(rangeBoundText('say "hi"\\'), '"say ""hi""\\\\"');
});

test('generated ranges are deterministic and well ordered', () => {
  for (const name of ['int4range', 'tstzrange']) {
    const t = rangeFamily.resolve(req(name));
    assert.equal(t.sql, name);
    assert.equal(t.keyable, true);
    const a = src();
    const b = src();
    for (let i = 0; i < 2000; i++) {
      const v = t.generate(a, undefined);
      assert.deepEqual(v, t.generate(b, undefined));
      if (v !== 'empty' && v.lower !== null && v.upper !== null) {
        const lo = typeof v.lower === 'number' ? v.lower : v.lower.day * 86_400_000_000 + v.lower.usec;
        const hi = typeof v.upper === 'number' ? v.upper : v.upper.day * 86_400_000_000 + v.upper.usec;
        assert.ok(!(lo > hi), `${t.literal(v)}`);
      }
      assert.match(t.canonical(v), /^(empty|[[(].*,.*[\])])$/);
    }
    const edges = t.edges().map((e: unknown) => t.canonical(e));
    assert.equal(new Set(edges).size, edges.length);
  }
});

test('bad requests throw TypeRequestError', () => {
  assert.throws(() => rangeFamily.resolve(req('int4range', 1)), TypeRequestError);
  assert.throws(() => rangeFamily.resolve(req('daterange')), TypeRequestError);
});
