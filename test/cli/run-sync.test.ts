import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runResultSchema } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner, spawnCliUntil } from '../support/cli.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * run --until caught-up on a database made by plain SQL: the workload writes only into the tables
 * --workload-tables names, the job reads the snapshot and then the stream, and the run ends when
 * the workload's every change has arrived; the end state is the source's, exactly, and nothing of
 * the run is left on the server.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-run-sync-'));
const cli = cliRunner(path.join(dir, 'state'));
after(() => rmSync(dir, { recursive: true, force: true }));

const db = existingDatabase(`
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, holder text NOT NULL, balance numeric(12,2));
INSERT INTO app.accounts SELECT g, 'holder ' || g, g / 10.0 FROM generate_series(1, 4000) g;
CREATE TABLE app."LineItems" (order_id bigint, line int, qty int, PRIMARY KEY (order_id, line));
INSERT INTO app."LineItems" SELECT g / 4, g % 4, g FROM generate_series(1, 6000) g;
CREATE TABLE app.sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), agent text);
INSERT INTO app.sessions (agent) SELECT 'agent ' || g FROM generate_series(1, 1500) g;
CREATE TABLE app.parents (id int PRIMARY KEY);
INSERT INTO app.parents SELECT generate_series(1, 200);
CREATE TABLE app.children (id int PRIMARY KEY, parent int NOT NULL REFERENCES app.parents);
INSERT INTO app.children SELECT g, 1 + g % 200 FROM generate_series(1, 400) g;
CREATE TABLE app.altered (id bigint PRIMARY KEY, qty int NOT NULL, note text);
INSERT INTO app.altered SELECT g, g % 50, 'note ' || g FROM generate_series(1, 3000) g;
CREATE TABLE app.untouched (id int PRIMARY KEY, v text);
INSERT INTO app.untouched SELECT g, 'v' FROM generate_series(1, 500) g;
ANALYZE;`);

// One connection: with two, transactions interleave in the WAL, and Flink CDC can drop a change
// whose own position is before its chunk's high watermark while its transaction commits after it
// (it compares a change's LSN, not its commit's). The run reports that as not verified, rightly;
// one writer's transactions commit in WAL order, which leaves that race far less room, and a test
// of the sync's accounting must not depend on it.
const workloadFile = path.join(dir, 'workload.yaml');
writeFileSync(workloadFile, `
connections: 1
groups:
  - tables: 'accounts, app."LineItems"'
    inserts: 30
    updates: 60
    deletes: 10
    transactionSize: 3
    hotKeys: 1
  - tables: sessions
    inserts: 10
    deletes: 5
`);

/** The run's sessions still on the server, waited out for up to 5 s: a backend notices its client's closed socket a moment after the process exits. */
async function sessionsLeft(): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 50; i++) {
    left = (await db.admin.query<{ a: string }>("SELECT application_name AS a FROM pg_stat_activity WHERE application_name LIKE 'cdc-sizer%' AND pid <> pg_backend_pid()")).rows.map((r) => r.a);
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return left;
}

test('a sync at p = 1 and 2 under a workload catches up, and its end state is the source\'s, exactly', async () => {
  const before = await footprint(db.admin);
  const untouched = (await db.admin.query('SELECT count(*)::int AS n, sum(hashtext(v)) AS h FROM app.untouched')).rows[0];
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.*', '--until', 'caught-up', '--workload', workloadFile, '--workload-tables', 'app.accounts,app."LineItems",app.sessions', '--workload-after', '2', '--parallelism', '1,2', '--fidelity-rows', '0', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = runResultSchema.parse(JSON.parse(r.stdout));
  for (const p of result.points) {
    const s = p.samples[0]!;
    const sync = s.sync!;
    assert.ok(s.ok, s.failure);
    assert.ok(sync.caughtUp && sync.verification.ok, sync.verification.problems.join('; '));
    assert.ok(sync.snapshotSeconds! > 0 && sync.catchUpSeconds! >= 0 && sync.totalSeconds! >= sync.snapshotSeconds!);
    assert.ok(sync.workload!.committed > 50, `committed ${sync.workload!.committed}`);
    assert.ok(sync.timeline.length >= 3);
    for (const t of sync.tables) {
      for (const k of ['insert', 'update', 'delete'] as const) {
        assert.ok(t.delivered[k] <= t.committed[k], `${t.table} ${k}: no change arrives twice`);
        assert.ok(t.delivered[k] >= t.committedAfterSnapshot[k], `${t.table} ${k}: every change after the snapshot arrives`);
      }
    }
    assert.deepEqual(sync.tables.find((t) => t.table === 'app.untouched')!.committed, { insert: 0, update: 0, delete: 0 });
  }
  // Nothing written outside the named tables; no slot, publication or table of the run is left.
  assert.deepEqual((await db.admin.query('SELECT count(*)::int AS n, sum(hashtext(v)) AS h FROM app.untouched')).rows[0], untouched);
  assert.deepEqual(await footprint(db.admin), before);
});

