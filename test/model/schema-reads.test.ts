import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, schemaReadSeconds } from '../../src/model/schema-reads.js';

const near = (a: number, b: number, tolerance = 1e-9) => Math.abs(a - b) <= tolerance;

test('the line through the measured counts: least squares, never a negative slope or intercept', () => {
  // many-small, 2026-12-06 16:39: 10, 30 and 100 tables captured (the 300 point takes the whole-database path).
  const line = fitLine([{ tables: 10, seconds: 0.097 }, { tables: 30, seconds: 0.257 }, { tables: 100, seconds: 0.708 }]);
  // Ordinary least squares by hand: x̄ = 46.67, ȳ = 0.354, Sxy / Sxx = 29.92 / 4466.7.
  assert.ok(near(line.perTableSeconds, 0.0066985, 1e-6) && near(line.fixedSeconds, 0.04140, 1e-4), JSON.stringify(line));
  // Falling with more tables is noise, not a negative cost: the slope is 0 and the mean is the intercept.
  assert.deepEqual(fitLine([{ tables: 10, seconds: 0.2 }, { tables: 100, seconds: 0.1 }]), { perTableSeconds: 0, fixedSeconds: 0.15000000000000002 });
  // One point: proportional to the tables, as reading n tables' schemas is.
  assert.ok(near(fitLine([{ tables: 16, seconds: 0.048 }]).perTableSeconds, 0.003));
});

test('T(n) is the point measured at n when there is one, else the line', () => {
  const cost = { points: [{ tables: 100, seconds: 0.7 }, { tables: 300, seconds: 0.44 }], fixedSeconds: 0.03, perTableSeconds: 0.007 };
  assert.equal(schemaReadSeconds(cost, 300), 0.44);
  assert.ok(near(schemaReadSeconds(cost, 1000), 7.03));
});
