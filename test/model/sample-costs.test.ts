import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import type { RunResult } from '../../src/model/run-result.js';
import { sampleCosts } from '../../src/model/sample-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

interface Reader {
  span: number;
  /** Pause-delimited cycles as the sink saw them: their lengths. */
  cycles?: number[];
}

/**
 * A sampled run of 11 one-chunk tables with 0.1 s of splitting each, read at p = 1 and 2, whose
 * jobs' readers had the spans and cycles given, and `start` seconds before the first record.
 */
function sampled(serial: Reader[], parallel: Reader[], start = 2.5): RunResult {
  const run = syntheticRun(0, Array<number>(11).fill(8000), [8096], [1, 2], {}, 0, 0);
  for (const p of run.points) {
    const s = p.samples[0]!;
    const readers = p.settings.parallelism === 1 ? serial : parallel;
    s.tables = [...Array(11).keys()].map((i) => ({ table: `s.t${i}`, rows: 8000, bytes: 0, splitQueryMillis: 100 }));
    s.readers = readers.map((r) => ({ spanSeconds: r.span, cycles: r.cycles?.length ?? 0, cycleSeconds: (r.cycles ?? []).reduce((a, x) => a + x, 0), cycleSquaredSeconds: (r.cycles ?? []).reduce((a, x) => a + x * x, 0) }));
    // The slowest reader's span, the start-up before it and half a second of wind-down.
    s.readSeconds = start + Math.max(...readers.map((r) => r.span)) + 0.5;
    s.wallSeconds = s.readSeconds + 6;
  }
  return run;
}

const steady = (n: number, seconds: number): Reader => ({ span: n * seconds, cycles: Array<number>(n).fill(seconds) });
/** n cycles alternating between two lengths, as the connector's 500 ms backfill polls make them. */
const bimodal = (n: number, fast: number, slow: number): Reader => {
  const cycles = [...Array(n).keys()].map((i) => (i % 2 ? slow : fast));
  return { span: cycles.reduce((a, x) => a + x, 0), cycles };
};

const fit = (run: RunResult) => fitCapacityModel([run], {}, 8096, sampleCosts([run], {}, 8096));

test('a table costs its measured splitting; the start-up before the first record is fixed, not the chunks\'', () => {
  // 11 chunks of 0.5 s on one reader: 10 cycles between its first record and its last.
  const run = sampled([steady(10, 0.5)], [steady(5, 0.5), steady(4, 0.5)]);
  const costs = sampleCosts([run], {}, 8096)!;
  assert.ok(Math.abs(costs.perTableSeconds - 0.1) < 1e-9, String(costs.perTableSeconds));
  // 8 s of reading less the 11 cycles' 5.5 s (the last one's is the 0.5 s after the last record).
  assert.ok(Math.abs(costs.startSeconds - 2.5) < 1e-9, String(costs.startSeconds));
  assert.deepEqual(costs.cadence.map((c) => [c.parallelism, c.cycles]), [[1, 10], [2, 9]]);
  assert.equal(costs.cycleCv, 0);
});

test('readers that kept the p = 1 cadence: no contention, however unevenly the last chunks fell', () => {
  // 11 chunks on 2 readers split 7/4: the job's time says 7 cycles, the readers' cadence says 0.5 s a chunk.
  const model = fit(sampled([steady(10, 0.5)], [steady(6, 0.5), steady(3, 0.5)]));
  assert.equal(model.law.sigma, 0);
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-9, String(model.costs.perChunkSeconds));
});

test('readers slower at p = 2 than chance allows: contention, with the cost the p = 1 readers paid', () => {
  // Steady cycles (no chance at all): 0.6 s a chunk at p = 2 against 0.5 s is σ = 0.2.
  const model = fit(sampled([steady(10, 0.5)], [steady(5, 0.6), steady(4, 0.6)]));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 0.006, String(model.law.sigma));
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-9, String(model.costs.perChunkSeconds));
});

