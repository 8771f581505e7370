import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import { spanCosts } from '../../src/model/span-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A sampled run's p = 1 sample, with the reading span of its one table of several chunks: 0.5 s a chunk after the first. */
function sampledRun() {
  const run = syntheticRun(0, [20_000, 500, 300], [8096], [1, 2], {}, 0, 0.4);
  for (const p of run.points) {
    p.samples[0]!.tables = [
      { table: 's.big', rows: 20_000, bytes: 0, seconds: 2 * 0.5 },
      { table: 's.a', rows: 500, bytes: 0, seconds: 0 },
      { table: 's.b', rows: 300, bytes: 0, seconds: 0 },
    ];
  }
  return run;
}

test('span costs: a chunk costs the spans over the cycles they hold, a table what is left of p=1 over the tables', () => {
  const costs = spanCosts([sampledRun()], {}, 8096)!;
  assert.ok(Math.abs(costs.perChunkSeconds - 0.5) < 1e-9, String(costs.perChunkSeconds));
  assert.ok(Math.abs(costs.perTableSeconds - 0.4) < 1e-9, String(costs.perTableSeconds));
});

test('with the costs known, the fit finds the scaling law the runs followed (σ = 0.2)', () => {
  const run = sampledRun();
  const model = fitCapacityModel([run], {}, 8096, spanCosts([run], {}, 8096));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 0.0051, String(model.law.sigma));
  assert.equal(model.costs.perChunkSeconds, 0.5);
  assert.ok(model.fit.maxRelativeError < 0.01);
});

test('no table of two chunks or more: no span costs (the joint fit stands)', () => {
  const run = syntheticRun(0, [500, 300], [8096], [1, 2]);
  assert.equal(spanCosts([run], {}, 8096), undefined);
});
