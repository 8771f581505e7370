import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationSamples, unusedSamples, unusedSamplesNote } from '../../src/model/calibration-samples.js';
import { fitCapacityModel } from '../../src/model/capacity-model.js';
import type { RunResult } from '../../src/model/run-result.js';
import { sampleCosts } from '../../src/model/sample-costs.js';
import { syntheticRun } from '../support/synthetic-run.js';

/** A sampled run of 11 one-chunk tables with 0.1 s of splitting each, read at p = 1 (one reader, 10 cycles of 0.5 s) and p = 2. */
function sampled(): RunResult {
  const run = syntheticRun(0, Array<number>(11).fill(8000), [8096], [1, 2], {}, 0, 0);
  for (const p of run.points) {
    const s = p.samples[0]!;
    const spans = p.settings.parallelism === 1 ? [10] : [5, 4];
    s.tables = [...Array(11).keys()].map((i) => ({ table: `s.t${i}`, rows: 8000, bytes: 0, splitQueryMillis: 100 }));
    s.readers = spans.map((n) => ({ spanSeconds: n * 0.5, cycles: n, cycleSeconds: n * 0.5, cycleSquaredSeconds: n * 0.25 }));
    s.readSeconds = 2.5 + Math.max(...spans) * 0.5 + 0.5;
    s.wallSeconds = s.readSeconds + 6;
  }
  return run;
}

test('a sample whose chunk count could not be read is not dropped silently: the fit says it could not use it, and why', () => {
  const run = sampled();
  // A second p = 2 job whose enumerators' metric was never read.
  const p2 = run.points.find((p) => p.settings.parallelism === 2)!;
  const { chunks: _, ...unread } = p2.samples[0]!;
  p2.samples.push({ ...unread, repeat: 2, chunksUnknown: "the enumerators' numSnapshotSplitsProcessed metric could not be read from Flink" });
  assert.equal(calibrationSamples([run], {}).length, 2);
  const unused = unusedSamples([run], {});
  assert.deepEqual(unused.map((u) => [u.parallelism, u.repeat, u.left]), [[2, 2, 'sample']]);
  assert.match(unusedSamplesNote(unused)!, /^1 successful calibration sample\(s\) could not be used: synthetic@1 p=2 chunk=8096 #2: not used, its chunk count is unknown \(the enumerators' numSnapshotSplitsProcessed metric/);
  // The fit stands on the samples it could use.
  assert.equal(fitCapacityModel([run], {}, 8096, sampleCosts([run], {}, 8096)).measured.samples, 2);
});

test('a p = 1 job whose splitting the statement statistics could not tell is left out of the per-table cost, and said', () => {
  const run = sampled();
  const p1 = run.points.find((p) => p.settings.parallelism === 1)!;
  // A second p = 1 job: pg_stat_statements was reset during it, so its tables carry no splitting time.
  p1.samples.push({ ...p1.samples[0]!, repeat: 2, tables: p1.samples[0]!.tables.map(({ splitQueryMillis: _, ...t }) => t), statementsUnknown: 'pg_stat_statements was reset during the job (stats_reset a → b)' });
  // Not 0.1 s halved by a job read as having had no splitting.
  assert.ok(Math.abs(sampleCosts([run], {}, 8096)!.perTableSeconds - 0.1) < 1e-9);
  const unused = unusedSamples([run], {});
  assert.deepEqual(unused.map((u) => [u.parallelism, u.repeat, u.left]), [[1, 2, 'splitting']]);
  assert.match(unusedSamplesNote(unused)!, /^1 successful calibration sample\(s\) were fitted without their splitting time: .*p=1 chunk=8096 #2: splitting not used, its splitting time is unknown \(pg_stat_statements was reset/);
  // Every p = 1 job's splitting unknown: no measured per-table cost, so no sampled costs (the joint fit takes over; the note says why).
  p1.samples.splice(0, 1);
  assert.equal(sampleCosts([run], {}, 8096), undefined);
});

test('every sample usable: nothing to say', () => {
  assert.deepEqual(unusedSamples([sampled()], {}), []);
  assert.equal(unusedSamplesNote([]), undefined);
});
