import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { streamCapacityResultSchema } from '../../src/model/stream-capacity.js';
import { assertOneLine, embeddedCliState, localClustersOfThisCheckout, spawnCliUntil } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * size --pg-url URL: preflight, the sampled snapshot, the stream reader's capacity (an earlier
 * result, or measured on this machine's embedded server) and the whole-sync estimate, every
 * step's files in one folder, nothing left on the sized database. The user's database is a
 * private embedded server made by plain SQL; the capacity measured here runs on the state
 * folder's own embedded server (`db start`), whose slots are checked too.
 */

const { dir, env, cli, leftovers } = embeddedCliState('cdc-sizer-size-');

const SCHEMA = `
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY, qty integer, amount numeric(12,2));
INSERT INTO shop.orders SELECT g, g % 100, g * 0.5 FROM generate_series(1, 20000) g;
CREATE TABLE shop.customers (id uuid PRIMARY KEY, name text);
INSERT INTO shop.customers SELECT md5(g::text)::uuid, 'customer ' || g FROM generate_series(1, 2000) g;
CREATE TABLE shop.notes (code text PRIMARY KEY, body text);
INSERT INTO shop.notes SELECT md5(g::text), repeat('n', g % 200) FROM generate_series(1, 1000) g;
${[1, 2, 3].map((i) => `CREATE TABLE shop.small_${i} (id bigint PRIMARY KEY, note text);
INSERT INTO shop.small_${i} SELECT g, 'n' || g FROM generate_series(1, ${200 * i}) g;`).join('\n')}
ANALYZE;`;

const db = existingDatabase(SCHEMA);
const out = (name: string) => path.join(dir, name);
const files = (folder: string): string[] => readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(folder, f)).isFile()).sort();

/** The recorded stream-capacity fixture, as it would be written now: measured on the embedded server of some machine. */
function recordedCapacity(): string {
  const fixture = JSON.parse(readFileSync('test/fixtures/stream-capacity-live-writes.json', 'utf8')) as Record<string, unknown>;
  const file = out('capacity.json');
  writeFileSync(file, JSON.stringify({ ...fixture, source: { provider: 'embedded', server: '127.0.0.1:40999', database: 'cdcsizer', postgres: '18.4', scale: 1 } }));
  return file;
}

test('with an earlier stream-capacity result: preflight, the sampled snapshot and the estimate in one folder, the verdict last, nothing left', async () => {
  const before = await footprint(db.admin);
  const folder = out('sized');
  const r = cli('size', '--pg-url', urlOf(db.pg), '--tables', 'shop.*', '--sample', '3', '--stream-capacity', recordedCapacity(), '--write-rate', '100', '--out', folder);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(files(folder), [
    'estimate/report.html',
    'estimate/report.md',
    'estimate/result.json',
    'preflight.json',
    'snapshot/catalog.json',
    'snapshot/report.html',
    'snapshot/report.md',
    'snapshot/result.json',
    'stream-capacity/result.json',
  ]);
  for (const step of ['[1/4] preflight', '[2/4] the sampled snapshot', '[3/4] the stream reader\'s capacity: ', '[4/4] the estimate']) assert.ok(r.stderr.includes(step), `announced: ${step}\n${r.stderr}`);
  const preflight = JSON.parse(readFileSync(path.join(folder, 'preflight.json'), 'utf8')) as { kind: string; scope: { tables: number } };
  assert.deepEqual([preflight.kind, preflight.scope.tables], ['preflight', 6], 'preflight over the six selected tables');
  const run = runResultSchema.parse(JSON.parse(readFileSync(path.join(folder, 'snapshot', 'result.json'), 'utf8')));
  assert.equal(run.source?.kind === 'existing' ? run.source.sample?.spec : undefined, '3');
  assert.ok(run.points.every((p) => p.samples.every((s) => s.ok)));
  const estimate = estimateResultSchema.parse(JSON.parse(readFileSync(path.join(folder, 'estimate', 'result.json'), 'utf8')));
  assert.deepEqual(estimate.calibration.files, [path.join(folder, 'snapshot', 'result.json')]);
  assert.equal(estimate.workload.tables, 6, 'the whole selection is estimated');
  assert.deepEqual([estimate.sync?.writesPerSecond, estimate.sync?.writesFrom, estimate.sync?.catchesUp], [100, 'option', true]);
  assert.ok(Math.abs(estimate.sync!.capacityPerSecond - 21091) < 1, "the recorded connector's backlog drain");
  // The capacity came from another server: said in the estimate and its reports, with what carries over.
  const elsewhere = /the stream reader's capacity \(21,091 changes\/s\) was measured on the embedded PostgreSQL 18\.4 that cdc-sizer ran on the measuring machine .*, not on the calibration's server 127\.0\.0\.1:\d+ .*What carries over is the ratio: there the connector's stream reader read a backlog at 56 % of the stream ceiling's rate/;
  assert.ok(estimate.extrapolations.some((x) => elsewhere.test(x)), estimate.extrapolations.join('\n'));
  assert.match(readFileSync(path.join(folder, 'estimate', 'report.md'), 'utf8'), elsewhere);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines.at(-1)!, /^verdict: .*; whole sync: the target is live ≈ .* after the start at p=\d/);
  assert.match(r.stdout, /^preflight of postgres:\/\/postgres:\*\*\*\*\*@127\.0\.0\.1:\d+\/\w+: PostgreSQL 18/m);
  assert.match(r.stdout, /holds every step's files/);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(db.pg.password!));
  assert.deepEqual(await footprint(db.admin), before, 'no relation, slot or publication added or left on the sized database');
});

