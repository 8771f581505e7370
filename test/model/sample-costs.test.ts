import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import { sampleCosts } from '../../src/model/sample-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A sampled run of three tables (5 chunks) whose reading follows 0.5 s a chunk, 0.1 s of splitting a table, σ = 0.2; the splitting measured on the server. */
function sampledRun() {
  const run = syntheticRun(0, [20_000, 500, 300], [8096], [1, 2], {}, 0, 0.1);
  for (const p of run.points) {
    p.samples[0]!.tables = ['s.big', 's.a', 's.b'].map((table) => ({ table, rows: 0, bytes: 0, splitQueryMillis: 100 }));
  }
  return run;
}

test('sample costs: a table costs its measured splitting, a chunk the rest of the p=1 reading time', () => {
  const costs = sampleCosts([sampledRun()], {}, 8096)!;
  assert.ok(Math.abs(costs.perTableSeconds - 0.1) < 1e-9, String(costs.perTableSeconds));
  assert.ok(Math.abs(costs.perChunkSeconds - 0.5) < 1e-9, String(costs.perChunkSeconds));
});

test('with the costs known, the fit finds the scaling law the runs followed (σ = 0.2)', () => {
  const run = sampledRun();
  const model = fitCapacityModel([run], {}, 8096, sampleCosts([run], {}, 8096));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 0.0051, String(model.law.sigma));
  assert.equal(model.costs.perChunkSeconds, 0.5);
  assert.ok(model.fit.maxRelativeError < 0.01);
});

test('no successful p=1 run at the chunk size: no sample costs', () => {
  assert.equal(sampleCosts([sampledRun()], {}, 50_000), undefined);
});
