import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import { estimateSnapshot, fmtDuration, recommend } from '../../src/model/estimate.js';
import { nonNegativeLeastSquares } from '../../src/model/least-squares.js';
import { uslSpeedup } from '../../src/model/scaling-law.js';
import type { Workload } from '../../src/model/workload.js';
import { syntheticRun } from '../support/synthetic-run.js';

test('non-negative least squares recovers exact coefficients and refuses negative ones', () => {
  const x = [[10, 1], [20, 1], [30, 2], [40, 3]];
  const fit = nonNegativeLeastSquares(x, x.map(([a, b]) => 0.5 * a! + 4 * b!));
  assert.deepEqual(fit.coefficients.map((c) => +c.toFixed(6)), [0.5, 4]);
  // y falls with the second column: a negative coefficient is not a cost, so that column is dropped.
  const neg = nonNegativeLeastSquares(x, x.map(([a, b]) => 0.5 * a! - 1 * b!));
  assert.equal(neg.coefficients[1], 0);
  assert.ok(neg.coefficients[0]! > 0);
});

test('collinear columns resolve to the simpler explanation', () => {
  const x = [[10, 20], [20, 40], [30, 60]];
  const fit = nonNegativeLeastSquares(x, [5, 10, 15]);
  assert.deepEqual(fit.coefficients.map((c) => +c.toFixed(6)), [0.5, 0]);
});

test('two volumes tell the per-chunk cost from the per-GB one, and a 4x volume is predicted', () => {
  const rows = [100_000, 40_000, 5_000, 900];
  const calibration = [syntheticRun(0.5e9, rows, [8096], [1, 2]), syntheticRun(1e9, rows.map((r) => r * 2), [8096], [1, 2])];
  const model = fitCapacityModel(calibration, {}, 8096);
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-6, JSON.stringify(model.costs));
  assert.ok(Math.abs(model.costs.perGbSeconds - 20) < 1e-4, JSON.stringify(model.costs));
  assert.ok(Math.abs(model.law.sigma - 0.2) < 1e-9);
  assert.equal(model.fixedSeconds, 6);
  assert.ok(model.fit.maxRelativeError < 1e-6);
  const big = syntheticRun(2e9, rows.map((r) => r * 4), [8096], [1, 2]);
  const workload: Workload = { name: 'x4', tables: rows.map((r, i) => ({ name: `t${i}`, rows: r * 4, diskBytes: (2e9 * r) / rows.reduce((a, b) => a + b), hasKey: true })) };
  const estimate = estimateSnapshot(model, workload, [1, 2], 8096);
  for (const [i, p] of [1, 2].entries()) {
    const measured = big.points[i]!.samples[0]!.wallSeconds;
    assert.ok(Math.abs(estimate.predictions[i]!.seconds - measured) / measured < 0.02, `p=${p}: ${estimate.predictions[i]!.seconds} vs ${measured}`);
  }
});

test('serial splitting and shared reading are told apart when volumes and parallelisms differ', () => {
  const rows = [100_000, 40_000, 5_000, 900];
  const calibration = [1, 2, 4].map((k) => syntheticRun(0.5e9 * k, rows.map((r) => r * k), [8096], [1, 2, 4], {}, 0, 0.75));
  const model = fitCapacityModel(calibration, {}, 8096);
  assert.ok(Math.abs(model.costs.perTableSeconds - 0.75) < 1e-6, JSON.stringify(model.costs));
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-6, JSON.stringify(model.costs));
  assert.ok(Math.abs(model.costs.perGbSeconds - 20) < 1e-4, JSON.stringify(model.costs));
  assert.deepEqual(model.law, { sigma: 0.2, kappa: 0 });
});

test('a calibration without p > 1 cannot speak for parallelism', () => {
  assert.throws(() => fitCapacityModel([syntheticRun(0.5e9, [100_000], [8096], [1])]), /scaling was not measured/);
});