test('measured here: the connector and the ceiling on the embedded server, never the sized database; a write rate above the reader\'s says it never catches up', async () => {
  const before = await footprint(db.admin);
  const folder = out('measured');
  const r = cli('size', '--pg-url', urlOf(db.pg), '--tables', 'shop.small_*,shop.notes', '--sample', '2', '--step-seconds', '2', '--write-rate', '1000000', '--out', folder, '--json');
  assert.equal(r.status, 0, r.stderr);
  const estimate = estimateResultSchema.parse(JSON.parse(r.stdout));
  const capacity = streamCapacityResultSchema.parse(JSON.parse(readFileSync(path.join(folder, 'stream-capacity', 'result.json'), 'utf8')));
  assert.deepEqual(capacity.engines.map((e) => e.engine), ['stream-ceiling', 'flink-cdc']);
  assert.deepEqual([capacity.subject, capacity.source?.provider, capacity.source?.database], ['live-writes', 'embedded', 'cdcsizer']);
  assert.ok(capacity.engines.every((e) => e.failure === undefined && e.steps.length > 0), JSON.stringify(capacity.engines));
  assert.match(r.stderr, /measured here: the connector and the stream ceiling on this machine's embedded PostgreSQL/);
  assert.deepEqual([estimate.sync?.catchesUp, estimate.sync?.writesPerSecond], [false, 1_000_000]);
  assert.match(estimate.verdict, /whole sync: at 1,000,000 changes\/s written the sync never catches up/);
  assert.ok(estimate.extrapolations.some((x) => /was measured on the embedded PostgreSQL .*\(scenario live-writes at scale 1\), not on the calibration's server/.test(x)), estimate.extrapolations.join('\n'));
  assert.ok(existsSync(path.join(folder, 'estimate', 'report.html')));
  assert.deepEqual(await footprint(db.admin), before, 'nothing written to, created on or left on the sized database');
  assert.deepEqual(await leftovers(), { slots: [], publications: [] }, 'nor on the embedded server the capacity was measured on');
});

test('Ctrl-C while the stream reader is measured here stops the job and the cluster, and drops its slot and publication', async () => {
  const before = await footprint(db.admin);
  const { child, exited, stderr } = await spawnCliUntil(['size', '--pg-url', urlOf(db.pg), '--tables', 'shop.small_*', '--sample', '2', '--step-seconds', '2', '--out', out('interrupted')], env, 'flink-cdc: stepping the workload');
  await new Promise((r) => setTimeout(r, 8000)); // the connector's job running, its snapshot read or being read
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr());
  assert.deepEqual(await leftovers(), { slots: [], publications: [] }, 'nothing left on the embedded server');
  assert.deepEqual(await footprint(db.admin), before, 'nor on the sized database');
  // The JVM has been told to stop when the CLI exits; on a loaded machine it may take a few seconds to be gone.
  for (let i = 0; i < 30 && localClustersOfThisCheckout().length > 0; i++) await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(localClustersOfThisCheckout(), [], 'no local Flink cluster left running');
});

test('a preflight error stops the sizing with preflight\'s own lines, exit 1, before anything is created', async () => {
  const replica = await startTestPostgres({ wal_level: 'replica' });
  try {
    const c = await connectPg(replica.server.pg);
    await c.query('CREATE TABLE t (id bigint PRIMARY KEY)').finally(() => c.end());
    const folder = out('refused');
    const r = cli('size', '--pg-url', urlOf(replica.server.pg), '--out', folder);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /│ ERROR\s+│ wal_level is replica/);
    assert.match(r.stderr.trim().split('\n').at(-1)!, /^cdc-sizer: preflight: \d+ errors?: wal_level is replica, not logical/);
    assert.deepEqual(readdirSync(folder), ['preflight.json']);
  } finally {
    await replica.stop();
  }
});

test('bad input: an unreachable server, a bad --sample, a file that is not a stream-capacity result, a used --out folder; one line each', () => {
  const url = urlOf(db.pg);
  assertOneLine(cli('size', '--pg-url', 'postgres://postgres@127.0.0.1:9/x', '--out', out('never')), 3, /cannot reach PostgreSQL at 127\.0\.0\.1:9: connection refused/);
  assertOneLine(cli('size', '--pg-url', url, '--sample', '0'), 2, /--sample.*'0' is invalid.*number of tables/);
  assertOneLine(cli('size', '--pg-url', url, '--sample', '150%'), 2, /--sample.*'150%' is invalid/);
  assertOneLine(cli('size', '--pg-url', url, '--parallelism', '1'), 2, /--sample feeds estimate, which needs parallelism 1 and at least one above it/);
  assertOneLine(cli('size', '--pg-url', url, '--stream-capacity', 'test/fixtures/calibrations/crm-1605/result.json'), 2, /crm-1605\/result\.json is a "run" file; expected a cdc-sizer stream-capacity result/);
  assertOneLine(cli('size', '--pg-url', url, '--stream-capacity', out('missing.json')), 2, /cannot read .*missing\.json: no such file/);
  assertOneLine(cli('size', '--pg-url', url, '--tables', 'shop.nope'), 2, /--tables pattern "shop\.nope" matches no table/);
  mkdirSync(out('used'));
  writeFileSync(path.join(out('used'), 'x.txt'), 'x');
  assertOneLine(cli('size', '--pg-url', url, '--out', out('used')), 2, /--out .*used already holds 1 file\(s\) \(x\.txt\); pick a new or empty folder/);
  assert.equal(existsSync(out('never')), false, 'no folder for a sizing that never started');
  assert.equal(existsSync('reports') ? readdirSync('reports').filter((f) => f.includes('-size-')).length : 0, 0, 'nothing written under reports/');
});
