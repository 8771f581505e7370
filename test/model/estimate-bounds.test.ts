import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapacityModel } from '../../src/model/capacity-model.js';
import { estimateSnapshot, type ExtrapolationBounds } from '../../src/model/estimate.js';
import type { Workload } from '../../src/model/workload.js';

/**
 * The case of issue 18: a sampled calibration on a 2-core machine, the connector measured at
 * p = 1, 2 (≈ 1.06 s a chunk, σ = 0: "not beyond chance"), then asked for p = 1, 4, 8, 16, 32.
 * Before the bounds it recommended p = 32 at 15 s, a 20.9× speedup from p ≤ 2.
 */
function model(over: Partial<CapacityModel['costs']> = {}): CapacityModel {
  return {
    sourceOptions: {},
    costs: { perChunkSeconds: 1.06, perGbSeconds: 0, perTableSeconds: 0.05, perChunkPerTableSeconds: 0, ...over },
    fixedSeconds: 8,
    law: { sigma: 0, kappa: 0 },
    splitting: { millisPerChunkByShape: {}, meanMillisPerTable: 0 },
    measured: { parallelisms: [1, 2], chunkSizes: [8096], cores: 2, tables: [10, 14], diskBytes: [0.1e9, 1e9], samples: 4, atChunkSize: true, bytesPerRow: [100, 400], scenarios: ['existing-x@1'] },
    fit: { maxRelativeError: 0.05, rmsRelativeError: 0.03 },
  };
}

/** 130 tables of 2 chunks each (≈ 8,000 rows a chunk, 200 bytes a row). */
function workload(tables = 130, rows = 16_000): Workload {
  return { name: 'catalog.json', tables: Array.from({ length: tables }, (_, i) => ({ name: `s.t${i}`, rows, diskBytes: rows * 200, hasKey: true })) };
}

const PS = [1, 4, 8, 16, 32];
const speedups = (e: ReturnType<typeof estimateSnapshot>) => new Map(e.predictions.map((x) => [x.parallelism, e.predictions[0]!.seconds / x.seconds]));
/** Raw-copy reading seconds by parallelism, as a sampled run records them. */
const raw = (...pairs: [number, number][]): ExtrapolationBounds['sourceScaling'] => pairs.map(([parallelism, readSeconds]) => ({ parallelism, readSeconds }));

test('issue 18 case: without the source measured, p = 32 is held at the connector\'s measured speedup, and not recommended', () => {
  const e = estimateSnapshot(model(), workload(), [1, 2, ...PS], 8096);
  const s = speedups(e);
  for (const p of [4, 8, 16, 32]) assert.ok(s.get(p)! <= s.get(2)! + 1e-9, `p = ${p}: ${s.get(p)}× beats the measured p = 2's ${s.get(2)}×`);
  assert.deepEqual(e.predictions.map((x) => [x.parallelism, x.limitedBy]), [[1, 'measured'], [2, 'measured'], [4, 'source-scaling'], [8, 'source-scaling'], [16, 'source-scaling'], [32, 'source-scaling']]);
  assert.ok(e.recommended <= 2, `recommended ${e.recommended}`);
  assert.match(e.nextMeasurement ?? '', /p = 4, 8, 16, 32 are not recommended/);
  assert.match(e.nextMeasurement ?? '', /run --pg-url … --flink-url .* --parallelism 4,8/);
});

test('an extrapolation never beats the source\'s measured scaling, and the source is not extrapolated beyond its highest raw-copy p', () => {
  const source = raw([1, 10], [2, 5.5], [4, 3.4], [8, 3.1]);
  const e = estimateSnapshot(model(), workload(), [1, 2, ...PS], 8096, { sourceScaling: source });
  const s = speedups(e);
  const src = (p: number) => 10 / Math.min(...source!.filter((r) => r.parallelism <= p).map((r) => r.readSeconds));
  for (const p of [4, 8, 16, 32]) {
    assert.ok(s.get(p)! <= src(p) + 1e-9, `p = ${p}: ${s.get(p)}× beats the source's ${src(p)}×`);
    assert.ok(s.get(p)! <= (s.get(2)! * src(p)) / src(2) + 1e-9, `p = ${p}: gains more from the measured p = 2 than the source does`);
  }
  assert.ok(Math.abs(e.predictions.find((x) => x.parallelism === 32)!.seconds - e.predictions.find((x) => x.parallelism === 8)!.seconds) < 1e-6, 'nothing gained past p = 8, the highest raw-copy p');
  assert.equal(e.predictions.find((x) => x.parallelism === 32)!.limitedBy, 'source-scaling');
  // The source was measured at 4 and 8, but no cluster of the team's: still nothing above p = 2.
  assert.ok(e.recommended <= 2);
});

test('an extrapolation never beats the cluster\'s slots; with the source and the slots measured, p = 4 can be recommended', () => {
  const source = raw([1, 10], [2, 5], [4, 2.5], [8, 1.25]);
  const bounds: ExtrapolationBounds = { sourceScaling: source, cluster: { where: 'remote', slots: 4, cores: 8 } };
  const e = estimateSnapshot(model(), workload(), [1, 2, ...PS], 8096, bounds);
  const at = (p: number) => e.predictions.find((x) => x.parallelism === p)!;
  for (const p of [8, 16, 32]) {
    assert.ok(at(p).seconds >= at(4).seconds - 1e-6, `p = ${p} beats the 4 slots`);
    assert.equal(at(p).limitedBy, 'cluster-slots');
  }
  assert.equal(at(4).limitedBy, 'model');
  assert.equal(e.recommended, 4);
  assert.ok(e.extrapolations.some((x) => /4 task slots/.test(x)));
});

