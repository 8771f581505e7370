import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner, spawnCliUntil, type CliResult } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * run --pg-url URL without a scenario: a database whose tables were made by plain SQL, measured as
 * they are. It must create nothing but its own slot and a publication of exactly the selected
 * tables, drop both, verify counts and key fingerprints, and refuse bad input in one line.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-run-existing-'));
const cli = cliRunner(path.join(dir, 'state'));
const READER = { user: 'ro_reader', password: 'ro-reader-pw' };

// A composite key listed in another order than its columns (orders: key (id, region), columns
// region, id), a uuid key, a partitioned table, a table without a key, and a table outside the selection.
const SCHEMA = `
CREATE SCHEMA app;
CREATE SCHEMA other;
CREATE TABLE app.customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO app.customers SELECT g, 'customer ' || g FROM generate_series(1, 3000) g;
CREATE TABLE app.events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), at timestamptz NOT NULL DEFAULT now(), body jsonb);
INSERT INTO app.events (body) SELECT jsonb_build_object('n', g) FROM generate_series(1, 1500) g;
CREATE TABLE app.orders (region integer, id bigint, amount numeric(10,2), PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE app.orders_eu PARTITION OF app.orders FOR VALUES IN (1);
CREATE TABLE app.orders_us PARTITION OF app.orders FOR VALUES IN (2);
INSERT INTO app.orders SELECT 1 + g % 2, g, g / 100.0 FROM generate_series(1, 2000) g;
CREATE TABLE app.audit (at timestamptz NOT NULL DEFAULT now(), seq bigint NOT NULL, msg text);
INSERT INTO app.audit (seq, msg) SELECT g, 'm' || g FROM generate_series(1, 1200) g;
CREATE TABLE other.ignored (id integer PRIMARY KEY);
INSERT INTO other.ignored SELECT generate_series(1, 10);
ANALYZE;`;

