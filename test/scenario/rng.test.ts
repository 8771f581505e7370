import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/scenario/rng.js';

test('same seed, same stream; different label, different stream', () => {
  const a = new Rng('seed');
  const b = new Rng('seed');
  assert.deepEqual([a.nextUint32(), a.nextUint32()], [b.nextUint32(), b.nextUint32()]);
  assert.notEqual(Rng.derive('s', 'x').nextUint32(), Rng.derive('s', 'y').nextUint32());
});

test('int covers wide spans without losing low bits', () => {
  const rng = new Rng(9);
  const values = Array.from({ length: 2000 }, () => rng.int(0, 2 ** 50));
  assert.ok(values.some((v) => v % 2 === 1), 'odd values occur');
  assert.ok(values.every((v) => v >= 0 && v <= 2 ** 50 && Number.isInteger(v)));
});

test('bigint stays inside its bounds', () => {
  const rng = new Rng(1);
  for (let i = 0; i < 1000; i++) {
    const v = rng.bigint(-9223372036854775808n, 9223372036854775807n);
    assert.ok(v >= -9223372036854775808n && v <= 9223372036854775807n);
  }
});