test('fitted for one chunk size, only its samples count', () => {
  const runs = [1, 2].map((k) => syntheticRun(0.5e9 * k, [100_000 * k, 40_000 * k, 5_000 * k], [8096, 50_000], [1, 2]));
  const model = fitCapacityModel(runs, {}, 8096);
  assert.deepEqual(model.measured.chunkSizes, [8096]);
  assert.equal(model.measured.samples, 4);
  assert.equal(model.measured.atChunkSize, true);
  // A chunk size never measured falls back to every sample, and says so.
  const fallback = fitCapacityModel(runs, {}, 20_000);
  assert.deepEqual(fallback.measured.chunkSizes, [8096, 50_000]);
  assert.equal(fallback.measured.atChunkSize, false);
});

test('a per-chunk cost that grows with the captured tables is told apart when calibrations differ in table count', () => {
  const few = syntheticRun(0.2e9, [60_000, 30_000, 9_000], [8096, 50_000], [1, 2], {}, 0.01);
  const many = syntheticRun(0.1e9, new Array(60).fill(20_000), [8096, 50_000], [1, 2], {}, 0.01);
  const model = fitCapacityModel([few, many]);
  assert.ok(Math.abs(model.costs.perChunkPerTableSeconds - 0.01) < 1e-6, JSON.stringify(model.costs));
  assert.ok(Math.abs(model.costs.perChunkSeconds - 0.5) < 1e-6, JSON.stringify(model.costs));
  // One scenario alone cannot tell them apart: the whole chunk cost goes to the simpler term.
  const alone = fitCapacityModel([few]);
  assert.equal(alone.costs.perChunkPerTableSeconds, 0);
  assert.ok(Math.abs(alone.costs.perChunkSeconds - 0.53) < 1e-6, JSON.stringify(alone.costs));
});

test('estimate: range widens beyond the measured parallelism, which is flagged; verdict and long poles', () => {
  const model = fitCapacityModel([1, 2, 4].map((k) => syntheticRun(0.5e9 * k, [100_000 * k, 40_000 * k], [8096], [1, 2])), {}, 8096);
  const workload: Workload = {
    name: 'prod',
    tables: [
      { name: 'public.huge', rows: 2_000_000_000, diskBytes: 400e9, hasKey: true },
      { name: 'public.nokey', rows: 1_000, diskBytes: 1e6, hasKey: false },
    ],
    walBytesPerSecond: 5e6,
    maxSlotWalKeepSizeBytes: 100e9,
  };
  const e = estimateSnapshot(model, workload, [1, 2, 8, 32], 8096);
  const [p1, p2, p8, p32] = e.predictions;
  assert.equal(p1!.extrapolated, false);
  assert.equal(p8!.extrapolated, true);
  assert.ok((p32!.high - p32!.seconds) / p32!.seconds > (p2!.high - p2!.seconds) / p2!.seconds, 'wider range when extrapolated');
  assert.ok(e.extrapolations.some((x) => x.includes('p = 8, 32')));
  assert.ok(e.extrapolations.some((x) => x.includes('discard sink')));
  assert.deepEqual(e.workload.tablesWithoutKey, ['public.nokey']);
  assert.equal(e.longPoles[0]!.table, 'public.huge');
  assert.equal(e.wal.level, 'danger', e.wal.note);
  assert.match(e.verdict, /days at p=1/);
  assert.match(e.verdict, /recommended/);
});

test('recommended parallelism: where the next step saves less than 10 %', () => {
  const at = (parallelism: number, seconds: number) => ({ parallelism, seconds, low: seconds, high: seconds, extrapolated: false, limitedBy: 'measured' as const });
  assert.equal(recommend([at(1, 100), at(2, 55), at(4, 40), at(8, 38)]), 4);
  assert.equal(recommend([at(1, 100), at(2, 95)]), 1);
  assert.equal(fmtDuration(2.4 * 86_400), '2.4 days');
  assert.equal(fmtDuration(7 * 3600), '7.0 h');
  assert.equal(fmtDuration(600), '10 min');
});

