import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchScalingLaw, uslSpeedup } from '../../src/model/scaling-law.js';

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('the grid search: σ in steps of 0.005, κ searched only with three or more parallelisms', () => {
  const two = searchScalingLaw(2, (law) => ({ sse: (law.sigma - 0.3) ** 2 + (law.kappa - 0.01) ** 2 }));
  assert.ok(near(two.law.sigma, 0.3) && two.law.kappa === 0, JSON.stringify(two.law));
  const three = searchScalingLaw(3, (law) => ({ sse: (law.sigma - 0.3) ** 2 + (law.kappa - 0.01) ** 2 }));
  assert.ok(near(three.law.sigma, 0.3) && near(three.law.kappa, 0.01), JSON.stringify(three.law));
});

test('the grid search returns the best fit with its law, and of equal fits the least contention', () => {
  // Speedups measured at p = 2 and 4 from σ = 0.2: the fit reproduces them.
  const measured = [2, 4].map((p) => [p, uslSpeedup({ sigma: 0.2, kappa: 0 }, p)] as const);
  const best = searchScalingLaw(2, (law) => ({ sse: measured.reduce((a, [p, s]) => a + (uslSpeedup(law, p) - s) ** 2, 0), tag: law.sigma }));
  assert.ok(near(best.law.sigma, 0.2) && best.tag === best.law.sigma, JSON.stringify(best));
  assert.deepEqual(searchScalingLaw(3, () => ({ sse: 1 })).law, { sigma: 0, kappa: 0 });
});
