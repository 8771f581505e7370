import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { MAX_TZ_OFFSET, timeFamily, type TimeTzValue } from '../../../src/datagen/types/time.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(11), faker };
};
const S = 1_000_000;
const hms = (h: number, m: number, s: number, us = 0) => ((h * 60 + m) * 60 + s) * S + us;

test('time canonical text matches the server', () => {
  const t = timeFamily.resolve(req('time'));
  assert.equal(t.sql, 'time without time zone');
  assert.equal(t.canonical(hms(24, 0, 0)), '24:00:00');
  assert.equal(t.canonical(hms(23, 59, 59, 999_999)), '23:59:59.999999');
  assert.equal(t.canonical(hms(4, 5, 6, 789_000)), '04:05:06.789');
  assert.equal(t.canonical(0), '00:00:00');
  assert.equal(t.literal(hms(12, 0, 0, 1)), '12:00:00.000001');
});

test('time(p) rounds half up, up to 24:00:00', () => {
  // Server: '12:00:00.125'::time(2) = 12:00:00.13, '12:00:00.135'::time(2) = 12:00:00.14,
  // '12:00:00.5'::time(0) = 12:00:01, '23:59:59.99'::time(1) = 24:00:00.
  const t2 = timeFamily.resolve(req('time', 2));
  assert.equal(t2.sql, 'time(2) without time zone');
  assert.equal(t2.canonical(hms(12, 0, 0, 125_000)), '12:00:00.13');
  assert.equal(t2.canonical(hms(12, 0, 0, 135_000)), '12:00:00.14');
  assert.equal(timeFamily.resolve(req('time', 0)).canonical(hms(12, 0, 0, 500_000)), '12:00:01');
  assert.equal(timeFamily.resolve(req('time', 1)).canonical(hms(23, 59, 59, 990_000)), '24:00:00');
  const s = src();
  for (let i = 0; i < 1000; i++) assert.equal(t2.generate(s, undefined) % 10_000, 0);
});

test('timetz prints its own offset', () => {
  const t = timeFamily.resolve(req('timetz'));
  assert.equal(t.sql, 'time with time zone');
  assert.equal(timeFamily.resolve(req('time with time zone', 3)).sql, 'time(3) with time zone');
  const c = (usec: number, offset: number) => t.canonical({ usec, offset } satisfies TimeTzValue);
  assert.equal(c(hms(12, 0, 0), MAX_TZ_OFFSET), '12:00:00+15:59:59');
  assert.equal(c(hms(12, 0, 0), -MAX_TZ_OFFSET), '12:00:00-15:59:59');
  assert.equal(c(hms(12, 0, 0), 19800), '12:00:00+05:30');
  assert.equal(c(hms(12, 0, 0), -(3 * 3600 + 30 * 60 + 15)), '12:00:00-03:30:15');
  assert.equal(c(hms(24, 0, 0), 5 * 3600), '24:00:00+05');
  assert.equal(c(0, 0), '00:00:00+00');
});

test('generated timetz values stay in range and are deterministic', () => {
  const t = timeFamily.resolve(req('timetz'));
  const a = src();
  const b = src();
  for (let i = 0; i < 2000; i++) {
    const v = t.generate(a, undefined) as TimeTzValue;
    assert.deepEqual(v, t.generate(b, undefined));
    assert.ok(v.usec >= 0 && v.usec < 86_400 * S);
    assert.ok(Math.abs(v.offset) <= MAX_TZ_OFFSET);
    assert.match(t.canonical(v), /^\d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/);
  }
  const edges = t.edges().map((e: TimeTzValue) => t.canonical(e));
  assert.equal(new Set(edges).size, edges.length);
});

test('time edges are distinct at every precision', () => {
  for (let p = 0; p <= 6; p++) {
    const t = timeFamily.resolve(req('time', p));
    const edges = t.edges().map((e: number) => t.canonical(e));
    assert.equal(new Set(edges).size, edges.length);
    assert.ok(edges.includes('24:00:00'));
  }
});

test('bad requests throw TypeRequestError', () => {
  assert.throws(() => timeFamily.resolve(req('time', 7)), TypeRequestError);
  assert.throws(() => timeFamily.resolve(req('timetz', -1)), TypeRequestError);
  assert.throws(() => timeFamily.resolve(req('time', 1, 2)), TypeRequestError);
  assert.throws(() => timeFamily.resolve(req('time', 1.5)), TypeRequestError);
  assert.throws(() => timeFamily.resolve(req('clock')), TypeRequestError);
});