test('a local cluster\'s slots do not count as the team\'s: the recommendation stays at the measured p', () => {
  const e = estimateSnapshot(model(), workload(), [1, 2, ...PS], 8096, { sourceScaling: raw([1, 10], [2, 5], [4, 2.5], [8, 1.25]), cluster: { where: 'local', slots: 32, cores: 2 } });
  assert.ok(e.recommended <= 2);
  assert.ok(e.extrapolations.some((x) => /this machine's 2 cores/.test(x)));
});

test('limitedBy: long pole, serial splitting and chunks per reader are named', () => {
  const scaling = { sourceScaling: raw([1, 8], [2, 4], [4, 2], [8, 1]), cluster: { where: 'remote' as const, slots: 64, cores: 64 } };
  // A table of 4 chunks holding nearly all the bytes: at p = 8 its chunks have 4 readers, the others idle.
  const pole: Workload = { name: 'w', tables: [{ name: 's.big', rows: 8096 * 4, diskBytes: 1e9, hasKey: true }, ...workload(4, 8000).tables] };
  const e1 = estimateSnapshot(model({ perGbSeconds: 200 }), pole, [1, 2, 8], 8096, scaling);
  assert.equal(e1.predictions.find((x) => x.parallelism === 8)!.limitedBy, 'long-pole');
  // 2 s of splitting per table, serial: at p = 8 most of the time is splitting.
  const e2 = estimateSnapshot(model({ perTableSeconds: 2 }), workload(130), [1, 2, 8], 8096, scaling);
  assert.equal(e2.predictions.find((x) => x.parallelism === 8)!.limitedBy, 'serial-splitting');
  // 6 tables of one chunk at p = 8: two readers idle.
  const e3 = estimateSnapshot(model(), workload(6, 8000), [1, 2, 8], 8096, scaling);
  assert.equal(e3.predictions.find((x) => x.parallelism === 8)!.limitedBy, 'chunks-per-reader');
});

test('the days/hours verdict uses the pessimistic end of the range', () => {
  // ≈ 0.86 days at p = 2: the high end of its range passes a day.
  const e = estimateSnapshot(model(), workload(1000, 8096 * 140), [1, 2], 8096);
  const p2 = e.predictions.find((x) => x.parallelism === 2)!;
  assert.ok(p2.seconds < 86_400 && p2.high > 86_400, `${p2.seconds} – ${p2.high}`);
  assert.match(e.verdict, /takes days even at p=2/);
  assert.match(e.verdict, /plan for up to/);
});

test('captured tables: the enumerator reads every captured table\'s schema before splitting each; the readers wait on it for between none and all of it', () => {
  // 300 tables of one chunk; the schema reads measured at 0.9 s a table with 300 captured: E = 270 s + 15 s of splitting queries.
  const w = workload(300, 4_000);
  const schemaReads = { points: [{ tables: 10, seconds: 0.03 }, { tables: 300, seconds: 0.9 }], fixedSeconds: 0, perTableSeconds: 0.003 };
  const without = estimateSnapshot(model(), w, [1, 2, 4], 8096);
  const withReads = estimateSnapshot(model(), w, [1, 2, 4], 8096, { schemaReads });
  const at = (e: ReturnType<typeof estimateSnapshot>, p: number) => e.predictions.find((x) => x.parallelism === p)!;
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  // p = 1: the readers' 318 s against E = 285 s: fed, 333 s; starved, 603 s; a quarter of the way, and the readers still the longer part.
  assert.ok(near(at(without, 1).seconds, 8 + 15 + 318));
  assert.ok(near(at(withReads, 1).seconds, 8 + 333 + 0.25 * (603 - 333)), `${at(withReads, 1).seconds}`);
  assert.equal(at(withReads, 1).limitedBy, 'measured');
  // p = 2: the readers' 159 s are less than the splitting: fed, 285 s; starved, 444 s.
  const two = at(withReads, 2);
  assert.equal(two.limitedBy, 'serial-splitting');
  assert.ok(near(two.seconds, 8 + 285 + 0.25 * (444 - 285)), `${two.seconds}`);
  assert.ok(two.low <= 8 + 285 && two.high >= 8 + 444, `range ${two.low}–${two.high} does not span both ends`);
  // More readers never take less than the splitting itself.
  assert.ok(at(withReads, 4).low <= 8 + 285 && at(withReads, 4).seconds >= 8 + 285);
  assert.equal(withReads.recommended, 2);
  assert.ok(withReads.extrapolations.some((l) => /reads the schema of all 300 captured tables before splitting each.*0\.90 s a table.*sets the time at p = 2, 4/.test(l)), withReads.extrapolations.join('\n'));
  // Ten times fewer tables captured: a hundredth of the schema reads; the readers set the time again.
  const few = estimateSnapshot(model(), workload(30, 40_000), [1, 2], 8096, { schemaReads });
  assert.equal(at(few, 2).limitedBy, 'measured');
});

test('with the schema reads measured, the table count is no longer an unmeasured extrapolation (no line, no wider range)', () => {
  const w = workload(300, 4_000);
  const schemaReads = { points: [{ tables: 300, seconds: 0.01 }], fixedSeconds: 0, perTableSeconds: 0.00003 };
  const unmeasured = estimateSnapshot(model(), w, [1, 2], 8096);
  const measured = estimateSnapshot(model(), w, [1, 2], 8096, { schemaReads });
  assert.ok(unmeasured.extrapolations.some((l) => /300 tables vs 10–14 calibrated/.test(l)));
  assert.ok(!measured.extrapolations.some((l) => /300 tables vs/.test(l)), measured.extrapolations.join('\n'));
  assert.ok(measured.predictions[0]!.high - measured.predictions[0]!.seconds < unmeasured.predictions[0]!.high - unmeasured.predictions[0]!.seconds);
});
