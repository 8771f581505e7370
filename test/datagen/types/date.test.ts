import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { daysFromCivil } from '../../../src/datagen/types/calendar.js';
import { DATE_MAX_DAY, DATE_MIN_DAY, dateFamily, formatDate, formatDay } from '../../../src/datagen/types/date.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(5), faker };
};

// Pairs of (astronomical y, m, d) and what PostgreSQL 15 printed for them.
const SERVER: Array<[number, number, number, string]> = [
  [-4713, 11, 24, '4714-11-24 BC'],
  [5874897, 12, 31, '5874897-12-31'],
  [1, 1, 1, '0001-01-01'],
  [0, 12, 31, '0001-12-31 BC'],
  [0, 2, 29, '0001-02-29 BC'],
  [-43, 3, 15, '0044-03-15 BC'],
  [1970, 1, 1, '1970-01-01'],
  [2000, 2, 29, '2000-02-29'],
  [10000, 1, 1, '10000-01-01'],
];

test('canonical dates match the server', () => {
  const t = dateFamily.resolve(req('date'));
  for (const [y, m, d, text] of SERVER) {
    assert.equal(t.canonical(daysFromCivil(y, m, d)), text);
    assert.equal(t.literal(daysFromCivil(y, m, d)), text);
  }
  assert.equal(t.canonical(Infinity), 'infinity');
  assert.equal(t.canonical(-Infinity), '-infinity');
  assert.equal(formatDay(daysFromCivil(-43, 3, 15), ' 12:00:00+00'), '0044-03-15 12:00:00+00 BC');
});

test('edges hold the extremes and infinities', () => {
  const t = dateFamily.resolve(req('date'));
  assert.equal(t.sql, 'date');
  assert.equal(t.keyable, true);
  const edges = t.edges().map(formatDate);
  for (const e of ['4714-11-24 BC', '5874897-12-31', '0001-01-01', '0001-12-31 BC', '1970-01-01', '2000-02-29', 'infinity', '-infinity']) {
    assert.ok(edges.includes(e), e);
  }
});

test('generated dates are deterministic, in range and mostly recent', () => {
  const t = dateFamily.resolve(req('date'));
  const a = src();
  const b = src();
  let recent = 0;
  for (let i = 0; i < 2000; i++) {
    const v = t.generate(a, undefined);
    assert.equal(v, t.generate(b, undefined));
    assert.ok(Number.isInteger(v) && v >= DATE_MIN_DAY && v <= DATE_MAX_DAY);
    if (v >= daysFromCivil(1970, 1, 1) && v <= daysFromCivil(2035, 12, 31)) recent++;
    assert.match(t.canonical(v), /^\d{4,7}-\d\d-\d\d( BC)?$/);
  }
  assert.ok(recent > 1500);
});

test('bad requests throw TypeRequestError', () => {
  assert.throws(() => dateFamily.resolve(req('date', 3)), TypeRequestError);
  assert.throws(() => dateFamily.resolve(req('datetime')), TypeRequestError);
});
