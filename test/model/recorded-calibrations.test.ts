import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { catalogSchema } from '../../src/catalog/catalog.js';
import { estimateFromRuns } from '../../src/commands/estimate.js';
import { rangeCoverage } from '../../src/model/range-coverage.js';
import { runResultSchema } from '../../src/model/run-result.js';

/**
 * Real calibrations, recorded by bench:sample on database shapes the model was not built on
 * (docs/benchmarks.md, "Sampled sizing accuracy on other shapes"), one folder per run: the sampled
 * run's result.json, the catalog it wrote, and the full snapshot's measured wall times (truth.json,
 * with when and at which commit). The model of today is judged on what it would tell the user from
 * those real measurements, not on synthetic data from its own family.
 */
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/calibrations');
const truthSchema = z.object({ shape: z.string(), when: z.string(), commit: z.string(), command: z.string(), measured: z.array(z.object({ parallelism: z.number().int().positive(), seconds: z.number().positive() })) });

const shapes = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const read = (shape: string, file: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, shape, file), 'utf8'));

function estimateOf(shape: string, parallelism: number[]) {
  const run = runResultSchema.parse(read(shape, 'result.json'));
  const catalog = catalogSchema.parse(read(shape, 'catalog.json'));
  return estimateFromRuns([run], catalog, { catalogName: 'catalog.json', sourceOptions: {}, parallelism });
}

test('recorded calibrations are present: at least three shapes unlike the one the model was built on', () => {
  const kinds = new Set(shapes.map((d) => truthSchema.parse(read(d, 'truth.json')).shape));
  kinds.delete('crm'); // the shape the model was built on
  assert.ok(kinds.size >= 3, `found ${[...kinds].join(', ')}`);
});

for (const shape of shapes) {
  test(`${shape}: every full snapshot measured lies inside the range the sampled sizing predicted for it`, () => {
    const truth = truthSchema.parse(read(shape, 'truth.json'));
    const { estimate } = estimateOf(shape, truth.measured.map((m) => m.parallelism));
    const outcomes = truth.measured.map((m) => ({ m, p: estimate.predictions.find((x) => x.parallelism === m.parallelism)! }));
    const coverage = rangeCoverage(outcomes.map(({ m, p }) => ({ low: p.low, high: p.high, measured: m.seconds })));
    assert.equal(coverage.inside, truth.measured.length, outcomes.map(({ m, p }) => `p = ${m.parallelism}: measured ${m.seconds.toFixed(1)} s, range ${p.low.toFixed(1)}–${p.high.toFixed(1)} s (predicted ${p.seconds.toFixed(1)} s)`).join('; '));
  });

  test(`${shape}: asked for p = 32 from p ≤ 2 on 2 cores, the estimate never beats the source's measured scaling, and recommends only a measured parallelism`, () => {
    const { estimate, bounds } = estimateOf(shape, [1, 2, 4, 8, 16, 32]);
    const at = (p: number) => estimate.predictions.find((x) => x.parallelism === p)!;
    const raw = bounds.sourceScaling ?? [];
    const src = (p: number) => raw[0]!.readSeconds / Math.min(...raw.filter((r) => r.parallelism <= p).map((r) => r.readSeconds));
    const measured = at(1).seconds / at(2).seconds;
    for (const p of [4, 8, 16, 32]) {
      assert.notEqual(at(p).limitedBy, 'measured');
      // Never better than the source's raw-copy speedup at p, unless the connector was measured faster at p = 2 already;
      // and never slower than the measured p = 2 for a bound's sake.
      if (raw.length > 0) assert.ok(at(1).seconds / at(p).seconds <= Math.max(src(p), measured) + 1e-9, `p = ${p} beats the source`);
      if (at(p).limitedBy === 'source-scaling') assert.ok(at(p).seconds <= at(2).seconds + 1e-9, `p = ${p}: ${at(p).seconds} s, slower than the measured p = 2's ${at(2).seconds} s`);
    }
    assert.ok(estimate.recommended <= 2, `recommended ${estimate.recommended}`);
    assert.match(estimate.nextMeasurement ?? '', /--flink-url/);
  });
}

/**
 * The runs whose full jobs split for long (the enumerator's schema reads a large part of the time),
 * held to issue 18's 15 %: the splitting overlap's position was fitted on the first three; the
 * others were run after it was fixed (tenant-schemas-0725 just before, and re-estimated).
 */
const SPLITTING_BOUND = ['many-small-1537', 'many-small-1639', 'partitioned-1546', 'tenant-schemas-0725', 'tenant-schemas-x4-0747', 'many-small-0757', 'partitioned-0805', 'many-small-x4-0830'];

for (const shape of SPLITTING_BOUND) {
  test(`${shape}: the full snapshot split for long, and the estimate is within 15 % of it at every measured parallelism`, () => {
    const truth = truthSchema.parse(read(shape, 'truth.json'));
    const { estimate } = estimateOf(shape, truth.measured.map((m) => m.parallelism));
    for (const m of truth.measured) {
      const p = estimate.predictions.find((x) => x.parallelism === m.parallelism)!;
      const error = (p.seconds - m.seconds) / m.seconds;
      assert.ok(Math.abs(error) <= 0.15, `p = ${m.parallelism}: predicted ${p.seconds.toFixed(1)} s, measured ${m.seconds.toFixed(1)} s (${(100 * error).toFixed(1)} %)`);
    }
  });
}
