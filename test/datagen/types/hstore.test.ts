import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import type { ResolvedType } from '../../../src/datagen/types/type-family.js';
import { HSTORE_EXTENSION, hstoreCanonical, hstoreFamily, hstoreLiteral, type HstoreValue } from '../../../src/datagen/types/hstore.js';

const t = hstoreFamily.resolve({ base: 'hstore', args: [], arrayDims: 0 }) as ResolvedType<HstoreValue>;
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(4);
  return { rng: new Rng(4), faker };
};

// Expected strings below are what PostgreSQL 15 printed for the same input text.

test('pairs sorted by key byte length, then bytewise', () => {
  const v: HstoreValue = { pairs: [['aaa', '3'], ['bb', '2'], ['c', '1'], ['é', '4'], ['z', '5'], ['', 'empty key']], style: 0 };
  assert.equal(hstoreCanonical(v), '""=>"empty key", "c"=>"1", "z"=>"5", "bb"=>"2", "é"=>"4", "aaa"=>"3"');
});

test('a repeated key keeps its first value in short hstores', () => {
  const v: HstoreValue = { pairs: [['a', '1'], ['a', '2'], ['b', null], ['b', 'x']], style: 1 };
  assert.equal(hstoreLiteral(v), 'a=>1,a=>2,b=>null,b=>x');
  assert.equal(hstoreCanonical(v), '"a"=>"1", "b"=>NULL');
});

test('quoting, escaping, NULL versus the string NULL, empty hstore', () => {
  assert.equal(hstoreCanonical({ pairs: [['say "hi"', 'back\\slash']], style: 0 }), '"say \\"hi\\""=>"back\\\\slash"');
  assert.equal(hstoreCanonical({ pairs: [['a', 'NULL'], ['b', 'null'], ['c', null]], style: 0 }), '"a"=>"NULL", "b"=>"null", "c"=>NULL');
  assert.equal(hstoreLiteral({ pairs: [['a', 'NULL'], ['c', null]], style: 1 }), 'a=>"NULL",c=>null');
  assert.equal(hstoreCanonical({ pairs: [], style: 0 }), '');
  assert.equal(hstoreLiteral({ pairs: [], style: 2 }), '');
});

test('setup and keyability', () => {
  assert.deepEqual(t.setup, [HSTORE_EXTENSION]);
  assert.equal(HSTORE_EXTENSION.createSql, 'CREATE EXTENSION IF NOT EXISTS hstore');
  assert.equal(t.keyable, true);
});

test('generated values repeat keys only when fewer than 7 pairs', () => {
  const s = src();
  let repeats = 0;
  for (let i = 0; i < 3000; i++) {
    const v = t.generate(s, undefined);
    const keys = new Set(v.pairs.map(([k]) => k));
    if (keys.size < v.pairs.length) {
      repeats++;
      assert.ok(v.pairs.length < 7);
    }
  }
  assert.ok(repeats > 10);
});

test('width knob: exact canonical size', () => {
  const s = src();
  for (const w of [2_500, 400_000]) assert.equal(Buffer.byteLength(t.canonical(t.generate(s, { min: w, max: w }))), w);
});
