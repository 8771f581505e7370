import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { embeddedCliState, localClustersOfThisCheckout, spawnCliUntil } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';
import { footprint } from '../support/existing-database.js';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';

const { dir, env, cli, leftovers } = embeddedCliState('cdc-sizer-run-');
const scenario = path.join(dir, 'readable.yaml');

/** Types Flink CDC 3.5.0 reads; two tables, two key shapes. */
writeFileSync(scenario, `name: readable
seed: 5
tables:
  - { name: accounts, rows: 3000, columns: [{ type: integer }, { type: text }, { type: "numeric(12,2)" }] }
  - { name: events, rows: 2000, key: { shape: uuid, version: 7 }, columns: [{ type: timestamptz }, { type: jsonb }] }
`);

test('run measures both engines at p=1 and p=2, writes result.json and leaves no slot or publication', async () => {
  const r = cli('run', scenario, '--engine', 'both', '--parallelism', '2', '--chunk-size', '1000', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result: RunResult = runResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(result.kind, 'run');
  assert.equal(result.schemaVersion, 1);
  assert.equal(result.environment.flinkCdc, '3.5.0');
  assert.deepEqual(result.points.map((p) => `${p.settings.engine}:${p.settings.parallelism}`), ['raw-copy:1', 'flink-cdc:1', 'raw-copy:2', 'flink-cdc:2']);
  for (const p of result.points) {
    const s = p.samples[0]!;
    assert.ok(s.ok, s.failure);
    assert.deepEqual(Object.fromEntries(s.tables.map((t) => [t.table, t.rows])), { 'public.accounts': 3000, 'public.events': 2000 });
  }
  const flink = result.points.find((p) => p.settings.engine === 'flink-cdc')!.samples[0]!;
  assert.ok(flink.observations!.points.length >= 1);
  assert.ok(flink.leftBehind, 'what the connector left is recorded');
  // 3000 sequential ids cut arithmetically into chunks of 1000: 3. 2000 uuids walked by boundary
  // queries, each chunk the 999 keys before the next boundary: ⌈1999 / 999⌉ = 3. At p = 1 and p = 2.
  assert.deepEqual(result.points.filter((p) => p.settings.engine === 'flink-cdc').map((p) => p.samples[0]!.chunks), [6, 6]);
  assert.ok(flink.splitSeconds! > 0, 'the enumerator ran boundary queries for the uuid table');
  assert.ok(flink.tables.every((t) => t.seconds !== undefined && t.seconds <= flink.jobSeconds!), 'every table has its reading span');
  assert.ok(result.resources!.harnessPeakRssBytes > 10e6 && result.resources!.flinkPeakRssBytes! > 100e6);
  // pg_stat_statements counts a chunk's SELECT when its portal closes, which a reader whose pool
  // outlives the job may do only when the JVM ends: a sample can miss its chunk queries, not all do.
  const flinkSamples = result.points.filter((p) => p.settings.engine === 'flink-cdc').map((p) => p.samples[0]!);
  const known = flinkSamples.filter((s) => s.chunkQueryMillisMean !== undefined);
  assert.ok(known.length > 0, 'some run counted its chunk queries');
  for (const s of known) assert.ok(s.chunkCycleMillis! > s.chunkQueryMillisMean!, `a chunk costs more than its query: cycle ${s.chunkCycleMillis} ms, query ${s.chunkQueryMillisMean} ms`);
  // Every reader's records: within the job, and at p = 1 the one reader paused between chunks.
  for (const s of flinkSamples) {
    assert.ok(s.readers!.length >= 1 && s.readers!.every((x) => x.spanSeconds > 0 && x.spanSeconds <= s.recordSpanSeconds! + 1e-9), JSON.stringify(s.readers));
  }
  // (A sample taken again after a passing failure runs after its probe jobs: warm.)
  assert.deepEqual(flinkSamples.map((s) => s.coldJvm === true || s.transientFailure !== undefined), [true, true], 'a full run: every point on a JVM of its own');
  const serial = flinkSamples[0]!.readers!;
  assert.equal(serial.length, 1);
  assert.ok(serial[0]!.cycles >= 1 && serial[0]!.cycles < flinkSamples[0]!.chunks!, `cycles ${serial[0]!.cycles} of ${flinkSamples[0]!.chunks} chunks`);
  assert.match(r.stderr, /\[4\/4\] flink-cdc 3\.5\.0 p=2/);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});

test('Ctrl-C during a snapshot cancels the job, stops the cluster and drops the run\'s slot and publication', async () => {
  const { child, exited, stderr } = await spawnCliUntil(['run', scenario, '--engine', 'flink-cdc', '--parallelism', '1', '--chunk-size', '50'], env, '[1/1] flink-cdc');
  await new Promise((r) => setTimeout(r, 4000));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr());
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
  assert.deepEqual(localClustersOfThisCheckout(), [], 'no local Flink cluster left running');
});

test('an unknown --source-option: one line from the connector naming what it allows, exit 2, nothing left', async () => {
  const r = cli('run', scenario, '--parallelism', '1', '--source-option', 'scan.no.such.option=1');
  assert.equal(r.status, 2, r.stderr);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^cdc-sizer: Flink refused the job: .*unknown source option 'scan\.no\.such\.option' for Flink CDC 3\.5\.0.*allowed: /);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
  assert.deepEqual(localClustersOfThisCheckout(), []);
});

test('a server without wal_level=logical is refused before anything is generated, exit 3', async () => {
  const replica = await startTestPostgres({ wal_level: 'replica' });
  try {
    const c = await connectPg(replica.server.pg);
    try {
      const before = await footprint(c);
      const r = cli('run', scenario, '--pg-url', replica.server.pg.url);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr.trim(), new RegExp(`^cdc-sizer: PostgreSQL at 127\\.0\\.0\\.1:${replica.server.pg.port} has wal_level=replica; Flink CDC needs wal_level=logical .*--engine raw-copy$`));
      assert.doesNotMatch(r.stderr, /generating/);
      assert.deepEqual(await footprint(c), before, 'nothing was created');
    } finally {
      await c.end();
    }
  } finally {
    await replica.stop();
  }
});
