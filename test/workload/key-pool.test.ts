import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/scenario/rng.js';
import { KeyPool } from '../../src/workload/key-pool.js';

const keys = (n: number) => Array.from({ length: n }, (_, i) => [String(i)]);

test('uniform picks spread over the pool; a Zipf exponent of 1 puts about a tenth on the hottest of 5,000', () => {
  const uniform = new KeyPool(keys(100), 0, new Rng(1));
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) seen.add(uniform.pick()![0]!);
  assert.ok(seen.size > 95);
  const hot = new KeyPool(keys(5000), 1, new Rng(2));
  let first = 0;
  for (let i = 0; i < 20_000; i++) if (hot.pick()![0] === '0') first++;
  // 1 / H(5000) ≈ 0.109
  assert.ok(first / 20_000 > 0.09 && first / 20_000 < 0.13, `${first / 20_000}`);
});

test('a deleted key leaves the pool until restored; an inserted one joins it; an empty pool gives nothing', () => {
  const pool = new KeyPool(keys(2), 0, new Rng(3));
  const a = pool.take()!;
  const b = pool.take()!;
  assert.notDeepEqual(a, b);
  assert.equal(pool.take(), undefined);
  assert.equal(pool.pick(), undefined);
  pool.restore(a);
  pool.add(['new']);
  assert.equal(pool.size, 2);
});
