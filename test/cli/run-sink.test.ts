import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runResultSchema, type RunResult, type SinkFidelityColumn } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner, localClustersOfThisCheckout, spawnCliUntil } from '../support/cli.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';
import { ensureMariadb } from '../support/mariadb.js';

/**
 * run --sink jdbc into the two database sinks that run here, MariaDB (the service on
 * 127.0.0.1:3306) and PostgreSQL (a database the run creates on the test's own embedded server,
 * beside the source's), with fidelity through the sink, on a small database
 * made here: odd table names, two schemas with a table of the same name, and values one sink
 * keeps and the other changes or refuses. Each run must leave no database at either sink and no
 * slot at the source. The bad inputs of a sink are one line each.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-run-sink-'));
const cli = cliRunner(path.join(dir, 'state'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MARIADB = 'mysql://root@127.0.0.1:3306';
/** The embedded server's maintenance database: the run creates its own database beside it. */
const postgresSink = (): string => `postgres://${db.pg.user}:${encodeURIComponent(db.pg.password ?? '')}@127.0.0.1:${db.pg.port}/postgres`;

// Names Flink CDC can capture (no space or comma: connector-names.ts) with a dot, capitals and unicode; quotes and spaces are in the DDL unit tests.
const db = existingDatabase(`CREATE SCHEMA "Sales.EU"; CREATE SCHEMA archive;
CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric(12,2), placed timestamptz, paid boolean, tags text[], doc jsonb);
INSERT INTO public.orders SELECT g, g * 1.25, timestamptz '2024-01-02 03:04:05.123456+00' + g * interval '1 hour', g % 2 = 0, ARRAY['a b', 'c' || g], jsonb_build_object('n', g, 'list', jsonb_build_array(1, 'x')) FROM generate_series(1, 300) g;
CREATE TABLE archive.orders (id bigint PRIMARY KEY, note text);
INSERT INTO archive.orders SELECT g, 'note ' || g FROM generate_series(1, 200) g;
CREATE TABLE "Sales.EU"."Order.Items_Ünï" ("Key" text PRIMARY KEY, qty integer);
INSERT INTO "Sales.EU"."Order.Items_Ünï" SELECT 'k' || g, g FROM generate_series(1, 150) g;
INSERT INTO "Sales.EU"."Order.Items_Ünï" VALUES ('K1', -1);
CREATE TABLE public.precise (id integer PRIMARY KEY, n numeric, at timestamptz);
INSERT INTO public.precise VALUES (1, 1.123456789012345678901234567890123456, '2024-01-01 00:00:00+00'), (2, 2.5, 'infinity'), (3, 3, '2024-06-01 12:00:00.5+00');
ANALYZE;`);