const db = existingDatabase(`${SCHEMA};
CREATE ROLE ${READER.user} LOGIN NOREPLICATION PASSWORD '${READER.password}'; GRANT USAGE ON SCHEMA app TO ${READER.user}; GRANT SELECT ON ALL TABLES IN SCHEMA app TO ${READER.user};
CREATE ROLE repl_reader LOGIN REPLICATION PASSWORD 'repl-pw'; GRANT USAGE ON SCHEMA app TO repl_reader; GRANT SELECT ON ALL TABLES IN SCHEMA app TO repl_reader`);
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in the background, sampling the publications' tables while it runs. */
async function runWatchingPublications(args: string[]): Promise<{ r: CliResult; published: Set<string>; allTables: boolean }> {
  const published = new Set<string>();
  let allTables = false;
  const watcher = await connectPg(db.pg);
  const child = spawn(process.execPath, ['dist/src/cli.js', ...args], { env: { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const { rows } = await watcher.query<{ t: string | null; all: boolean }>(`SELECT p.puballtables AS all, pt.schemaname || '.' || pt.tablename AS t FROM pg_publication p LEFT JOIN pg_publication_tables pt ON pt.pubname = p.pubname`);
    for (const row of rows) {
      if (row.all) allTables = true;
      if (row.t) published.add(row.t);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await watcher.end();
  return { r: { status: await exited, stdout, stderr } as CliResult, published, allTables };
}

test('a full run: both engines, exact counts and key fingerprints, only the selected tables published, nothing left behind', async () => {
  const before = await footprint(db.admin);
  const { r, published, allTables } = await runWatchingPublications(['run', '--pg-url', urlOf(db.pg), '--tables', 'app.*', '--no-key', 'skip', '--engine', 'both', '--parallelism', '2', '--chunk-size', '500', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const result: RunResult = runResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(result.source?.kind, 'existing');
  if (result.source?.kind !== 'existing') return;
  assert.deepEqual(result.source.include, ['app.*']);
  assert.deepEqual(result.source.skippedTables.map((t) => t.table), ['app.audit']);
  assert.deepEqual(Object.fromEntries(result.source.tables.map((t) => [t.table, [t.rows, t.keyShape, t.keyColumns.join('+')]])), {
    'app.customers': [3000, 'bigint-sequential', 'id'],
    'app.events': [1500, 'uuid', 'id'],
    'app.orders': [2000, 'composite', 'id+region'],
  });
  assert.deepEqual(result.scenario.keyShapes, { 'app.customers': 'bigint-sequential', 'app.events': 'uuid', 'app.orders': 'composite' });
  assert.equal(result.scenario.capturedTables, 4, 'orders is read as its two partitions');
  assert.deepEqual(result.source.changedTables, []);
  const fingerprints = new Map(result.source.tables.map((t) => [t.table, t.keyFingerprint]));
  assert.ok([...fingerprints.values()].every((f) => /^[0-9a-f]{16}$/.test(f ?? '')), 'every selected table has a source fingerprint');
  assert.deepEqual(result.points.map((p) => `${p.settings.engine}:${p.settings.parallelism}`), ['raw-copy:1', 'flink-cdc:1', 'raw-copy:2', 'flink-cdc:2']);
  for (const p of result.points) {
    const s = p.samples[0]!;
    assert.ok(s.ok, s.failure);
    assert.deepEqual(Object.fromEntries(s.tables.map((t) => [t.table, t.rows])), { 'app.customers': 3000, 'app.events': 1500, 'app.orders': 2000 });
    if (p.settings.engine === 'flink-cdc') assert.deepEqual(new Map(s.tables.map((t) => [t.table, t.keyFingerprint])), fingerprints, 'the job summed the same key hashes');
  }
  assert.ok(published.size > 0, 'the publication was seen while the job ran');
  assert.equal(allTables, false, 'never FOR ALL TABLES');
  for (const t of published) assert.ok(['app.customers', 'app.events', 'app.orders_eu', 'app.orders_us', 'app.orders'].includes(t), `published ${t}`);
  assert.deepEqual(await footprint(db.admin), before, 'no relation, slot or publication added or left');
  // The result calibrates estimate like a scenario run's does.
  writeFileSync(path.join(dir, 'existing.json'), r.stdout);
  const profile = cli('profile', '--pg-url', urlOf(db.pg), '--schemas', 'app', '--sample-seconds', '1', '--out', path.join(dir, 'catalog.json'));
  assert.equal(profile.status, 0, profile.stderr);
  const estimate = cli('estimate', '--calibration', path.join(dir, 'existing.json'), '--catalog', path.join(dir, 'catalog.json'), '--parallelism', '1,2', '--json');
  assert.equal(estimate.status, 0, estimate.stderr);
  assert.equal(JSON.parse(estimate.stdout).kind, 'estimate');
});

test('rows written during the run: the table is reported as changed during the run, not as a failed run', async () => {
  const child = spawn(process.execPath, ['dist/src/cli.js', 'run', '--pg-url', urlOf(db.pg), '--tables', 'app.customers', '--parallelism', '1', '--chunk-size', '200', '--fidelity-rows', '0', '--json'], { env: { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('[1/1] flink-cdc')) resolve();
    });
    void exited.then(() => resolve());
  });
  // Ahead of the chunks still to read: the last chunk has no upper bound, so it reads them.
  await db.admin.query(`INSERT INTO app.customers SELECT g, 'late ' || g FROM generate_series(100001, 100050) g`);
  try {
    assert.equal(await exited, 0, stderr);
    const result = runResultSchema.parse(JSON.parse(stdout));
    const sample = result.points[0]!.samples[0]!;
    assert.ok(sample.ok);
    assert.deepEqual(sample.changedTables, ['app.customers']);
    assert.ok(result.source?.kind === 'existing' && result.source.changedTables.includes('app.customers'));
    assert.match(stderr, /app\.customers was written to during the run/);
  } finally {
    await db.admin.query('DELETE FROM app.customers WHERE id > 100000');
  }
});

test('a key-less table chunked by --chunk-key-column: the count check catches FLINK-39409 (one row kept per chunk)', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.audit', '--chunk-key-column', 'app.audit=seq', '--parallelism', '1', '--chunk-size', '300', '--fidelity-rows', '0');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr.trim().split('\n').at(-1)!, /^cdc-sizer: 1 run failed; first: flink-cdc p=1 chunk=300: record counts differ from the source in 1 table\(s\), e\.g\. app\.audit: \d+ of 1200$/);
  const dirs = readdirSync('reports').filter((d) => d.endsWith('-existing-cdcsizer')).sort();
  const result = runResultSchema.parse(JSON.parse(readFileSync(path.join('reports', dirs.at(-1)!, 'result.json'), 'utf8')));
  assert.ok(result.source?.kind === 'existing' && result.source.tables[0]!.chunkKeyColumn === 'seq');
  assert.deepEqual(await footprint(db.admin), before);
});

test('tables without a primary key stop the run by default, naming them and both ways out; exit 2, nothing created', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.*');
  assertOneLine(r, 2, /^cdc-sizer: 1 selected table\(s\) without a primary key: app\.audit; .*--chunk-key-column app\.audit=COLUMN.*--no-key skip$/);
  assert.deepEqual(await footprint(db.admin), before);
});

test('a pattern that matches no table: one line naming it and tables that exist, exit 2', async () => {
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.*,shop.orders');
  assertOneLine(r, 2, /^cdc-sizer: --tables pattern "shop\.orders" matches no table; tables there include app\.audit, app\.customers/);
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--exclude', 'app.nope'), 2, /--exclude pattern "app\.nope" matches no table/);
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--chunk-key-column', 'app.audit=msg', '--tables', 'app.audit'), 2, /column "msg" may be NULL/);
  assertOneLine(cli('run', 'scenarios/smoke.yaml', '--tables', 'app.*'), 2, /use them with --pg-url and no scenario/);
});

test('a role without REPLICATION gets preflight\'s finding and its fix in one line, exit 1, and nothing is created', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg, READER), '--tables', 'app.customers');
  assertOneLine(r, 1, /^cdc-sizer: preflight: role ro_reader may not replicate \(.*\); fix: ALTER ROLE "?ro_reader"? WITH REPLICATION/);
  assert.deepEqual(await footprint(db.admin), before);
  // raw-copy only reads: the same role may measure the source's ceiling.
  const raw = cli('run', '--pg-url', urlOf(db.pg, READER), '--tables', 'app.customers', '--engine', 'raw-copy', '--parallelism', '1', '--json');
  assert.equal(raw.status, 0, raw.stderr);
  assert.equal(JSON.parse(raw.stdout).points[0].samples[0].tables[0].rows, 3000);
});

