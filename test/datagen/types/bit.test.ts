import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { bitFamily } from '../../../src/datagen/types/bit.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(9), faker };
};

test('bit without a length is bit(1)', () => {
  const t = bitFamily.resolve(req('bit'));
  assert.equal(t.sql, 'bit(1)');
  assert.deepEqual(t.edges(), ['0', '1']);
});

test('bit(n) values always have n bits', () => {
  const t = bitFamily.resolve(req('bit', 7));
  assert.equal(t.sql, 'bit(7)');
  assert.ok(t.edges().includes('0000000') && t.edges().includes('1111111'));
  const s = src();
  for (let i = 0; i < 500; i++) assert.match(t.generate(s, { min: 100, max: 200 }), /^[01]{7}$/);
});

test('varbit edges and lengths', () => {
  for (const name of ['varbit', 'bit varying']) {
    const t = bitFamily.resolve(req(name, 5));
    assert.equal(t.sql, 'bit varying(5)');
    assert.deepEqual(t.edges().slice(0, 5), ['', '0', '1', '00000', '11111']);
    const s = src();
    for (let i = 0; i < 500; i++) assert.match(t.generate(s, undefined), /^[01]{0,5}$/);
    assert.equal(t.canonical('101'), '101');
  }
  const unbounded = bitFamily.resolve(req('varbit'));
  assert.equal(unbounded.sql, 'bit varying');
  assert.ok(unbounded.edges().includes(''));
  const wide = unbounded.generate(src(), { min: 1000, max: 1000 });
  assert.equal(wide.length, (1000 - 8) * 8);
});

test('bad lengths throw TypeRequestError', () => {
  assert.throws(() => bitFamily.resolve(req('bit', 0)), TypeRequestError);
  assert.throws(() => bitFamily.resolve(req('varbit', 83886081)), /1 to 83886080/);
  assert.throws(() => bitFamily.resolve(req('bit', 3, 4)), TypeRequestError);
  assert.throws(() => bitFamily.resolve(req('bits')), TypeRequestError);
});
