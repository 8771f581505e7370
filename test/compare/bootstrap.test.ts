import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratioOfMediansInterval } from '../../src/compare/bootstrap.js';
import { noisyWalls } from '../support/connector-runs.js';

test('the interval of a clean 1.5× slowdown contains 1.5 and lies above 1', () => {
  const base = noisyWalls(100, 7, 0.03, 'base');
  const next = noisyWalls(150, 7, 0.03, 'new');
  const i = ratioOfMediansInterval(base, next)!;
  assert.ok(i.low <= 1.5 && 1.5 <= i.high, `${i.low}–${i.high}`);
  assert.ok(i.low > 1.35 && i.high < 1.65, `narrow for ±3 % noise: ${i.low}–${i.high}`);
});

test('the interval of two samples of one distribution contains 1', () => {
  const i = ratioOfMediansInterval(noisyWalls(100, 9, 0.07, 'a'), noisyWalls(100, 9, 0.07, 'b'))!;
  assert.ok(i.low < 1 && 1 < i.high, `${i.low}–${i.high}`);
});

test('the same input gives the same interval, whatever ran before', () => {
  const base = noisyWalls(100, 5, 0.07, 'x');
  const next = noisyWalls(120, 5, 0.07, 'y');
  const first = ratioOfMediansInterval(base, next);
  ratioOfMediansInterval(next, base);
  assert.deepEqual(ratioOfMediansInterval(base, next), first);
  assert.deepEqual(ratioOfMediansInterval([...base], [...next]), first);
});

test('fewer than 3 samples on either side give no interval', () => {
  assert.equal(ratioOfMediansInterval([1, 2], [1, 2, 3]), undefined);
  assert.equal(ratioOfMediansInterval([1, 2, 3], [4]), undefined);
  assert.ok(ratioOfMediansInterval([1, 2, 3], [4, 5, 6]));
});

test('the interval is a 95 % one: it covers the true ratio in most of many seeded trials', () => {
  let covered = 0;
  const trials = 40;
  for (let t = 0; t < trials; t++) {
    const i = ratioOfMediansInterval(noisyWalls(100, 15, 0.1, `b${t}`), noisyWalls(130, 15, 0.1, `n${t}`), { resamples: 2000 })!;
    if (i.low <= 1.3 && 1.3 <= i.high) covered++;
  }
  assert.ok(covered >= trials * 0.85, `covered ${covered} of ${trials}`);
});
