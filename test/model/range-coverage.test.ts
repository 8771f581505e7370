import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeCoverage } from '../../src/model/range-coverage.js';

test('coverage: the fraction of measured times inside their predicted range, bounds included', () => {
  const c = rangeCoverage([
    { low: 113, high: 210, measured: 222 },
    { low: 222, high: 412, measured: 344 },
    { low: 10, high: 20, measured: 20 },
    { low: 10, high: 20, measured: 10 },
    { low: 10, high: 20, measured: 9 },
  ]);
  assert.deepEqual(c, { n: 5, inside: 3, coverage: 0.6, above: 1, below: 1 });
});

test('no pairs: nothing to say, not 100 %', () => {
  assert.deepEqual(rangeCoverage([]), { n: 0, inside: 0, above: 0, below: 0 });
});

test('a range upside down or a figure that is not a number is refused', () => {
  assert.throws(() => rangeCoverage([{ low: 2, high: 1, measured: 1.5 }]), RangeError);
  assert.throws(() => rangeCoverage([{ low: 1, high: 2, measured: Number.NaN }]), RangeError);
});
