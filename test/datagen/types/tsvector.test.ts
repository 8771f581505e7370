import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import type { ResolvedType } from '../../../src/datagen/types/type-family.js';
import {
  tsvectorCanonical,
  tsvectorFamily,
  tsvectorLiteral,
  type TsPosition,
  type TsVectorValue,
  type TsWeight,
} from '../../../src/datagen/types/tsvector.js';

const t = tsvectorFamily.resolve({ base: 'tsvector', args: [], arrayDims: 0 }) as ResolvedType<TsVectorValue>;
const p = (pos: number, weight: TsWeight = 'D'): TsPosition => ({ pos, weight });
const one = (lexeme: string, ...positions: TsPosition[]): TsVectorValue => ({ entries: [{ lexeme, positions }], style: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(3);
  return { rng: new Rng(3), faker };
};

// Expected strings below are what PostgreSQL 15 printed for the same input text.

test('lexemes merged and sorted, positions merged and sorted', () => {
  const v: TsVectorValue = {
    entries: [
      { lexeme: 'b', positions: [p(2), p(1, 'A')] },
      { lexeme: 'c', positions: [] },
      { lexeme: 'a', positions: [p(3, 'B')] },
      { lexeme: 'a', positions: [p(1)] },
    ],
    style: 0,
  };
  assert.equal(tsvectorLiteral(v), 'b:2,1A c a:3B a:1');
  assert.equal(tsvectorCanonical(v), "'a':1,3B 'b':1A,2 'c'");
});

test('quotes and backslashes are doubled', () => {
  const v: TsVectorValue = { entries: [{ lexeme: "it's", positions: [p(1)] }, { lexeme: 'back\\slash', positions: [p(2)] }], style: 0 };
  assert.equal(tsvectorLiteral(v), "'it''s':1 'back\\\\slash':2");
  assert.equal(tsvectorCanonical(v), "'back\\\\slash':2 'it''s':1");
});

test('weights: strongest wins on a repeated position, D is not printed', () => {
  const v = one('x', p(1, 'C'), p(1, 'A'), p(1, 'B'), p(1));
  assert.equal(tsvectorLiteral({ ...v, style: 1 }), "'x':1c,1a,1b,1d");
  assert.equal(tsvectorCanonical(v), "'x':1A");
});

test('positions clamp at 16383 and the merge stops there', () => {
  assert.equal(tsvectorCanonical(one('far', p(16383), p(20000, 'A'), p(1))), "'far':1,16383");
  assert.equal(tsvectorCanonical(one('end', p(16383, 'B'), p(16383, 'A'))), "'end':16383A");
  const many = one('many', ...Array.from({ length: 300 }, (_, i) => p(300 - i)));
  assert.equal(tsvectorCanonical(many), `'many':${Array.from({ length: 256 }, (_, i) => i + 1).join(',')}`);
});

test('lexemes sort bytewise in UTF-8', () => {
  const lexemes = ['😀', '～', 'é', 'e', 'E', 'Z', 'ab', 'a', '日本', 'z'];
  const v: TsVectorValue = { entries: lexemes.map((lexeme, i) => ({ lexeme, positions: [p(i + 1)] })), style: 1 };
  assert.equal(tsvectorCanonical(v), "'E':5 'Z':6 'a':8 'ab':7 'e':4 'z':10 'é':3 '日本':9 '～':2 '😀':1");
});

test('generated values: literals unsorted with repeats, positions in range', () => {
  const s = src();
  const values = Array.from({ length: 300 }, () => t.generate(s, undefined));
  assert.ok(values.some((v) => new Set(v.entries.map((e) => e.lexeme)).size < v.entries.length), 'repeated lexemes');
  assert.ok(values.some((v) => tsvectorLiteral(v) !== tsvectorCanonical(v)));
  for (const v of values) for (const e of v.entries) {
    assert.ok(e.lexeme.length > 0);
    for (const q of e.positions) assert.ok(q.pos >= 1 && q.pos <= 16383);
  }
  assert.equal(t.keyable, true);
});

test('width knob: exact canonical size', () => {
  const s = src();
  for (const w of [3_000, 200_000]) assert.equal(Buffer.byteLength(t.canonical(t.generate(s, { min: w, max: w }))), w);
});
