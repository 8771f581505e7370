import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CATALOG_SCHEMA_VERSION, catalogSchema } from '../../src/catalog/catalog.js';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { syntheticRun } from '../support/synthetic-run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-estimate-unused-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = path.resolve('dist/src/cli.js');
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(content));
  return f;
};

const catalog = catalogSchema.parse({
  schemaVersion: CATALOG_SCHEMA_VERSION, kind: 'catalog', createdAt: '2026-11-26T00:00:00Z', cdcSizer: '0', schemas: ['public'], exactCounts: false, sampledSeconds: 0,
  server: { version: '15.4', versionNumber: 150004, database: 'prod', inRecovery: false, walLevel: 'logical', walBytesPerSecond: 0, maxSlotWalKeepSize: null, maxReplicationSlots: 10, maxWalSenders: 10, replicationSlotsInUse: 0, cores: null, databaseBytes: 1e9 },
  tables: [{
    schema: 'public', name: 'orders', rows: 1_000_000, rowsSource: 'statistics', statisticsRows: 1_000_000, heapBytes: 1e8, toastBytes: 0, indexBytes: 0, avgRowBytes: 100, avgRowBytesSource: 'heap',
    primaryKey: { columns: [{ name: 'id', type: 'bigint' }] }, keyShape: { shape: 'bigint-sequential' }, replicaIdentity: 'default', columns: [], writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 },
  }],
});

test('estimate says which calibration samples its fit could not use, and why, in its result and on the terminal', () => {
  const cal = syntheticRun(0.5e9, [100_000, 40_000, 5_000], [8096], [1, 2]);
  const p2 = cal.points.find((p) => p.settings.parallelism === 2)!;
  const { chunks: _, ...unread } = p2.samples[0]!;
  p2.samples.push({ ...unread, repeat: 2, chunksUnknown: "the enumerators' numSnapshotSplitsProcessed metric could not be read from Flink" });
  const args = ['estimate', '--calibration', file('cal.json', cal), '--catalog', file('catalog.json', catalog), '--parallelism', '2'];
  const json = spawnSync(process.execPath, [cli, ...args, '--json'], { encoding: 'utf8', cwd: dir });
  assert.equal(json.status, 0, json.stderr);
  const e = estimateResultSchema.parse(JSON.parse(json.stdout));
  assert.deepEqual(e.calibration.unusedSamples?.map((u) => [u.parallelism, u.repeat, u.left]), [[2, 2, 'sample']]);
  assert.ok(e.calibration.explanation.some((x) => /^1 successful calibration sample\(s\) could not be used: .*p=2 chunk=8096 #2: not used, its chunk count is unknown/.test(x)), e.calibration.explanation.join('\n'));
  assert.match(json.stderr, /1 successful calibration sample\(s\) could not be used/);
  const terminal = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  assert.equal(terminal.status, 0, terminal.stderr);
  assert.match(terminal.stdout, /could not be used: .*its chunk count is unknown/);
});
