import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import {
  NASTY_STRINGS,
  codePointLength,
  compareUtf8,
  prose,
  sortUtf8,
  textFamily,
  truncateCodePoints,
  truncateUtf8,
  utf8Length,
} from '../../../src/datagen/types/text.js';

const req = (b: string, ...args: number[]) => ({ base: b, args, arrayDims: 0 });
const src = (seed = 1) => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  return { rng: new Rng(seed), faker };
};

test('type names and SQL spelling', () => {
  assert.equal(textFamily.resolve(req('text')).sql, 'text');
  assert.equal(textFamily.resolve(req('varchar')).sql, 'varchar');
  assert.equal(textFamily.resolve(req('varchar', 10)).sql, 'varchar(10)');
  assert.equal(textFamily.resolve(req('character varying', 10)).sql, 'varchar(10)');
  assert.equal(textFamily.resolve(req('char')).sql, 'char(1)');
  assert.equal(textFamily.resolve(req('character', 4)).sql, 'char(4)');
  assert.throws(() => textFamily.resolve(req('text', 5)), TypeRequestError);
  assert.throws(() => textFamily.resolve(req('varchar', 0)), TypeRequestError);
  assert.throws(() => textFamily.resolve(req('char', 1, 2)), TypeRequestError);
  assert.throws(() => textFamily.resolve(req('string')), TypeRequestError);
});

test('char(n) prints padded to n characters (code points), as verified on PostgreSQL 15', () => {
  assert.equal(textFamily.resolve(req('char', 4)).canonical('ab'), 'ab  ');
  assert.equal(textFamily.resolve(req('char', 3)).canonical('日本'), '日本 ');
  assert.equal(textFamily.resolve(req('char', 2)).canonical('😀'), '😀 ');
  assert.equal(textFamily.resolve(req('character', 3)).canonical('e\u0301'), 'e\u0301 ');
  assert.equal(textFamily.resolve(req('char')).canonical(''), ' ');
  assert.equal(textFamily.resolve(req('varchar', 5)).canonical('ab'), 'ab');
});

test('varchar(n) and char(n) values never exceed n code points', () => {
  for (const t of [textFamily.resolve(req('varchar', 5)), textFamily.resolve(req('char', 3))]) {
    const n = t.sql === 'varchar(5)' ? 5 : 3;
    const s = src();
    const values = [...t.edges(), ...Array.from({ length: 500 }, () => t.generate(s, undefined))];
    values.push(t.generate(s, { min: 5000, max: 6000 }));
    for (const v of values) assert.ok(codePointLength(v) <= n, JSON.stringify(v));
    for (const v of values) assert.equal(codePointLength(t.canonical(v)), t.sql.startsWith('char') ? n : codePointLength(v));
  }
  // The limit counts characters: five code points of 1 to 4 bytes each fit varchar(5).
  assert.ok(textFamily.resolve(req('varchar', 5)).edges().includes('aé日😀a'));
});

test('char(n) edges are distinct after padding', () => {
  const t = textFamily.resolve(req('char', 2));
  const canon = t.edges().map(t.canonical);
  assert.equal(new Set(canon).size, canon.length);
});

test('nasty strings cover the escapes and never hold NUL', () => {
  for (const s of ['', '\t', '\n', '\\', '\\N', '\\.', 'NULL', "'", '"', '😀']) assert.ok(NASTY_STRINGS.includes(s), JSON.stringify(s));
  assert.ok(NASTY_STRINGS.some((s) => s.includes('\r')));
  assert.ok(NASTY_STRINGS.some((s) => s.startsWith(' ') && s.trim() !== ''));
  for (const s of NASTY_STRINGS) assert.ok(!s.includes('\u0000'));
});

test('generated text is realistic, deterministic and NUL-free', () => {
  const t = textFamily.resolve(req('text'));
  const a = src(7);
  const b = src(7);
  const va = Array.from({ length: 300 }, () => t.generate(a, undefined));
  const vb = Array.from({ length: 300 }, () => t.generate(b, undefined));
  assert.deepEqual(va, vb);
  assert.ok(new Set(va).size > 250);
  assert.ok(va.some((v) => /@/.test(v)), 'some emails');
  for (const v of va) assert.ok(!v.includes('\u0000'));
});

test('width knob gives exact UTF-8 byte lengths, cheaply for TOAST sizes', () => {
  const t = textFamily.resolve(req('text'));
  const s = src();
  for (const w of [1, 2, 3000, 3001]) assert.equal(utf8Length(t.generate(s, { min: w, max: w })), w);
  const started = Date.now();
  for (let i = 0; i < 5; i++) {
    const v = t.generate(s, { min: 500_000, max: 1_000_000 });
    const n = utf8Length(v);
    assert.ok(n >= 500_000 && n <= 1_000_000, String(n));
  }
  assert.ok(Date.now() - started < 3000, 'large values must be cheap');
  // Long prose mixes in other scripts and paragraph breaks.
  const big = t.generate(s, { min: 200_000, max: 200_000 });
  assert.ok(big.length < 200_000 && big.includes('\n'));
});

test('plain prose has nothing to escape', () => {
  const v = prose(src(), 20_000, { plain: true });
  assert.equal(utf8Length(v), 20_000);
  assert.match(v, /^[\x20-\x7e]*$/);
  assert.ok(!/["\\]/.test(v));
});

test('UTF-8 helpers', () => {
  assert.equal(codePointLength('a😀é'), 3);
  assert.equal(truncateCodePoints('😀😀😀', 2), '😀😀');
  assert.equal(truncateUtf8('a😀', 4), 'a');
  assert.equal(truncateUtf8('a😀', 5), 'a😀');
  // U+FF5E sorts before an astral character in UTF-8, after it in UTF-16.
  assert.ok('～' > '😀');
  assert.ok(compareUtf8('～', '😀') < 0);
  assert.ok(compareUtf8('ab', 'abc') < 0 && compareUtf8('b', 'abc') > 0 && compareUtf8('x', 'x') === 0);
  assert.deepEqual(sortUtf8(['😀', '～', 'é', 'e', 'E']), ['E', 'e', 'é', '～', '😀']);
  assert.deepEqual(sortUtf8(['b', 'a', 'B']), ['B', 'a', 'b']);
});
