import assert from 'node:assert/strict';
import { test } from 'node:test';
import { efficiency, quantile, speedup, sumIfEvery, summarize } from '../../src/model/statistics.js';

test('median, min, max and relative spread over repeats', () => {
  const s = summarize([12, 10, 11, 40, 10.5]);
  assert.equal(s.n, 5);
  assert.equal(s.median, 11);
  assert.equal(s.min, 10);
  assert.equal(s.max, 40);
  assert.equal(s.relativeSpread, (12 - 10.5) / 2 / 11);
  assert.equal(summarize([3, 1]).median, 2);
  assert.ok(Number.isNaN(summarize([]).median));
});

test('quantiles interpolate between ranks', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantile([7], 0.9), 7);
});

test('speedup is T1/Tp and efficiency is speedup per reader', () => {
  assert.equal(speedup(187, 97), 187 / 97);
  assert.equal(efficiency(100, 50, 2), 1);
  assert.equal(efficiency(100, 40, 4), 0.625);
});

test('sumIfEvery: a count every item has is summed; one item without it, or no items, is no count', () => {
  assert.equal(sumIfEvery([{ n: 2 }, { n: 3 }], (x) => x.n), 5);
  assert.equal(sumIfEvery([{ n: 2 }, { n: undefined }], (x) => x.n), undefined);
  assert.equal(sumIfEvery([] as { n?: number }[], (x) => x.n), undefined);
  assert.equal(sumIfEvery([{ n: 0 }], (x) => x.n), 0);
});