test('a workload on an existing database without --workload-tables, or naming tables the run does not capture, is refused in one line', () => {
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--until', 'caught-up', '--workload', workloadFile), 2, /only into tables named with --workload-tables/);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.accounts', '--until', 'caught-up', '--workload', workloadFile, '--workload-tables', 'app.sessions');
  assert.equal(r.status, 2);
  assert.match(r.stderr.trim().split('\n').at(-1)!, /--workload-tables: app.sessions matches none of the tables the run captures/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--workload', workloadFile), 2, /add --until caught-up/);
});

test('a workload file that asks for nothing, or a group that matches no table, is refused before anything is written', () => {
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'groups:\n  - tables: accounts\n    updates: -5\n');
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--until', 'caught-up', '--workload', bad, '--workload-tables', 'app.*'), 2, /bad\.yaml:3.*groups\[0\]\.updates/);
  const none = path.join(dir, 'none.yaml');
  writeFileSync(none, 'groups:\n  - tables: nosuch\n    updates: 5\n');
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.accounts', '--until', 'caught-up', '--workload', none, '--workload-tables', 'app.accounts', '--fidelity-rows', '0');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /workload group 1: no table matches nosuch/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('Ctrl-C during the catch-up stops the workload and the job, and leaves no slot, publication or workload session', async () => {
  const before = await footprint(db.admin);
  const accountsOnly = path.join(dir, 'accounts.yaml');
  writeFileSync(accountsOnly, 'groups:\n  - tables: accounts\n    updates: 50\n');
  const args = ['run', '--pg-url', urlOf(db.pg), '--tables', 'app.*', '--until', 'caught-up', '--workload', accountsOnly, '--workload-tables', 'app.accounts', '--workload-after', '60', '--parallelism', '1', '--fidelity-rows', '0'];
  const { child, exited, stderr } = await spawnCliUntil(args, { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') }, 'snapshot done');
  await new Promise((r) => setTimeout(r, 2000));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr());
  assert.deepEqual(await sessionsLeft(), [], 'no session of the run is left');
  assert.deepEqual(await footprint(db.admin), before);
});

