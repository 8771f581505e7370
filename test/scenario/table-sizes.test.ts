import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/scenario/rng.js';
import { lognormalSizes } from '../../src/scenario/sizes/lognormal.js';
import { tableSizes } from '../../src/scenario/sizes/table-sizes.js';
import { zipfSizes } from '../../src/scenario/sizes/zipf.js';

/** Least-squares slope of log(size) against log(rank), sizes sorted largest first. */
function rankSizeSlope(sizes: number[]): number {
  const sorted = [...sizes].sort((a, b) => b - a).filter((s) => s > 0);
  const xs = sorted.map((_, i) => Math.log(i + 1));
  const ys = sorted.map((s) => Math.log(s));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

for (const exponent of [0.8, 1.0, 1.3]) {
  test(`zipf sizes have rank/size slope -${exponent} and add up to the total`, () => {
    const sizes = zipfSizes(300, exponent, 10_000_000, 0);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 10_000_000);
    assert.ok(Math.abs(rankSizeSlope(sizes) + exponent) < 0.01, `slope ${rankSizeSlope(sizes)}`);
  });
}

test('zipf through tableSizes is shuffled over the group but keeps its shape', () => {
  const sizes = tableSizes({ distribution: 'zipf', exponent: 1.1, total: 1_000_000, min: 0 }, 200, new Rng('s'));
  assert.notDeepEqual(sizes, [...sizes].sort((a, b) => b - a));
  assert.ok(Math.abs(rankSizeSlope(sizes) + 1.1) < 0.02);
});

test('zipf min lifts the tail', () => {
  const sizes = zipfSizes(300, 1.5, 100_000, 50);
  assert.ok(Math.min(...sizes) >= 50);
});

test('lognormal sizes: median near the asked median, clamped, and rescaled to a total', () => {
  const sizes = lognormalSizes(new Rng(3), 2001, { median: 5000, sigma: 1.5, min: 10, max: 2_000_000 });
  const sorted = [...sizes].sort((a, b) => a - b);
  const median = sorted[1000]!;
  assert.ok(median > 4000 && median < 6200, `median ${median}`);
  assert.ok(sorted[0]! >= 10 && sorted.at(-1)! <= 2_000_000);
  const scaled = lognormalSizes(new Rng(3), 100, { median: 100, sigma: 1, min: 0, total: 123_456 });
  assert.equal(scaled.reduce((a, b) => a + b, 0), 123_456);
});

test('uniform and fixed sizes', () => {
  const u = tableSizes({ distribution: 'uniform', min: 10, max: 20 }, 500, new Rng(1));
  assert.ok(u.every((s) => s >= 10 && s <= 20));
  assert.ok(new Set(u).size === 11);
  assert.deepEqual(tableSizes({ distribution: 'fixed', rows: 7 }, 3, new Rng(1)), [7, 7, 7]);
  assert.deepEqual(tableSizes(5, 2, new Rng(1)), [5, 5]);
});
