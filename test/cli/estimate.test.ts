import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CATALOG_SCHEMA_VERSION, catalogSchema, type Catalog, type CatalogTable } from '../../src/catalog/catalog.js';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-estimate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = path.resolve('dist/src/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

function table(name: string, rows: number, bytes: number, key: boolean, extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    schema: 'public', name, rows, rowsSource: 'statistics', statisticsRows: rows, heapBytes: bytes, toastBytes: 0, indexBytes: 0, avgRowBytes: rows > 0 ? bytes / rows : 0, avgRowBytesSource: 'heap',
    primaryKey: key ? { columns: [{ name: 'id', type: 'bigint' }] } : null, keyShape: key ? { shape: 'bigint-sequential' } : { shape: 'none' }, replicaIdentity: 'default', columns: [],
    writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 }, ...extra,
  };
}

const catalog: Catalog = catalogSchema.parse({
  schemaVersion: CATALOG_SCHEMA_VERSION, kind: 'catalog', createdAt: '2026-11-26T00:00:00Z', cdcSizer: '0', schemas: ['public'], exactCounts: false, sampledSeconds: 10,
  server: { version: '15.4', versionNumber: 150004, database: 'prod', inRecovery: false, walLevel: 'logical', walBytesPerSecond: 2e6, maxSlotWalKeepSize: null, maxReplicationSlots: 10, maxWalSenders: 10, replicationSlotsInUse: 0, cores: null, databaseBytes: 300e9 },
  tables: [
    table('orders', 900_000_000, 200e9, true),
    table('events', 0, 0, true, { partitions: ['public.events_2025', 'public.events_2026'] }),
    table('events_2025', 300_000_000, 50e9, true, { partitionOf: 'public.events' }),
    table('events_2026', 100_000_000, 20e9, true, { partitionOf: 'public.events' }),
    table('audit', 5_000_000, 1e9, false),
  ],
});

test('estimate predicts a catalog from a calibration: leaf tables only, ranges, extrapolation, verdict, result file', () => {
  const volumes = [1, 2, 4].map((k) => file(`cal${k}.json`, syntheticRun(0.5e9 * k, [100_000, 40_000, 5_000].map((r) => r * k), [8096], [1, 2])));
  const r = run('estimate', ...volumes.flatMap((v) => ['--calibration', v]), '--catalog', file('catalog.json', catalog), '--parallelism', '2,8', '--free-disk', '100GB', '--json');
  assert.equal(r.status, 0, r.stderr);
  const e = estimateResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(e.workload.tables, 4, 'the partitioned parent is not read on its own');
  assert.equal(e.workload.chunks, [900_000_000, 300_000_000, 100_000_000, 5_000_000].reduce((a, rows) => a + Math.ceil(rows / 8096), 0));
  assert.deepEqual(e.predictions.map((p) => p.parallelism), [1, 2, 8]);
  assert.deepEqual(e.predictions.map((p) => p.extrapolated), [false, false, true]);
  assert.deepEqual(e.predictions.map((p) => p.limitedBy), ['measured', 'measured', 'source-scaling']);
  assert.ok(e.predictions.every((p) => p.low < p.seconds && p.seconds < p.high));
  assert.deepEqual(e.workload.tablesWithoutKey, ['public.audit']);
  assert.equal(e.longPoles[0]!.table, 'public.orders');
  assert.equal(e.wal.level, 'danger', 'at 2 MB/s for days the slot outgrows half of 100 GB');
  assert.match(e.verdict, /^≈ .* at p=1/);
  const reports = readdirSync(path.join(dir, 'reports'));
  assert.equal(reports.length, 1);
  assert.match(reports[0]!, /-estimate-catalog$/);
});