test('a role that may replicate but owns none of the tables cannot create the publication: one line, exit 1, nothing created', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg, { user: 'repl_reader', password: 'repl-pw' }), '--tables', 'app.customers,app.events');
  assertOneLine(r, 1, /^cdc-sizer: role repl_reader may not create the run's publication: .* owner of 2 selected table\(s\), e\.g\. app\.customers, app\.events; fix: /);
  assert.deepEqual(await footprint(db.admin), before);
});

test('a wrong password is one line and exit 3', () => {
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg, { user: READER.user, password: 'wrong' })), 3, /rejected the password for user "ro_reader"/);
});

test('a server with wal_level=replica: the preflight line, exit 1', async () => {
  const replica = await startTestPostgres({ wal_level: 'replica' });
  try {
    const c = await connectPg(replica.server.pg);
    await c.query('CREATE TABLE t (id bigint PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10); ANALYZE t').finally(() => c.end());
    assertOneLine(cli('run', '--pg-url', urlOf(replica.server.pg)), 1, /^cdc-sizer: preflight: wal_level is replica, not logical \(.*\); fix: ALTER SYSTEM SET wal_level = logical/);
  } finally {
    await replica.stop();
  }
});

test('the server going away mid-run: exit 3 in one last line, the job and the local Flink cluster gone', async () => {
  const lost = await startTestPostgres();
  const c = await connectPg(lost.server.pg);
  await c.query('CREATE TABLE big (id bigint PRIMARY KEY, v text); INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 40000) g');
  await c.end();
  const mark = randomUUID();
  const { exited, stderr: output } = await spawnCliUntil(['run', '--pg-url', urlOf(lost.server.pg), '--parallelism', '1', '--chunk-size', '100', '--fidelity-rows', '0'], { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state'), CDC_SIZER_TEST_MARK: mark }, '[1/1] flink-cdc');
  await new Promise((r) => setTimeout(r, 5000));
  await lost.stop();
  assert.equal(await exited, 3, output());
  assert.match(output().trim().split('\n').at(-1)!, /^cdc-sizer: (PostgreSQL at 127\.0\.0\.1:\d+ went away during the run|cannot reach PostgreSQL)/);
  assert.deepEqual(ourProcesses(mark), [], 'no process of the run left');
});

/** Processes that inherited the run's marker (the local Flink JVM would). */
function ourProcesses(mark: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid='], { encoding: 'utf8' }).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  return ps.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(mark);
    } catch {
      return false;
    }
  });
}
