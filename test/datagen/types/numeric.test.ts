import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { formatNumeric, numericFamily } from '../../../src/datagen/types/numeric.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });

// Expected strings were read back from PostgreSQL 15.
test('formatNumeric keeps the written scale of unbounded values', () => {
  const cases: [string, string][] = [
    ['1.500', '1.500'],
    ['-1.500', '-1.500'],
    ['0.000', '0.000'],
    ['-0.00', '0.00'],
    ['-0', '0'],
    ['001.5', '1.5'],
    ['00012.3', '12.3'],
    ['-.5', '-0.5'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
  ];
  for (const [v, want] of cases) assert.equal(formatNumeric(v), want, v);
});

test('formatNumeric pads and rounds to the declared scale', () => {
  assert.equal(formatNumeric('1.5', 2), '1.50');
  assert.equal(formatNumeric('7', 2), '7.00');
  assert.equal(formatNumeric('1.005', 2), '1.01');
  assert.equal(formatNumeric('-1.005', 2), '-1.01');
  assert.equal(formatNumeric('0.004', 2), '0.00');
  assert.equal(formatNumeric('-0.004', 2), '0.00');
  assert.equal(formatNumeric('9.995', 2), '10.00');
  assert.equal(formatNumeric('.5', 0), '1');
  assert.equal(formatNumeric('-0.5', 0), '-1');
  assert.equal(formatNumeric('NaN', 2), 'NaN');
});

test('numeric(p,s) edges print exactly s decimals', () => {
  const t = numericFamily.resolve(req('numeric', 5, 2));
  assert.equal(t.sql, 'numeric(5,2)');
  const texts = t.edges().map((v) => t.canonical(v));
  for (const s of ['999.99', '-999.99', '0.00', '0.01', '-0.01', '1.00', '0.50', 'NaN']) assert.ok(texts.includes(s), s);
  assert.ok(!texts.includes('Infinity'), 'numeric(p,s) cannot hold infinity');

  const frac = numericFamily.resolve(req('decimal', 3, 3));
  assert.ok(frac.edges().map((v) => frac.canonical(v)).includes('0.999'));
  const whole = numericFamily.resolve(req('numeric', 5));
  assert.equal(whole.sql, 'numeric(5,0)');
  assert.deepEqual(whole.edges().map((v) => whole.canonical(v)).slice(0, 3), ['99999', '-99999', '0']);
});

test('unbounded numeric edges include specials, kept trailing zeros and long values', () => {
  const t = numericFamily.resolve(req('numeric'));
  assert.equal(t.sql, 'numeric');
  const texts = t.edges().map((v) => t.canonical(v));
  for (const s of ['NaN', 'Infinity', '-Infinity', '1.500', '0.00']) assert.ok(texts.includes(s), s);
  assert.ok(texts.some((s) => s.length > 60 && s.split('.')[1]!.length >= 30));
  assert.ok(texts.some((s) => s.length === 16385), 'largest scale');
});

test('generated bounded values fit their type', () => {
  const rng = new Rng(3);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  for (const [p, s] of [[5, 2], [12, 2], [3, 3], [60, 10], [1, 0]] as const) {
    const t = numericFamily.resolve(req('numeric', p, s));
    let wide = 0;
    for (let i = 0; i < 2000; i++) {
      const text = t.canonical(t.generate({ rng, faker }, undefined));
      const m = /^-?(\d+)\.?(\d*)$/.exec(text);
      assert.ok(m, text);
      assert.equal(m[2]!.length, s, text);
      assert.ok(m[1]!.replace(/^0+/, '').length <= p - s, `${text} overflows numeric(${p},${s})`);
      if (m[1]!.length + s > 38) wide++;
    }
    if (p > 38) assert.ok(wide > 100, 'numeric(p > 38) should often exceed 38 digits');
  }
});

test('unbounded numeric honours the width knob roughly', () => {
  const rng = new Rng(4);
  const faker = new Faker({ locale: [en, base] });
  const t = numericFamily.resolve(req('numeric'));
  for (let i = 0; i < 20; i++) {
    const digits = t.generate({ rng, faker }, { min: 2000, max: 3000 }).replace(/[^0-9]/g, '').length;
    assert.ok(digits >= 3900 && digits <= 6000, String(digits));
  }
});

test('bad arguments throw TypeRequestError', () => {
  for (const args of [[0], [1001], [5, 6], [5, -1], [5.5], [5, 2, 1]]) {
    assert.throws(() => numericFamily.resolve(req('numeric', ...args)), TypeRequestError, args.join(','));
  }
  assert.throws(() => numericFamily.resolve(req('numeric', 1001)), /1 to 1000/);
  assert.throws(() => numericFamily.resolve(req('numeric', 5, 6)), /0 to 5/);
});