/** The cdcsizer_ databases each sink holds: a run leaves none. */
async function sinkDatabases(): Promise<{ mariadb: string[]; postgres: string[] }> {
  const mariadb = spawnSync('mysql', ['-uroot', '-N', '-e', "SHOW DATABASES LIKE 'cdcsizer\\_%'"], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const { rows } = await db.admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'cdcsizer\\_%' AND datname <> 'cdcsizer'");
  return { mariadb, postgres: rows.map((r) => r.datname) };
}

/** What the sinks held before the first test (read once the file's servers are up, in its first test). */
let baseline: Promise<Awaited<ReturnType<typeof sinkDatabases>>> | undefined;
const sinkBefore = () => (baseline ??= ensureMariadb().then(sinkDatabases));

function runInto(url: string, ...extra: string[]): RunResult {
  const r = cli('run', '--pg-url', urlOf(db.pg), '--parallelism', '1', '--chunk-size', '100', '--sink', 'jdbc', '--sink-url', url, '--show-values', '--json', ...extra);
  assert.equal(r.status, 0, r.stderr);
  return runResultSchema.parse(JSON.parse(r.stdout));
}

const verdictOf = (result: RunResult, table: string, column: string): SinkFidelityColumn => {
  const c = result.sinkFidelity?.[0]?.columns.find((x) => x.table === table && x.column === column);
  assert.ok(c, `${table}.${column} judged through the sink`);
  return c;
};

test('into MariaDB: every row at the sink under its own name, the sink flush timed beside reading, fidelity through the sink; nothing left at either end', async () => {
  await sinkBefore();
  const before = await footprint(db.admin);
  const result = runInto(MARIADB, '--sink-option', 'sink.buffer-flush.max-rows=50');
  assert.equal(result.environment.sink, 'jdbc');
  assert.equal(result.sinkTarget?.kind, 'mysql');
  assert.match(result.sinkTarget!.database, /^cdcsizer_[0-9a-f]{6}$/);
  assert.deepEqual(Object.fromEntries(result.sinkTarget!.tables.map((t) => [t.table, t.sinkTable])), {
    'Sales.EU.Order.Items_Ünï': 'Sales.EU.Order.Items_Ünï',
    'archive.orders': 'archive.orders',
    'public.orders': 'public.orders',
    'public.precise': 'public.precise',
  });
  const s = result.points[0]!.samples[0]!;
  assert.ok(s.ok, s.failure);
  const sink = s.sink!;
  assert.deepEqual(Object.fromEntries(sink.tables.map((t) => [t.table, [t.rows, t.rejected, t.atSink]])), {
    // 'k1' and 'K1' are two rows: the sink's binary collation keeps text keys apart as PostgreSQL does.
    'Sales.EU.Order.Items_Ünï': [151, 0, 151],
    'archive.orders': [200, 0, 200],
    'public.orders': [300, 0, 300],
    // MariaDB has no 'infinity' timestamp: that row is refused, counted, and the run goes on.
    'public.precise': [2, 1, 2],
  });
  assert.equal(sink.countMismatches.length, 0);
  assert.equal(sink.lastCommit, 'commit');
  assert.ok(sink.flushSeconds !== undefined && sink.flushSeconds >= 0 && sink.flushSeconds < 30, `flush ${sink.flushSeconds}`);
  assert.ok(sink.readSeconds !== undefined && sink.readSeconds >= 0);
  assert.match(sink.tables.find((t) => t.table === 'public.precise')!.error!, /Incorrect datetime value/);

  for (const column of ['total', 'placed', 'paid', 'tags', 'doc']) assert.equal(verdictOf(result, 'public.orders', column).verdict, 'exact', column);
  assert.equal(verdictOf(result, 'public.orders', 'placed').sinkType, 'datetime(6)');
  assert.equal(verdictOf(result, 'Sales.EU.Order.Items_Ünï', 'Key').verdict, 'exact');
  // 36 decimals into DECIMAL(65,30): the sink cut them.
  const n = verdictOf(result, 'public.precise', 'n');
  assert.equal(n.verdict, 'changed');
  assert.deepEqual([n.example?.source, n.example?.emitted], ['1.123456789012345678901234567890123456', '1.123456789012345678901234567890']);
  // The refused row is the news of the column the sink's message names, not of the others.
  assert.equal(verdictOf(result, 'public.precise', 'at').verdict, 'sink-rejected');
  assert.match(verdictOf(result, 'public.precise', 'at').sinkRejection!, /Incorrect datetime value: .* for column `cdcsizer_[0-9a-f]{6}`\.`public\.precise`\.`at`/);
  assert.equal(verdictOf(result, 'public.precise', 'id').verdict, 'exact');
  assert.deepEqual(await footprint(db.admin), before);
  assert.deepEqual(await sinkDatabases(), await sinkBefore());
});

test('into PostgreSQL: the same types, so the same values; a database the run created and dropped', async () => {
  await sinkBefore();
  const before = await footprint(db.admin);
  const result = runInto(postgresSink());
  assert.equal(result.sinkTarget?.kind, 'postgres');
  assert.ok(result.sinkTarget?.createdDatabase);
  const s = result.points[0]!.samples[0]!;
  assert.ok(s.ok, s.failure);
  assert.deepEqual(Object.fromEntries(s.sink!.tables.map((t) => [t.table, [t.rows, t.rejected, t.atSink]])), { 'Sales.EU.Order.Items_Ünï': [151, 0, 151], 'archive.orders': [200, 0, 200], 'public.orders': [300, 0, 300], 'public.precise': [3, 0, 3] });
  const all = result.sinkFidelity![0]!.columns;
  assert.ok(all.length >= 13);
  // What the connector emitted is what the sink holds, except where the connector itself changes a value.
  const connector = new Map((result.fidelity?.[0]?.columns ?? []).map((c) => [`${c.table}.${c.column}`, c.verdict]));
  for (const c of all) assert.equal(c.verdict, connector.get(`${c.table}.${c.column}`) === 'changed' ? 'changed' : 'exact', `${c.table}.${c.column}: ${JSON.stringify(c.example)}`);
  assert.equal(verdictOf(result, 'public.precise', 'at').verdict, 'exact');
  assert.equal(verdictOf(result, 'public.orders', 'tags').sinkType, 'text[]');
  assert.deepEqual(await footprint(db.admin), before);
  assert.deepEqual(await sinkDatabases(), await sinkBefore());
});

test('--sink-database NAME: created when absent and dropped after; --keep-sink keeps it and says how to drop it', async () => {
  await sinkBefore();
  const name = `cdcsizer_test_keep_${process.pid}`;
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'archive.*', '--parallelism', '1', '--fidelity-rows', '0', '--sink', 'jdbc', '--sink-database', name, '--keep-sink');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`sink: kept database "${name}" at mysql://root@127\\.0\\.0\\.1:3306 \\(--keep-sink\\); drop it with: DROP DATABASE \`${name}\``));
  const rows = spawnSync('mysql', ['-uroot', '-N', '-e', `SELECT count(*) FROM \`${name}\`.\`archive.orders\``], { encoding: 'utf8' }).stdout.trim();
  assert.equal(rows, '200');
  // The database now exists with the table in it: a second run refuses to write into a table it did not create.
  // A database an earlier (crashed) run left is said, with its SQL, and left alone.
  spawnSync('mysql', ['-uroot', '-e', 'CREATE DATABASE cdcsizer_0ddba1']);
  const again = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'archive.*', '--parallelism', '1', '--sink', 'jdbc', '--sink-database', name);
  const left = spawnSync('mysql', ['-uroot', '-N', '-e', "SHOW DATABASES LIKE 'cdcsizer_0ddba1'"], { encoding: 'utf8' }).stdout.trim();
  spawnSync('mysql', ['-uroot', '-e', 'DROP DATABASE cdcsizer_0ddba1']);
  assert.equal(left, 'cdcsizer_0ddba1', 'not dropped: another source\'s run may own it');
  assert.match(again.stderr, /sink: 1 database of earlier cdc-sizer runs at mysql:\/\/root@127\.0\.0\.1:3306, whose runs are not going on this source: cdcsizer_0ddba1; left alone \(another source's run may own them\); drop them with: DROP DATABASE `cdcsizer_0ddba1`/);
  assert.equal(again.status, 2, again.stderr);
  assert.match(again.stderr.trim().split('\n').at(-1)!, new RegExp(`^cdc-sizer: the sink table archive\\.orders already exists in database "${name}" at mysql://root@127\\.0\\.0\\.1:3306; the run writes only into tables it creates`));
  assert.doesNotMatch(again.stderr, /\n\s+at /);
  assert.equal(spawnSync('mysql', ['-uroot', '-N', '-e', `SELECT count(*) FROM \`${name}\`.\`archive.orders\``], { encoding: 'utf8' }).stdout.trim(), '200', 'left as it was');
  spawnSync('mysql', ['-uroot', '-e', `DROP DATABASE \`${name}\``]);
});

