import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { MAX_UUID, NIL_UUID, uuidFamily, uuidV4, uuidV7 } from '../../../src/datagen/types/uuid.js';

const t = uuidFamily.resolve({ base: 'uuid', args: [], arrayDims: 0 });
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('v4 and v7 layout, deterministic', () => {
  const rng = new Rng(1);
  for (let i = 0; i < 1000; i++) assert.match(uuidV4(rng), V4);
  assert.equal(uuidV4(new Rng(5)), uuidV4(new Rng(5)));
  const v7 = uuidV7(new Rng(2), 0x0123456789ab);
  assert.match(v7, V7);
  assert.ok(v7.startsWith('01234567-89ab-7'));
  assert.throws(() => uuidV7(new Rng(2), -1), RangeError);
  assert.throws(() => uuidV7(new Rng(2), 2 ** 48), RangeError);
});

test('v7 keys sort by time', () => {
  const rng = new Rng(3);
  const keys = Array.from({ length: 100 }, (_, i) => uuidV7(rng, 1_700_000_000_000 + i * 1000));
  assert.deepEqual([...keys].sort(), keys);
});

test('canonical is lower-case hyphenated; literals are sometimes upper case or unhyphenated', () => {
  assert.deepEqual(t.edges().slice(0, 2), [NIL_UUID, MAX_UUID]);
  // PostgreSQL prints FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF as ffffffff-ffff-ffff-ffff-ffffffffffff.
  assert.equal(t.literal(MAX_UUID), 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF');
  assert.equal(t.canonical(MAX_UUID), 'ffffffff-ffff-ffff-ffff-ffffffffffff');
  const faker = new Faker({ locale: [en, base] });
  const s = { rng: new Rng(4), faker };
  const values = Array.from({ length: 1000 }, () => t.generate(s, undefined));
  let upper = 0;
  let bare = 0;
  for (const v of values) {
    assert.ok(V4.test(v) || V7.test(v));
    const lit = t.literal(v);
    if (/[A-F]/.test(lit)) upper++;
    if (!lit.includes('-')) bare++;
    assert.equal(lit.toLowerCase().replaceAll('-', ''), t.canonical(v).replaceAll('-', ''));
  }
  assert.ok(upper > 100 && upper < 500, `upper ${upper}`);
  assert.ok(bare > 50 && bare < 300, `bare ${bare}`);
  assert.ok(values.some((v) => V4.test(v)) && values.some((v) => V7.test(v)));
});
