import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { floatFamily, formatFloat4, formatFloat8 } from '../../../src/datagen/types/float.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });

// Expected strings were read back from PostgreSQL 15 with extra_float_digits = 1.
test('formatFloat8 matches float8 output', () => {
  const cases: [number, string][] = [
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'],
    [1e14, '100000000000000'],
    [999999999999999, '999999999999999'],
    [1e15, '1e+15'],
    [123456789012345.6, '123456789012345.6'],
    [Number.MAX_SAFE_INTEGER, '9.007199254740991e+15'],
    [1.5e20, '1.5e+20'],
    [1e100, '1e+100'],
    [1e-100, '1e-100'],
    [100, '100'],
    [-1.5, '-1.5'],
    [0, '0'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.MIN_VALUE, '5e-324'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [2.225073858507201e-308, '2.225073858507201e-308'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [2 ** 63, '9.223372036854776e+18'],
    // Rounding bounds are excluded: one digit more than JavaScript's shortest text.
    [43504635151475664, '4.3504635151475664e+16'],
    [-68659681752636816, '-6.8659681752636816e+16'],
    [181705388398854.62, '181705388398854.62'],
  ];
  for (const [x, want] of cases) assert.equal(formatFloat8(x), want, `float8 ${x}`);
});

test('formatFloat4 matches real output', () => {
  const cases: [number, string][] = [
    [3.4028235e38, '3.4028235e+38'],
    [-3.4028235e38, '-3.4028235e+38'],
    [1.1754944e-38, '1.1754944e-38'],
    [1.1754942e-38, '1.1754942e-38'],
    [1e-45, '1e-45'],
    [1.1920929e-7, '1.1920929e-07'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [999999, '999999'],
    [123456.7, '123456.7'],
    [1e6, '1e+06'],
    [1.5e20, '1.5e+20'],
    [16777216, '1.6777216e+07'],
    [244155008, '2.4415501e+08'],
    [121636864, '1.21636864e+08'],
    [0.1, '0.1'],
    [1 / 3, '0.33333334'],
    [Math.PI, '3.1415927'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ];
  for (const [x, want] of cases) assert.equal(formatFloat4(x), want, `float4 ${x}`);
});

test('type names resolve to real or double precision', () => {
  for (const b of ['real', 'float4']) assert.equal(floatFamily.resolve(req(b)).sql, 'real');
  for (const b of ['double precision', 'double', 'float8', 'float']) assert.equal(floatFamily.resolve(req(b)).sql, 'double precision');
  assert.equal(floatFamily.resolve(req('float', 24)).sql, 'real');
  assert.equal(floatFamily.resolve(req('float', 25)).sql, 'double precision');
  assert.equal(floatFamily.resolve(req('real')).keyable, true);
});

test('bad arguments throw TypeRequestError', () => {
  assert.throws(() => floatFamily.resolve(req('real', 4)), TypeRequestError);
  assert.throws(() => floatFamily.resolve(req('double precision', 53)), TypeRequestError);
  assert.throws(() => floatFamily.resolve(req('float', 0)), TypeRequestError);
  assert.throws(() => floatFamily.resolve(req('float', 54)), /1 to 53/);
});

test('edges include the special values', () => {
  for (const b of ['real', 'double precision']) {
    const t = floatFamily.resolve(req(b));
    const texts = t.edges().map((v) => t.canonical(v));
    for (const s of ['NaN', 'Infinity', '-Infinity', '-0', '0']) assert.ok(texts.includes(s), `${b} edges lack ${s}`);
    assert.ok(texts.includes(b === 'real' ? '3.4028235e+38' : '1.7976931348623157e+308'));
  }
});

test('generated reals are float4 values and literals read back to the same value', () => {
  const rng = new Rng(7);
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  for (const b of ['real', 'double precision']) {
    const t = floatFamily.resolve(req(b));
    for (let i = 0; i < 2000; i++) {
      const v = t.generate({ rng, faker }, undefined);
      assert.ok(Number.isFinite(v));
      const back = Number(t.literal(v));
      assert.ok(Object.is(b === 'real' ? Math.fround(back) : back, v), `${b} ${v} -> ${t.literal(v)}`);
      if (b === 'real') assert.ok(Object.is(Math.fround(v), v));
    }
  }
});