test('bad sink input: one line each, the right exit code, nothing created', async () => {
  await sinkBefore();
  const before = await footprint(db.admin);
  const run = (...args: string[]) => cli('run', '--pg-url', urlOf(db.pg), '--parallelism', '1', ...args);
  assertOneLine(run('--sink', 'kafka'), 2, /^cdc-sizer: --sink must be discard, jdbc or starrocks, got "kafka"$/);
  assertOneLine(run('--sink-option', 'sink.buffer-flush.max-rows=10'), 2, /^cdc-sizer: --sink-url, --sink-option, --sink-database and --keep-sink belong to a database sink: add --sink jdbc or --sink starrocks$/);
  assertOneLine(run('--sink', 'jdbc', '--sink-option', 'sink.buffer-flush.max-bytes=10'), 2, /^cdc-sizer: --sink-option sink\.buffer-flush\.max-bytes is not an option of the jdbc sink/);
  assertOneLine(run('--sink', 'starrocks'), 2, /^cdc-sizer: --sink starrocks needs --sink-url starrocks:\/\/user@fe-host:9030\?http=8030/);
  assertOneLine(run('--sink', 'jdbc', '--sink-url', 'mysql://root:hunter2@127.0.0.1:1'), 3, /^cdc-sizer: the sink at mysql:\/\/root@127\.0\.0\.1:1 does not answer \(/);
  // MariaDB speaks the MySQL protocol but is no StarRocks FE.
  assertOneLine(run('--sink', 'starrocks', '--sink-url', 'starrocks://root@127.0.0.1:3306?http=8030'), 3, /^cdc-sizer: the sink at starrocks:\/\/root@127\.0\.0\.1:3306\?http=8030 does not answer SHOW BACKENDS as a StarRocks FE does/);
  const user = `cdcsizer_noprivs_${process.pid}`;
  spawnSync('mysql', ['-uroot', '-e', `CREATE USER '${user}'@'localhost'; CREATE USER '${user}'@'127.0.0.1'`]);
  try {
    assertOneLine(run('--sink', 'jdbc', '--sink-url', `mysql://${user}@127.0.0.1:3306`), 3, new RegExp(`^cdc-sizer: the sink at mysql://${user}@127\\.0\\.0\\.1:3306 refused CREATE DATABASE to user ${user} \\(.*\\): grant it, or name a database the user may create tables in with --sink-database$`));
  } finally {
    spawnSync('mysql', ['-uroot', '-e', `DROP USER '${user}'@'localhost'; DROP USER '${user}'@'127.0.0.1'`]);
  }
  assert.doesNotMatch(cli('run', '--pg-url', urlOf(db.pg), '--sink', 'jdbc', '--sink-url', 'mysql://root:hunter2@127.0.0.1:1').stderr, /hunter2/);
  assert.deepEqual(await footprint(db.admin), before);
  assert.deepEqual(await sinkDatabases(), await sinkBefore());
});

test('Ctrl-C while the job writes into the sink: the run\'s database there is dropped, with its slot and cluster', async () => {
  await sinkBefore();
  const before = await footprint(db.admin);
  const env = { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') };
  const { child, exited, stderr } = await spawnCliUntil(['run', '--pg-url', urlOf(db.pg), '--parallelism', '1', '--chunk-size', '20', '--sink', 'jdbc', '--fidelity-rows', '0'], env, '[1/1] flink-cdc');
  assert.match(stderr(), /sink: created database "cdcsizer_[0-9a-f]{6}" at mysql:\/\/root@127\.0\.0\.1:3306 \(dropped after the run\)/);
  assert.notDeepEqual(await sinkDatabases(), await sinkBefore(), 'the run\'s database is there while it runs');
  await new Promise((r) => setTimeout(r, 3000));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr());
  assert.deepEqual(await sinkDatabases(), await sinkBefore());
  assert.deepEqual(await footprint(db.admin), before);
  assert.deepEqual(localClustersOfThisCheckout(), [], 'no local Flink cluster left running');
});
