import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { byteaFamily, byteaHex, randomBytes } from '../../../src/datagen/types/bytea.js';

const t = byteaFamily.resolve({ base: 'bytea', args: [], arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(1);
  return { rng: new Rng(3), faker };
};

test('hex output form, lower case (verified on PostgreSQL 15)', () => {
  assert.equal(t.canonical(new Uint8Array(0)), '\\x');
  assert.equal(t.canonical(Uint8Array.of(0x00, 0xff)), '\\x00ff');
  assert.equal(t.canonical(Buffer.from('\\x41', 'latin1')), '\\x5c783431');
  assert.equal(t.literal(Uint8Array.of(0x0a)), '\\x0a');
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const hex = byteaHex(all);
  assert.equal(hex.length, 2 + 512);
  assert.ok(hex.startsWith('\\x000102') && hex.endsWith('fdfeff'));
  // A view into a larger buffer prints only its own bytes.
  assert.equal(byteaHex(Buffer.from([1, 2, 3, 4]).subarray(1, 3)), '\\x0203');
});

test('edges include empty, all bytes, NUL and backslash', () => {
  const hexes = t.edges().map(t.canonical);
  for (const h of ['\\x', '\\x00', '\\x5c']) assert.ok(hexes.includes(h), h);
  assert.ok(hexes.some((h) => h.length === 514));
  assert.throws(() => byteaFamily.resolve({ base: 'bytea', args: [1], arrayDims: 0 }), TypeRequestError);
});

test('width knob: exact size, and large values stay partly incompressible', () => {
  const s = src();
  for (let i = 0; i < 5; i++) {
    const v = t.generate(s, { min: 100_000, max: 200_000 });
    assert.ok(v.length >= 100_000 && v.length <= 200_000);
    assert.ok(deflateSync(v).length > v.length * 0.3, 'random part survives compression');
  }
  assert.equal(t.generate(s, { min: 4096, max: 4096 }).length, 4096);
});

test('random bytes are deterministic and cover odd lengths', () => {
  assert.deepEqual(randomBytes(new Rng(1), 7), randomBytes(new Rng(1), 7));
  assert.equal(randomBytes(new Rng(1), 7).length, 7);
  const s = src();
  assert.ok(Array.from({ length: 100 }, () => t.generate(s, undefined)).every((v) => v instanceof Uint8Array));
});
