import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import { sampleCosts } from '../../src/model/sample-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A sampled run of three tables (10 chunks) whose reading follows 0.5 s a chunk, 0.1 s of splitting a table, σ = 0.2; the splitting measured on the server. */
function sampledRun() {
  const run = syntheticRun(0, [60_000, 500, 300], [8096], [1, 2], {}, 0, 0.1);
  for (const p of run.points) {
    p.samples[0]!.tables = ['s.big', 's.a', 's.b'].map((table) => ({ table, rows: 0, bytes: 0, splitQueryMillis: 100 }));
  }
  return run;
}

test('sample costs: a table costs its measured splitting', () => {
  const costs = sampleCosts([sampledRun()], {}, 8096)!;
  assert.ok(Math.abs(costs.perTableSeconds - 0.1) < 1e-9, String(costs.perTableSeconds));
  assert.equal(costs.startSeconds, 0);
});

test('with the per-table cost known, the fit finds the per-chunk cost and the scaling law the runs followed (0.5 s, σ = 0.2)', () => {
  const run = sampledRun();
  const model = fitCapacityModel([run], {}, 8096, sampleCosts([run], {}, 8096));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 0.0051, String(model.law.sigma));
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 0.005, String(model.costs.perChunkSeconds));
  assert.ok(model.fit.maxRelativeError < 0.01);
});

test('no successful p=1 run at the chunk size: no sample costs', () => {
  assert.equal(sampleCosts([sampledRun()], {}, 50_000), undefined);
});

/** The sampled run with `start` seconds of reader start-up in each job's reading time, and the records' span as the sink saw it. */
function withStartUp(start: number) {
  const run = sampledRun();
  for (const p of run.points) {
    const s = p.samples[0]!;
    const c = s.chunks!;
    // At p = 1 the records span c − 1 of the c chunk cycles; at p = 2 it says nothing the fit uses.
    s.recordSpanSeconds = p.settings.parallelism === 1 ? (s.readSeconds! * (c - 1)) / c : s.readSeconds! / 2;
    s.readSeconds! += start;
    s.wallSeconds += start;
  }
  return run;
}

test("the readers' start-up, before the first record, is a job's fixed cost, not its chunks'", () => {
  const costs = sampleCosts([withStartUp(2.5)], {}, 8096)!;
  assert.ok(Math.abs(costs.startSeconds - 2.5) < 1e-9, String(costs.startSeconds));
  const model = fitCapacityModel([withStartUp(2.5)], {}, 8096, costs);
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 0.005, String(model.costs.perChunkSeconds));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 0.0051, String(model.law.sigma));
  assert.ok(Math.abs(model.fixedSeconds - (6 + 2.5)) < 1e-9, String(model.fixedSeconds));
  // Without the span (an older result) the start-up stays in the chunks: dearer chunks.
  const old = withStartUp(2.5);
  for (const p of old.points) delete p.samples[0]!.recordSpanSeconds;
  assert.ok(fitCapacityModel([old], {}, 8096, sampleCosts([old], {}, 8096)).costs.perChunkSeconds > 0.6);
});

test('a sample of few chunks that scaled perfectly is fitted without contention: a reader reads whole chunks', () => {
  // 11 chunks on 2 readers: 6 cycles, not 5.5.
  const run = syntheticRun(0, [8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000], [8096], [1], {}, 0, 0);
  const two = structuredClone(run.points[0]!);
  two.settings.parallelism = 2;
  two.samples[0]!.readSeconds = 6 * 0.5;
  run.points.push(two);
  const model = fitCapacityModel([run], {}, 8096, { perTableSeconds: 0, startSeconds: 0 });
  assert.equal(model.law.sigma, 0);
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-9, String(model.costs.perChunkSeconds));
});

test('a p = 2 job faster than whole chunks allow at the p = 1 cost: no σ explains it, the per-chunk cost is the compromise of both', () => {
  const run = syntheticRun(0, [8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000], [8096], [1], {}, 0, 0);
  run.points[0]!.samples[0]!.readSeconds = 11 * 0.55;
  const two = structuredClone(run.points[0]!);
  two.settings.parallelism = 2;
  two.samples[0]!.readSeconds = 6 * 0.45;
  run.points.push(two);
  const model = fitCapacityModel([run], {}, 8096, { perTableSeconds: 0, startSeconds: 0 });
  assert.equal(model.law.sigma, 0);
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 0.01, String(model.costs.perChunkSeconds));
});