test('the terminal estimate shows the model, what was extrapolated and the verdict last', () => {
  // Three volumes at the predicted chunk size: enough to tell the per-chunk cost from the per-GB one.
  const volumes = [1, 2, 4].map((k) => file(`cal${k}.json`, syntheticRun(0.5e9 * k, [100_000, 40_000, 5_000].map((r) => r * k), [8096, 50_000], [1, 2])));
  const r = run('estimate', ...volumes.flatMap((v) => ['--calibration', v]), '--catalog', file('catalog.json', catalog), '--parallelism', '4');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0\.500 s per chunk \+ 20\.0 s per GB/);
  assert.match(r.stdout, /σ = 0\.200/);
  assert.match(r.stdout, /discard sink/);
  // p = 4 was never measured, nor the source's scaling, nor a cluster of the team's: p = 2 (measured) is recommended, and the plan is the range's high end.
  assert.match(r.stdout, /verdict: ≈ 23\.9 h at p=1 \(plan for up to 31\.1 h\), ≈ 14\.3 h at p=2 \(recommended; plan for up to 18\.6 h\); the sync will not take days at p ≥ 2$/m);
  assert.match(r.stdout, /│ 4 +│ 14\.3 h +│.*│ source-scaling +│ extrapolated/);
  assert.match(r.stdout, /beyond the evidence: p = 4 is not recommended.*cdc-sizer run --pg-url … --flink-url .* --parallelism 4$/m);
});

