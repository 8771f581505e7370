import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Catalog, CatalogTable } from '../../src/catalog/catalog.js';
import { applySample, sampleCostNote, sampledTableSizes } from '../../src/commands/estimate-sampling.js';
import type { Workload } from '../../src/model/workload.js';
import type { RunResult, SampleRecord } from '../../src/model/run-result.js';

function table(name: string, rows: number, heap: number, toast: number, extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    schema: 'public', name, rows, rowsSource: 'statistics', statisticsRows: rows, heapBytes: heap, toastBytes: toast, indexBytes: 0, avgRowBytes: 0, avgRowBytesSource: 'heap',
    primaryKey: { columns: [{ name: 'id', type: 'bigint' }] }, keyShape: { shape: 'bigint-sequential' }, replicaIdentity: 'default', columns: [],
    writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 }, ...extra,
  };
}

test('the sampled tables\' sizes: heap and TOAST, a partitioned table as its leaves summed, each leaf cut into its own chunks; unsampled tables left out', () => {
  const catalog = {
    tables: [
      table('attachments', 20_000, 10e6, 2_290e6),
      table('events', 0, 0, 0, { partitions: ['public.events_a', 'public.events_b'] }),
      table('events_a', 9_000, 3e6, 0, { partitionOf: 'public.events' }),
      table('events_b', 100, 1e5, 0, { partitionOf: 'public.events' }),
      table('orders', 900_000, 300e6, 0),
      // 80,000 rows split by a leading column of three values: the connector cut 3 chunks, not 10.
      table('dim', 80_000, 8e6, 0),
    ],
  } as unknown as Catalog;
  const sample = { measuredTables: ['public.attachments', 'public.events', 'public.gone', 'public.dim'], chunkProbes: [{ table: 'public.dim', chunkSize: 8096, chunks: 3 }, { table: 'public.dim', chunkSize: 1000, chunks: 7 }] } as unknown as SampleRecord;
  const sizes = sampledTableSizes(sample, catalog, 8096);
  assert.deepEqual(Object.fromEntries(sizes), {
    'public.attachments': { diskBytes: 2_300e6, chunks: 3 },
    // 9,000 rows make 2 chunks and 100 rows 1: 3, not the 2 of 9,100 rows in one table.
    'public.events': { diskBytes: 3.1e6, chunks: 3 },
    'public.dim': { diskBytes: 8e6, chunks: 3 },
  });
});

test("a class no sampled table stood for is said with its share of the catalog's chunks (probed counts where probed)", () => {
  const catalog = {
    tables: [
      table('audit', 800_000, 40e6, 0),
      table('tickets', 200_000, 140e6, 0, { keyShape: { shape: 'uuid', version: 4 } }),
      table('dim', 6_000, 1e6, 0, { keyShape: { shape: 'composite' } }),
    ],
  } as unknown as Catalog;
  const workload: Workload = {
    name: 'c',
    tables: [
      { name: 'public.audit', rows: 800_000, diskBytes: 40e6, hasKey: true, keyShape: 'bigint-sequential', chunks: 100 },
      { name: 'public.tickets', rows: 200_000, diskBytes: 140e6, hasKey: true, keyShape: 'uuid' },
      { name: 'public.dim', rows: 6_000, diskBytes: 1e6, hasKey: true, keyShape: 'composite' },
    ],
  };
  const sample = {
    spec: '10%',
    selectedTables: ['public.audit', 'public.tickets', 'public.dim'],
    measuredTables: ['public.dim'],
    chunkProbes: [],
    classes: [
      { dimension: 'key', value: 'composite', tables: 1, measuredBy: 'public.dim' },
      { dimension: 'key', value: 'bigint-sequential', tables: 1, measuredBy: null },
      { dimension: 'key', value: 'uuid', tables: 1, measuredBy: null },
      { dimension: 'size', value: 'largest (chunk boundaries probed)', tables: 2, measuredBy: null },
    ],
  } as unknown as SampleRecord;
  const { note, uncovered } = applySample(sample, catalog, workload, 8096);
  assert.deepEqual(uncovered, ['key=bigint-sequential', 'key=uuid']);
  // audit: its 100 probed chunks, not 99 by rows; tickets: 25 by rows; dim 1: 126 in all.
  assert.match(note, /key=bigint-sequential \(100 of 126, 79 % of the catalog's chunks\), key=uuid \(25 of 126, 20 % of the catalog's chunks\), whose chunks are costed as the sample's/);
  assert.ok(workload.tables.every((t) => t.chunkSeconds === undefined), 'nothing read in part');

  // audit read in part: its chunks cost its cycles after the job's first ten (0.70 s), and the note says so.
  const partial = { ...sample, partialReads: [{ table: 'public.audit', chunkSize: 8096, rows: 170_000, cycles: 20, cycleSeconds: 10 * 0.95 + 10 * 0.7, wallSeconds: 21, earlyCycles: 10, earlyCycleSeconds: 9.5 }] } as SampleRecord;
  const again = applySample(partial, catalog, workload, 8096);
  assert.ok(Math.abs(workload.tables.find((t) => t.name === 'public.audit')!.chunkSeconds! - 0.7) < 1e-9);
  assert.equal(workload.tables.find((t) => t.name === 'public.tickets')!.chunkSeconds, undefined);
  assert.match(again.note, /read in part \(the first chunks of each, at p = 1\), their chunks measured instead of costed by the model's per-chunk line: public\.audit \(100 chunks\) at 0\.700 s a chunk, its cycles after the job's first ten \(10\)/);
  assert.match(again.note, /key=bigint-sequential \(100 of 126, 79 % of the catalog's chunks; 100 of them public\.audit's, read in part\), key=uuid \(25 of 126, 20 % of the catalog's chunks\), whose chunks not read in part are costed as the sample's/);
  // Its sizes join the sampled tables' (its first cycles join the per-GB line).
  assert.deepEqual(sampledTableSizes(partial, catalog, 8096).get('public.audit'), { diskBytes: 40e6, chunks: 99 });
});

test("the sample's connector jobs against the full snapshots estimated at their parallelisms: the share said, and the full run named over 10 %", () => {
  const run = (partial: number[]) =>
    ({
      source: { kind: 'existing', sample: { partialReads: partial.map((wallSeconds) => ({ table: 'd.audit', chunkSize: 8096, rows: 1, cycles: 20, cycleSeconds: 1, wallSeconds })) } },
      points: [1, 2].map((parallelism) => ({ settings: { parallelism }, samples: [{ ok: true, wallSeconds: parallelism === 1 ? 30 : 16 }, { ok: false, wallSeconds: 500 }] })),
    }) as unknown as RunResult;
  const predictions = [{ parallelism: 1, seconds: 400 }, { parallelism: 2, seconds: 220 }, { parallelism: 4, seconds: 200 }];
  // 30 + 16 s of jobs (a failed job does not count) against 620 s: 7 %.
  assert.equal(sampleCostNote([run([])], predictions), "; the sample's connector jobs took 46 s, 7 % of the full snapshots estimated at p = 1, 2 (10 min)");
  // A partial read of 24 s: 70 s, 11 %, and the full run that would measure it.
  assert.match(sampleCostNote([run([24])], predictions)!, /took 70 s \(its tables read in part included\), 11 % of the full snapshots estimated at p = 1, 2 \(10 min\): on a selection this small, a full run at those parallelisms \(run without --sample\) measures what this estimates, in about 10 min of snapshots$/);
  // A calibration of no sampled run says nothing.
  assert.equal(sampleCostNote([{ ...run([]), source: { kind: 'scenario' } } as unknown as RunResult], predictions), undefined);
});
