import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import { sampleCosts } from '../../src/model/sample-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A sampled run of three tables (52 chunks) whose reading follows 0.5 s a chunk, 0.1 s of splitting a table, σ = 0.2; the splitting measured on the server. */
function sampledRun() {
  const run = syntheticRun(0, [400_000, 500, 300], [8096], [1, 2], {}, 0, 0.1);
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
  // Half a chunk's end effect in 31 cycles leaves σ known to within about 0.02, and the smallest is taken.
  assert.ok(model.law.sigma > 0.17 && model.law.sigma <= 0.2, String(model.law.sigma));
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 0.005, String(model.costs.perChunkSeconds));
  assert.ok(model.fit.maxRelativeError < 0.03, String(model.fit.maxRelativeError));
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
  assert.ok(model.law.sigma > 0.17 && model.law.sigma <= 0.2, String(model.law.sigma));
  assert.ok(Math.abs(model.fixedSeconds - (6 + 2.5)) < 1e-9, String(model.fixedSeconds));
  // Without the span (an older result) the start-up stays in the chunks: dearer chunks.
  const old = withStartUp(2.5);
  for (const p of old.points) delete p.samples[0]!.recordSpanSeconds;
  assert.ok(fitCapacityModel([old], {}, 8096, sampleCosts([old], {}, 8096)).costs.perChunkSeconds > 0.54);
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

function elevenChunks(p1: number, p2: number) {
  const run = syntheticRun(0, [8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000], [8096], [1], {}, 0, 0);
  run.points[0]!.samples[0]!.readSeconds = p1;
  const two = structuredClone(run.points[0]!);
  two.settings.parallelism = 2;
  two.samples[0]!.readSeconds = p2;
  run.points.push(two);
  return fitCapacityModel([run], {}, 8096, { perTableSeconds: 0, startSeconds: 0 });
}

test('a p = 2 job of a few chunks is contention only when slower than its last chunk explains', () => {
  // 11 chunks of 0.5 s: 5.5 chunks a reader, plus up to half a chunk at the end: 2.75 – 3.0 s.
  assert.equal(elevenChunks(5.5, 2.9).law.sigma, 0);
  // 3.6 s: 6.7 cycles at least, 7.2 at most: σ ≥ 0.22.
  const slow = elevenChunks(5.5, 3.6);
  assert.ok(slow.law.sigma >= 0.215 && slow.law.sigma <= 0.225, String(slow.law.sigma));
  assert.ok(Math.abs(slow.costs.perChunkSeconds - 0.5) < 1e-6);
});

test('a p = 2 job faster than its chunks allow at the p = 1 cost: the per-chunk cost is the compromise of both', () => {
  const model = elevenChunks(11 * 0.55, 6 * 0.45);
  assert.equal(model.law.sigma, 0);
  assert.ok(model.costs.perChunkSeconds > 0.5 && model.costs.perChunkSeconds < 0.54, String(model.costs.perChunkSeconds));
});