test('estimates grow with the volume and shrink with parallelism until the fitted curve turns', () => {
  // Calibration whose speedups follow σ = 0.05, κ = 0.02: the curve peaks near p = 7.
  const law = { sigma: 0.05, kappa: 0.02 };
  const runs = [1, 2].map((k) => {
    const r = syntheticRun(0.5e9 * k, [100_000 * k, 40_000 * k], [8096], [1, 2, 4, 6]);
    const serial = r.points[0]!.samples[0]!.readSeconds!;
    for (const point of r.points) {
      const s = point.samples[0]!;
      s.readSeconds = serial / uslSpeedup(law, point.settings.parallelism);
      s.wallSeconds = s.readSeconds + 6;
    }
    return r;
  });
  const model = fitCapacityModel(runs, {}, 8096);
  assert.ok(Math.abs(model.law.kappa - 0.02) < 1e-6 && Math.abs(model.law.sigma - 0.05) < 1e-6, JSON.stringify(model.law));
  const workload = (scale: number): Workload => ({ name: `x${scale}`, tables: [0, 1, 2].map((i) => ({ name: `t${i}`, rows: 1e6 * scale, diskBytes: 2e8 * scale, hasKey: true })) });
  const at = (scale: number) => estimateSnapshot(model, workload(scale), [1, 2, 4, 7, 16, 32], 8096).predictions.map((p) => p.seconds);
  const small = at(1);
  const large = at(10);
  small.forEach((s, i) => assert.ok(large[i]! > s * 5, `p index ${i}: ${large[i]} vs ${s}`));
  // Faster with each step up to the peak, then slower: extra readers cost more than they bring.
  assert.ok(small[0]! > small[1]! && small[1]! > small[2]! && small[2]! > small[3]!, small.join(', '));
  assert.ok(small[4]! > small[3]! && small[5]! > small[4]!, small.join(', '));
});

test('chunk splitting by key shape: measured per chunk, and a catalog of dearer shapes costs more', () => {
  const runs = [1, 2].map((k) => {
    const r = syntheticRun(0.5e9 * k, [80_960 * k, 80_960 * k], [8096], [1, 2]);
    r.scenario.keyShapes = { 'public.t0': 'uuid', 'public.t1': 'bigint-sequential' };
    for (const p of r.points)
      for (const s of p.samples)
        s.tables = [
          { table: 'public.t0', rows: 80_960 * k, bytes: 0, splitQueryMillis: 30 * k },
          { table: 'public.t1', rows: 80_960 * k, bytes: 0, splitQueryMillis: 1 * k },
        ];
    return r;
  });
  const model = fitCapacityModel(runs, {}, 8096);
  assert.deepEqual(model.splitting.millisPerChunkByShape, { uuid: 3, 'bigint-sequential': 0.1 });
  assert.ok(Math.abs(model.splitting.meanMillisPerTable - 23.25) < 1e-9, 'scale 1: 30 and 1 ms, scale 2: 60 and 2 ms');
  const catalog = (shape: string): Workload => ({ name: shape, tables: [{ name: 't', rows: 8096 * 10_000, diskBytes: 1e9, hasKey: true, keyShape: shape }] });
  const uuid = estimateSnapshot(model, catalog('uuid'), [1], 8096).predictions[0]!.seconds;
  const dense = estimateSnapshot(model, catalog('bigint-sequential'), [1], 8096).predictions[0]!.seconds;
  assert.ok(Math.abs(uuid - dense - (10_000 * (3 - 0.1)) / 1000) < 1e-6, `${uuid} vs ${dense}`);
  const unseen = estimateSnapshot(model, catalog('text'), [1], 8096);
  assert.equal(unseen.predictions[0]!.seconds, uuid, 'an unseen shape costs as much as the dearest seen');
  assert.ok(unseen.extrapolations.some((x) => x.includes('key shapes text were not in the calibration')));
});
