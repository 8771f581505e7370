import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { formatPoint, pointFamily } from '../../../src/datagen/types/point.js';

// Expected strings were read back from PostgreSQL 15 with extra_float_digits = 1.
test('formatPoint prints coordinates like float8', () => {
  assert.equal(formatPoint({ x: 1e-5, y: -0 }), '(1e-05,-0)');
  assert.equal(formatPoint({ x: NaN, y: Infinity }), '(NaN,Infinity)');
  assert.equal(formatPoint({ x: 1.5e300, y: 0.1 }), '(1.5e+300,0.1)');
  assert.equal(formatPoint({ x: 0.1 + 0.2, y: -1.5 }), '(0.30000000000000004,-1.5)');
});

test('point is not keyable and its literal is its canonical text', () => {
  const t = pointFamily.resolve({ base: 'point', args: [], arrayDims: 0 });
  assert.equal(t.keyable, false);
  const faker = new Faker({ locale: [en, base] });
  const s = { rng: new Rng(2), faker };
  for (let i = 0; i < 200; i++) {
    const p = t.generate(s, undefined);
    assert.equal(t.literal(p), t.canonical(p));
  }
  assert.ok(t.edges().map((p) => t.canonical(p)).includes('(NaN,NaN)'));
});

test('point takes no arguments', () => {
  assert.throws(() => pointFamily.resolve({ base: 'point', args: [1], arrayDims: 0 }), TypeRequestError);
});