test('a job that dies during the catch-up (its walsender terminated) fails the run in one line, the workload stopped, nothing left behind', async () => {
  const before = await footprint(db.admin);
  const accountsOnly = path.join(dir, 'accounts-dies.yaml');
  writeFileSync(accountsOnly, 'groups:\n  - tables: accounts\n    updates: 50\n');
  const args = ['run', '--pg-url', urlOf(db.pg), '--tables', 'app.accounts', '--until', 'caught-up', '--workload', accountsOnly, '--workload-tables', 'app.accounts', '--workload-after', '60', '--parallelism', '1', '--fidelity-rows', '0'];
  const started = Date.now();
  const { exited, stderr } = await spawnCliUntil(args, { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') }, 'snapshot done');
  await new Promise((r) => setTimeout(r, 2000));
  const killed = await db.admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE application_name NOT LIKE 'cdc-sizer%'");
  assert.ok(killed.rows.length >= 1, 'the connector streams from a walsender');
  assert.equal(await exited, 1, stderr());
  const last = stderr().trim().split('\n').at(-1)!;
  assert.match(last, /^cdc-sizer: 1 run failed; first: flink-cdc p=1 chunk=8096: the job failed during the catch-up: \S/);
  assert.doesNotMatch(stderr(), /\n\s+at /);
  assert.ok(Date.now() - started < 55_000, `it does not wait out --workload-after:\n${stderr()}`);
  assert.deepEqual(await sessionsLeft(), [], 'the workload\'s sessions are closed');
  assert.deepEqual(await footprint(db.admin), before);
});

test('a workload the source refuses (a delete a foreign key forbids) stops the sync in one line, nothing left behind', async () => {
  const before = await footprint(db.admin);
  const refused = path.join(dir, 'refused.yaml');
  writeFileSync(refused, 'groups:\n  - tables: parents\n    deletes: 20\n');
  const started = Date.now();
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.parents,app.children', '--until', 'caught-up', '--workload', refused, '--workload-tables', 'app.parents', '--workload-after', '60', '--parallelism', '1', '--fidelity-rows', '0');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr.trim().split('\n').at(-1)!, /workload: a transaction on app\.parents failed: .*foreign key.*\(SQLSTATE 23503\)/);
  assert.ok(Date.now() - started < 55_000, 'it does not wait out --workload-after');
  assert.deepEqual(await footprint(db.admin), before);
});

test('DDL steps during the stream: each is judged by the columns of the changes after it; a table it creates is dropped after', async () => {
  const before = await footprint(db.admin);
  const workload = path.join(dir, 'altered.yaml');
  writeFileSync(workload, 'groups:\n  - tables: altered\n    inserts: 10\n    updates: 40\n');
  const ddl = path.join(dir, 'ddl.yaml');
  writeFileSync(ddl, `
- at: { stream: 1 }
  table: app.altered
  addColumn: { name: extra, type: integer, default: "7" }
- at: { stream: 2 }
  table: altered
  alterType: { column: qty, type: bigint }
- at: { stream: 3 }
  createTable: { name: altered_copy, like: app.altered }
`);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.altered,app.accounts', '--until', 'caught-up', '--workload', workload, '--workload-tables', 'app.altered', '--ddl', ddl, '--workload-after', '1', '--parallelism', '1', '--fidelity-rows', '0', '--json');
  assert.equal(r.status, 0, r.stderr);
  const sync = runResultSchema.parse(JSON.parse(r.stdout)).points[0]!.samples[0]!.sync!;
  assert.ok(sync.verification.ok, sync.verification.problems.join('; '));
  const [added, retyped, created] = sync.ddl!;
  assert.equal(added!.changesAfter, 'arrived');
  assert.equal(added!.jobSurvived, true);
  assert.ok(added!.columnsAfter!.includes('extra int32') && !added!.columnsBefore!.some((c) => c.startsWith('extra ')), added!.delivered);
  assert.match(retyped!.delivered, /^qty: int32 → int64$/);
  // The run's publication names the tables it started with: the new table is never read.
  assert.equal(created!.changesAfter, 'none');
  assert.match(created!.delivered, /never arrived/);
  assert.ok(sync.workload!.committed > 20);
  const columns = (await db.admin.query("SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS c FROM pg_attribute WHERE attrelid = 'app.altered'::regclass AND attnum > 0 AND NOT attisdropped")).rows[0].c;
  assert.equal(columns, 'id bigint, qty bigint, note text, extra integer');
  assert.deepEqual(await footprint(db.admin), before, 'altered_copy is dropped; no slot or publication is left');
});

test('DDL on a table the run does not capture, outside --workload-tables, or without a workload is refused in one line', () => {
  const ddl = path.join(dir, 'nosuch-ddl.yaml');
  writeFileSync(ddl, '- at: { stream: 1 }\n  table: app.nosuch\n  dropColumn: v\n');
  const base = ['run', '--pg-url', urlOf(db.pg), '--tables', 'app.untouched,app.accounts', '--until', 'caught-up', '--fidelity-rows', '0'];
  const accounts = path.join(dir, 'accounts-only.yaml');
  writeFileSync(accounts, 'groups:\n  - tables: accounts\n    updates: 5\n');
  // The tables are read first (a line of progress), then the refusal: the last line, exit 2, no trace.
  const lastLine = (r: ReturnType<typeof cli>, re: RegExp) => {
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr.trim().split('\n').at(-1)!, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  lastLine(cli(...base, '--parallelism', '1', '--workload', accounts, '--workload-tables', 'app.accounts', '--ddl', ddl), /ddl step 1 \(dropColumn\): "app\.nosuch" is not a table the run captures/);
  const other = path.join(dir, 'other-ddl.yaml');
  writeFileSync(other, '- at: { stream: 1 }\n  table: app.untouched\n  dropColumn: v\n');
  lastLine(cli(...base, '--parallelism', '1', '--workload', accounts, '--workload-tables', 'app.accounts', '--ddl', other), /ddl step 1: app\.untouched is not among --workload-tables/);
  assertOneLine(cli(...base, '--parallelism', '1', '--ddl', other), 2, /DDL steps need a workload/);
  assertOneLine(cli(...base, '--parallelism', '1,2', '--workload', accounts, '--workload-tables', 'app.accounts', '--ddl', other), 2, /measures one grid point/);
});