test('a slowdown among cycles of 0.6 or 1.1 s that chance could explain is still what p = 2 measured: carried, not perfect scaling', () => {
  // Cycles vary by 30 % of their mean; over 10 and 9 cycles, widened by the jobs' dispersion, two
  // standard errors of the difference are ≈ 0.33 s: the 0.17 s slowdown is within chance, and measured.
  const serial = bimodal(10, 0.6, 1.1);
  const parallel = [bimodal(5, 0.8, 1.3), bimodal(4, 0.8, 1.3)];
  const model = fit(sampled([serial], parallel));
  const c1 = serial.span / 10;
  const c2 = (parallel[0]!.span + parallel[1]!.span) / 9;
  assert.ok(Math.abs(model.law.sigma - (c2 / c1 - 1)) < 0.006, `σ ${model.law.sigma} vs ${c2 / c1 - 1}`);
  assert.ok(Math.abs(model.costs.perChunkSeconds - c1) < 0.005, String(model.costs.perChunkSeconds));
  // A reader's chunk at p = 2 costs what the p = 2 readers paid.
  assert.ok(Math.abs(model.costs.perChunkSeconds * (1 + model.law.sigma) - c2) / c2 < 0.005);
  // A larger slowdown the same way.
  const slower = fit(sampled([serial], [bimodal(5, 1.3, 1.8), bimodal(4, 1.3, 1.8)]));
  assert.ok(slower.law.sigma > 0.5, String(slower.law.sigma));
  assert.ok(Math.abs(slower.costs.perChunkSeconds - c1) < 0.005, String(slower.costs.perChunkSeconds));
});

test('readers faster at p = 2 than at p = 1 pool: σ = 0 and the cost over every reader\'s cycles', () => {
  const serial = bimodal(10, 0.6, 1.1);
  const parallel = [bimodal(5, 0.55, 1.0), bimodal(4, 0.55, 1.0)];
  const model = fit(sampled([serial], parallel));
  assert.equal(model.law.sigma, 0);
  const all = [serial, ...parallel].reduce((a, r) => a + r.span, 0) / 19;
  assert.ok(Math.abs(model.costs.perChunkSeconds - all) < 1e-9, `${model.costs.perChunkSeconds} vs ${all}`);
});

test('without pauses to measure chance by, any slower cadence is contention', () => {
  // 0.5 s a cycle at p = 1, 4.95 s over 9 cycles at p = 2: 0.55 s, σ = 0.1.
  const model = fit(sampled([{ span: 5 }], [{ span: 2.75 }, { span: 2.2 }]));
  assert.ok(Math.abs(model.law.sigma - 0.1) < 0.006, String(model.law.sigma));
});

test('a job without per-reader records (a result from before them): no sample costs, the joint fit decides', () => {
  const run = sampled([steady(10, 0.5)], [steady(5, 0.5), steady(4, 0.5)]);
  delete run.points[1]!.samples[0]!.readers;
  assert.equal(sampleCosts([run], {}, 8096), undefined);
});

test('no successful p = 1 job at the chunk size: no sample costs', () => {
  const run = sampled([steady(10, 0.5)], [steady(5, 0.5), steady(4, 0.5)]);
  assert.notEqual(sampleCosts([run], {}, 8096), undefined);
  // The p = 1 job failed; the p = 2 job alone has cadence but nothing to compare it with.
  run.points.find((p) => p.settings.parallelism === 1)!.samples[0]!.ok = false;
  assert.equal(sampleCosts([run], {}, 8096), undefined);
  // A p = 1 job at another chunk size does not stand in for the one at this chunk size.
  const other = sampled([steady(10, 0.5)], [steady(5, 0.5), steady(4, 0.5)]);
  other.points = other.points.filter((p) => p.settings.parallelism === 1);
  for (const p of other.points) p.settings.chunkSize = 50_000;
  assert.notEqual(sampleCosts([other], {}, 50_000), undefined);
  assert.equal(sampleCosts([run, other], {}, 8096), undefined);
});
