import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keySpread, parseBounds } from '../../src/catalog/preflight/key-spread.js';

const bounds = (from: number, to: number, n: number) => Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);

test('a dense key splits evenly: no thin chunk, chunks of about the chunk size', () => {
  const s = keySpread(bounds(1, 1_000_000, 100), 1_000_000, 8096)!;
  assert.ok(s.even);
  assert.ok(Math.abs(s.factor - 1) < 1e-6);
  assert.equal(s.chunks, Math.ceil(1_000_000 / 8096));
  assert.equal(s.thinChunks, 0);
  assert.ok(s.largestChunkRows <= 8096 * 1.01, `largest ${s.largestChunkRows}`);
});

test('a key 100,000× sparser than its rows is beyond the even-split bound', () => {
  const s = keySpread(bounds(100_000, 2_000_000_000, 100), 20_000, 8096)!;
  assert.equal(s.even, false);
  assert.ok(s.factor > 1000);
});

test('clustered ids: most even chunks are thin and one holds the dense cluster', () => {
  // 1,000,000 rows: 99% packed in 1…990,000, the last 1% spread up to 500,000,000 (factor ≈ 500).
  const dense = bounds(1, 990_000, 99);
  const sparse = [500_000_000];
  const s = keySpread([...dense, ...sparse], 1_000_000, 8096)!;
  assert.ok(s.even, `factor ${s.factor}`);
  assert.ok(s.thinChunks > s.chunks / 2, `${s.thinChunks} of ${s.chunks} thin`);
  assert.ok(s.largestChunkRows > 10 * 8096, `largest ${s.largestChunkRows}`);
});

test('statistics text: numbers parse, anything else is not a bound', () => {
  assert.deepEqual(parseBounds('{1,5,9}'), [1, 5, 9]);
  assert.equal(parseBounds('{a,b}'), undefined);
  assert.equal(parseBounds(null), undefined);
  assert.equal(keySpread([5], 10, 8096), undefined);
  assert.equal(keySpread([1, 5], 0, 8096), undefined);
});