test('bad inputs: one line each, exit 2', () => {
  const catalogFile = file('catalog.json', catalog);
  const calibration = file('calibration.json', syntheticRun(0.5e9, [100_000], [8096], [1, 2]));
  const cases: [string[], RegExp][] = [
    [['--calibration', path.join(dir, 'missing.json'), '--catalog', catalogFile], /cannot read .*missing\.json: no such file/],
    [['--calibration', file('junk.json', 'not json'), '--catalog', catalogFile], /junk\.json is not JSON; expected a cdc-sizer run result/],
    [['--calibration', catalogFile, '--catalog', catalogFile], /catalog\.json is a "catalog" file; expected a cdc-sizer run result/],
    [['--calibration', file('future.json', { ...syntheticRun(1e9, [1], [8096], [1]), schemaVersion: 99 }), '--catalog', catalogFile], /written by a newer cdc-sizer \(schema version 99; this one reads 1\)/],
    [['--calibration', calibration, '--catalog', catalogFile, '--source-options', 'debezium.poll.interval.ms=50'], /no successful flink-cdc run at parallelism 1 with debezium\.poll\.interval\.ms=50; measured option sets: \(defaults\)/],
    [['--catalog', catalogFile], /at least one --calibration/],
  ];
  for (const [args, message] of cases) {
    const r = run('estimate', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('the bounds a calibration measured reach the estimate: the source\'s raw-copy scaling and a remote cluster\'s slots', () => {
  const base = syntheticRun(0.5e9, [100_000, 40_000, 5_000], [8096], [1, 2]);
  const measured = {
    ...base,
    source: { kind: 'existing', server: 'db:5432', database: 'prod', include: [], exclude: [], noKey: 'skip', skippedTables: [], tables: [], changedTables: [], sample: { spec: '10%', selectedTables: [], measuredTables: [], largestTables: [], chunkProbes: [], classes: [], catalog: 'catalog.json', sourceScaling: [1, 2, 4, 8].map((p) => ({ parallelism: p, chunks: 24, readSeconds: 8 / p, splitSeconds: 0.1 })) } },
    cluster: { where: 'remote', slots: 4, cores: 16, taskManagers: 2 },
  };
  const r = run('estimate', '--calibration', file('bounded.json', measured), '--catalog', file('catalog.json', catalog), '--parallelism', '4,8,32', '--json');
  assert.equal(r.status, 0, r.stderr);
  const e = estimateResultSchema.parse(JSON.parse(r.stdout));
  assert.deepEqual(e.bounds?.cluster, { where: 'remote', slots: 4, cores: 16 });
  assert.deepEqual(e.bounds?.sourceScaling?.map((x) => x.parallelism), [1, 2, 4, 8]);
  const at = (p: number) => e.predictions.find((x) => x.parallelism === p)!;
  assert.deepEqual([at(8).limitedBy, at(32).limitedBy], ['cluster-slots', 'cluster-slots']);
  assert.ok(at(32).seconds >= at(4).seconds - 1e-6, 'no more readers than the 4 slots');
  assert.ok(e.recommended <= 4, 'the source measured at 4 and the cluster\'s 4 slots support p = 4 at most');
});

test('a sampled calibration\'s tables of unlike chunk widths, sized from the catalog: the per-GB cost is fitted and said', () => {
  // Cycles of 1.0 s + 12 s per GB of the chunk: 1 MB chunks for the narrow tables, 100 MB for the wide.
  const cycle = (t: string) => 1.0 + 12 * (t.includes('wide') ? 0.1 : 0.001);
  const counts: Record<number, Record<string, number>> = { 1: { 'public.narrow1': 3, 'public.narrow2': 3, 'public.wide1': 2, 'public.wide2': 2 }, 2: { 'public.narrow1': 3, 'public.narrow2': 2, 'public.wide1': 2, 'public.wide2': 2 } };
  const base = syntheticRun(0, Array<number>(11).fill(8000), [8096], [1, 2]);
  for (const p of base.points) {
    const s = p.samples[0]!;
    const slower = p.settings.parallelism === 1 ? 1 : 1.2;
    s.tables = Object.entries(counts[p.settings.parallelism]!).map(([table, n]) => ({ table, rows: 8000, bytes: 0, splitQueryMillis: 100, cycles: n, cycleSeconds: n * cycle(table) * slower }));
    const span = s.tables.reduce((a, t) => a + t.cycleSeconds!, 0);
    s.readers = [{ spanSeconds: span, cycles: s.tables.reduce((a, t) => a + t.cycles!, 0), cycleSeconds: span, cycleSquaredSeconds: 0 }, ...(p.settings.parallelism > 1 ? [{ spanSeconds: 0, cycles: 0, cycleSeconds: 0, cycleSquaredSeconds: 0 }] : [])];
    s.readSeconds = 3 + span;
    s.wallSeconds = s.readSeconds + 6;
  }
  const sampledTables = ['public.narrow1', 'public.narrow2', 'public.wide1', 'public.wide2'];
  const measured = { ...base, source: { kind: 'existing', server: 'db:5432', database: 'prod', include: [], exclude: [], noKey: 'skip', skippedTables: [], tables: [], changedTables: [], sample: { spec: '4', selectedTables: [...sampledTables, 'public.big'], measuredTables: sampledTables, largestTables: [], chunkProbes: [], classes: [], catalog: 'catalog.json' } } };
  const sampledCatalog: Catalog = catalogSchema.parse({
    ...catalog,
    tables: [
      table('narrow1', 3 * 8096, 3e6, true),
      table('narrow2', 3 * 8096, 3e6, true),
      table('wide1', 2 * 8096, 0, true, { toastBytes: 200e6 }),
      table('wide2', 2 * 8096, 0, true, { toastBytes: 200e6 }),
      table('big', 100 * 8096, 100e6, true),
    ],
  });
  const r = run('estimate', '--calibration', file('sampled-widths.json', measured), '--catalog', file('sampled-catalog.json', sampledCatalog), '--json');
  assert.equal(r.status, 0, r.stderr);
  const e = estimateResultSchema.parse(JSON.parse(r.stdout));
  assert.ok(Math.abs(e.calibration.costs.perGbSeconds - 12) < 0.01, String(e.calibration.costs.perGbSeconds));
  assert.ok(e.calibration.explanation.some((l) => /per-GB cost: fitted on the cycles of 4 sampled tables of 1\.00 MB–100\.0 MB per chunk/.test(l)), e.calibration.explanation.join('\n'));
  assert.match(e.extrapolations[0]!, /s per GB of the chunk/);
});
