import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cycleAtSampleMix, explainModel, fitCapacityModel } from '../../src/model/capacity-model.js';
import { estimateSnapshot } from '../../src/model/estimate.js';
import type { RunResult } from '../../src/model/run-result.js';
import type { Workload } from '../../src/model/workload.js';
import { sampleCosts, steadyCycle } from '../../src/model/sample-costs.js';
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

test('a sample whose cycles were mostly its readers\' first ten says so; one from a jar that did not count them, or mostly past them, says nothing', () => {
  const run = sampled([steady(10, 1)], [steady(5, 1), steady(4, 1)]);
  const said = (early: number | undefined) => {
    for (const p of run.points) for (const r of p.samples[0]!.readers!) r.earlyCycles = early === undefined ? undefined : Math.min(early, r.cycles);
    return explainModel(fit(run)).find((l) => l.startsWith('first cycles'));
  };
  assert.equal(said(undefined), undefined);
  assert.match(said(10) ?? '', /^first cycles: 19 of the sample's 19 cycles were among each reader's first ten/);
  // Fewer than half of them first ones (a job long enough to be mostly past them): nothing to say.
  assert.equal(said(3), undefined);
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

/**
 * A sampled run of two narrow tables (1 MB chunks) and two wide ones (100 MB chunks) whose cycles
 * cost 1.0 s + 12 s per GB of the chunk (1.012 s and 2.2 s), p = 2's readers `contention` times
 * slower, each reader's cycles ended on the tables as given. The sizes are the catalog's.
 */
const NARROW = 1.0 + 12 * 0.001;
const WIDE = 1.0 + 12 * 0.1;
function twoWidths(p1: Record<string, number>, p2: Record<string, number>, contention = 1.2): RunResult {
  const run = syntheticRun(0, Array<number>(11).fill(8000), [8096], [1, 2], {}, 0, 0);
  for (const p of run.points) {
    const s = p.samples[0]!;
    const counts = p.settings.parallelism === 1 ? p1 : p2;
    const slower = p.settings.parallelism === 1 ? 1 : contention;
    const cycle = (t: string) => (t.startsWith('s.wide') ? WIDE : NARROW) * slower;
    s.tables = Object.entries(counts).map(([table, n]) => ({ table, rows: 8000, bytes: 0, splitQueryMillis: 100, cycles: n, cycleSeconds: n * cycle(table) }));
    const span = s.tables.reduce((a, t) => a + t.cycleSeconds!, 0);
    const cycles = s.tables.reduce((a, t) => a + t.cycles!, 0);
    // One reader holds every cycle: the readers' cadence is the tables' cycles summed.
    s.readers = [{ spanSeconds: span, cycles, cycleSeconds: span, cycleSquaredSeconds: 0 }, ...(p.settings.parallelism > 1 ? [{ spanSeconds: 0, cycles: 0, cycleSeconds: 0, cycleSquaredSeconds: 0 }] : [])];
    s.readSeconds = 2.5 + span + 0.5;
    s.wallSeconds = s.readSeconds + 6;
  }
  return run;
}
/** p = 1: 10 cycles (11 chunks on one reader), 6 narrow and 4 wide; p = 2: 9 cycles, 5 narrow and 4 wide. */
const mixed = () => twoWidths({ 's.narrow1': 3, 's.narrow2': 3, 's.wide1': 2, 's.wide2': 2 }, { 's.narrow1': 3, 's.narrow2': 2, 's.wide1': 2, 's.wide2': 2 });
const sizes = (narrowMb: number, wideMb: number) =>
  new Map([
    ['s.narrow1', { diskBytes: narrowMb * 1e6 * 3, chunks: 3 }],
    ['s.narrow2', { diskBytes: narrowMb * 1e6 * 3, chunks: 3 }],
    ['s.wide1', { diskBytes: wideMb * 1e6 * 2, chunks: 2 }],
    ['s.wide2', { diskBytes: wideMb * 1e6 * 2, chunks: 2 }],
  ]);
const p1Cadence = (3 * 2 * NARROW + 2 * 2 * WIDE) / 10;
const fitWith = (run: RunResult, s?: Map<string, { diskBytes: number; chunks: number }>) => fitCapacityModel([run], {}, 8096, sampleCosts([run], {}, 8096, s));

test('tables of 1 MB and 100 MB chunks: the per-GB cost of a chunk is fitted from their cycles, p = 2\'s contention held out', () => {
  const bytes = sampleCosts([mixed()], {}, 8096, sizes(1, 100))!.chunkBytes!;
  assert.ok(Math.abs(bytes.perGbSeconds! - 12) < 1e-6, String(bytes.perGbSeconds));
  assert.equal(bytes.tables, 4);
  assert.deepEqual(bytes.gbPerChunk.map((x) => Math.round(x * 1e6)), [1000, 100_000]);
  // 11 narrow cycles and 8 wide ones.
  assert.ok(Math.abs(bytes.sampleGbPerChunk - (11 * 0.001 + 8 * 0.1) / 19) < 1e-12, String(bytes.sampleGbPerChunk));
  // Each job alone at p = 1's scale: the same slope whatever p = 2's contention.
  const slower = sampleCosts([twoWidths({ 's.narrow1': 3, 's.narrow2': 3, 's.wide1': 2, 's.wide2': 2 }, { 's.narrow1': 3, 's.narrow2': 2, 's.wide1': 2, 's.wide2': 2 }, 1.6)], {}, 8096, sizes(1, 100))!.chunkBytes!;
  assert.ok(Math.abs(slower.perGbSeconds! - 12) < 1e-6, String(slower.perGbSeconds));
});

test('tables of alike widths cannot tell a chunk\'s bytes from its cycle: the per-GB cost is unknown and 0 in the model', () => {
  const alike = sizes(1, 2.5);
  const bytes = sampleCosts([mixed()], {}, 8096, alike)!.chunkBytes!;
  assert.equal(bytes.perGbSeconds, undefined);
  assert.match(bytes.unfitted ?? '', /differ less than 3×/);
  const model = fitWith(mixed(), alike);
  assert.equal(model.costs.perGbSeconds, 0);
  assert.equal(model.costs.perChunkSeconds, fitWith(mixed()).costs.perChunkSeconds);
  assert.match(explainModel(model).at(-1)!, /per-GB cost: not measurable/);
  // A table read in one cycle says nothing of its spread: the wide tables of one cycle each leave nothing to fit on.
  const once = sampleCosts([twoWidths({ 's.narrow1': 5, 's.narrow2': 4, 's.wide1': 1 }, { 's.narrow1': 5, 's.narrow2': 4 })], {}, 8096, sizes(1, 100))!.chunkBytes!;
  assert.equal(once.perGbSeconds, undefined);
});

test('at the sample\'s own mix the model predicts the cycle its readers measured; the bytes only move other mixes', () => {
  const model = fitWith(mixed(), sizes(1, 100));
  const without = fitWith(mixed());
  assert.ok(model.costs.perGbSeconds > 11, String(model.costs.perGbSeconds));
  assert.equal(without.costs.perGbSeconds, 0);
  // The readers' cadence, fitted over p = 1 and 2 (σ on a grid): within 1 % of p = 1's own cycles.
  const measured = without.costs.perChunkSeconds;
  assert.ok(Math.abs(measured - p1Cadence) / p1Cadence < 0.01, `${measured} vs ${p1Cadence}`);
  assert.ok(Math.abs(cycleAtSampleMix(model) - measured) < 1e-9, `${cycleAtSampleMix(model)} vs ${measured}`);
  assert.ok(model.costs.perChunkSeconds < measured - 0.4, String(model.costs.perChunkSeconds));
  assert.equal(model.law.sigma, without.law.sigma);
  assert.match(explainModel(model).at(-1)!, /fitted on the cycles of 4 sampled tables of 1\.00 MB–100\.0 MB per chunk/);
});

/** A catalog of `tables` one-chunk tables of `mb` MB each, 8,000 rows a table. */
const catalogOf = (tables: number, mb: number): Workload => ({ name: 'catalog.json', tables: Array.from({ length: tables }, (_, i) => ({ name: `c.t${i}`, rows: 8000, diskBytes: mb * 1e6, hasKey: true })) });

test('a catalog of narrow chunks costs each chunk less than the wide sample\'s cycle, by the fitted bytes', () => {
  const model = fitWith(mixed(), sizes(1, 100));
  const without = fitWith(mixed());
  const narrow = catalogOf(200, 1);
  const withBytes = estimateSnapshot(model, narrow, [1], 8096).predictions[0]!.seconds;
  const asSampled = estimateSnapshot(without, narrow, [1], 8096).predictions[0]!.seconds;
  // 200 chunks, each at 1.0 s + 12 s/GB × 1 MB instead of the sample's mean cycle.
  const perChunk = model.costs.perChunkSeconds + model.costs.perGbSeconds * 0.001;
  assert.ok(Math.abs(asSampled - withBytes - 200 * (without.costs.perChunkSeconds - perChunk)) < 1e-6, `${asSampled - withBytes}`);
  assert.ok(Math.abs(perChunk - NARROW) / NARROW < 0.03, String(perChunk));
  // A catalog of wide chunks costs more than the sample's mix.
  assert.ok(estimateSnapshot(model, catalogOf(200, 100), [1], 8096).predictions[0]!.seconds > estimateSnapshot(without, catalogOf(200, 100), [1], 8096).predictions[0]!.seconds);
});

test('per-GB cost unknown and the catalog\'s chunks over 2× the sample\'s: an extrapolation line that widens the range', () => {
  const model = fitWith(mixed(), sizes(1, 2.5));
  const sampleMb = model.chunkBytes!.sampleGbPerChunk * 1000;
  const alike = estimateSnapshot(model, catalogOf(200, sampleMb), [1], 8096);
  const wide = estimateSnapshot(model, catalogOf(200, 100), [1], 8096);
  const narrow = estimateSnapshot(model, catalogOf(200, sampleMb / 2.5), [1], 8096);
  const line = /chunks of ([\d.]+) MB on disk on average vs the sample's ([\d.]+) MB/;
  assert.equal(alike.extrapolations.some((l) => line.test(l)), false);
  assert.equal(narrow.extrapolations.some((l) => line.test(l)), true);
  const said = wide.extrapolations.find((l) => line.test(l))!;
  const [catalogMb, sampledMb] = line.exec(said)!.slice(1).map(Number);
  assert.equal(catalogMb, 100);
  assert.ok(Math.abs(sampledMb! - sampleMb) < 0.01, `${sampledMb} vs ${sampleMb}`);
  // Same chunks, same time (the per-GB cost is 0): only the line widens the range, by 10 % of the time.
  const [a, w] = [alike.predictions[0]!, wide.predictions[0]!];
  assert.ok(Math.abs(a.seconds - w.seconds) < 1e-9);
  assert.ok(Math.abs(w.high - a.high - 0.1 * w.seconds) < 1e-6, `${w.high - a.high} vs ${0.1 * w.seconds}`);
  // With the per-GB cost fitted, the catalog's width is in the time, not a line.
  const fitted = estimateSnapshot(fitWith(mixed(), sizes(1, 100)), catalogOf(200, 1000), [1], 8096);
  assert.equal(fitted.extrapolations.some((l) => line.test(l)), false);
});

test('a large table read in part: its first cycles join the per-GB line, not the readers\' mix; its later ones cost its chunks in the estimate', () => {
  // Only alike widths in the jobs (1 and 2.5 MB): no line; a table of 0.2 MB chunks read in part, whose first ten cycles cost 0.90 s.
  const alike = new Map([...sizes(1, 2.5), ['s.audit', { diskBytes: 0.2e6 * 400, chunks: 400 }]]);
  const audit = { table: 's.audit', cycles: 19, cycleSeconds: 10 * 0.9 + 9 * 0.7, earlyCycles: 10, earlyCycleSeconds: 9 };
  const without = sampleCosts([mixed()], {}, 8096, alike)!.chunkBytes!;
  const withPart = sampleCosts([mixed()], {}, 8096, alike, [audit])!.chunkBytes!;
  assert.equal(without.perGbSeconds, undefined);
  assert.ok(withPart.perGbSeconds !== undefined && withPart.perGbSeconds > 0, String(withPart.perGbSeconds));
  assert.deepEqual(withPart.partialTables, ['s.audit']);
  assert.equal(withPart.tables, 5);
  assert.equal(withPart.sampleGbPerChunk, without.sampleGbPerChunk, "the readers' cadence was measured on the jobs' mix only");
  // The steady cost: the mean of the cycles after the job's first ten, when there are enough of them; else every cycle's.
  assert.deepEqual(steadyCycle(audit), { seconds: (10 * 0.9 + 9 * 0.7 - 9) / 9, cycles: 9, after: true });
  assert.deepEqual(steadyCycle({ ...audit, cycles: 13, cycleSeconds: 9 + 3 * 0.7 }), { seconds: (9 + 3 * 0.7) / 13, cycles: 13, after: false });
  assert.deepEqual(steadyCycle({ table: 's.audit', cycles: 12, cycleSeconds: 12 }), { seconds: 1, cycles: 12, after: false });
});

test('a table whose chunks were measured costs them in the estimate: the line\'s cost replaced by the measured one, shared by the readers', () => {
  const model = fitWith(mixed());
  const line = model.costs.perChunkSeconds;
  const catalog = (chunkSeconds?: number): Workload => ({ name: 'c', tables: [{ name: 'c.big', rows: 8000 * 300, diskBytes: 300e6, hasKey: true, chunks: 300, ...(chunkSeconds !== undefined ? { chunkSeconds } : {}) }, ...catalogOf(50, 1).tables] });
  const at = (w: Workload, p: number) => estimateSnapshot(model, w, [1, 2], 8096).predictions.find((x) => x.parallelism === p)!.seconds;
  assert.ok(Math.abs(at(catalog(line), 1) - at(catalog(), 1)) < 1e-9, 'measured at the line: the same estimate');
  assert.ok(Math.abs(at(catalog(), 1) - at(catalog(line - 0.3), 1) - 300 * 0.3) < 1e-6, `${at(catalog(), 1) - at(catalog(line - 0.3), 1)}`);
  assert.ok(at(catalog(line - 0.3), 2) < at(catalog(), 2));
  assert.ok(at(catalog(line + 0.3), 1) > at(catalog(), 1));
});

test('chunks over 2× wider than the per-GB line was fitted on, 5 % of the catalog\'s or more: said as an extrapolation, the range widened', () => {
  const model = fitWith(mixed(), sizes(1, 100));
  const within = estimateSnapshot(model, catalogOf(200, 150), [1], 8096);
  const beyond = estimateSnapshot(model, catalogOf(200, 300), [1], 8096);
  assert.ok(!within.extrapolations.some((l) => /the line extended/.test(l)), within.extrapolations.join('\n'));
  assert.ok(beyond.extrapolations.some((l) => /^200 of the catalog's 200 chunks \(c\.t0, c\.t1, c\.t2, …\) are up to 300\.0 MB on disk, over 2× the widest the per-GB line was fitted on \(100\.0 MB\): they are costed on the line extended/.test(l)), beyond.extrapolations.join('\n'));
  const spread = (e: typeof within) => e.predictions[0]!.high / e.predictions[0]!.seconds;
  assert.ok(spread(beyond) > spread(within), `${spread(beyond)} vs ${spread(within)}`);
  // A table whose chunks were measured in part is not extrapolated.
  const measured = catalogOf(200, 300);
  for (const t of measured.tables) t.chunkSeconds = 4;
  assert.ok(!estimateSnapshot(model, measured, [1], 8096).extrapolations.some((l) => /the line extended/.test(l)));
});
