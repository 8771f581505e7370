import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { leftoverLines } from '../../src/report/terminal/leftover-lines.js';
import { dropLeftovers, findLeftovers, harnessSlotsElsewhere } from '../../src/verify/leftovers.js';
import { liveRunIds, takeRunLease } from '../../src/verify/run-ownership.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * --clean on a shared server: another run's active slot (a real replication connection reading
 * it) in this database and in another one, a colleague's run in progress whose slot is inactive,
 * and a crashed run's leftovers. Only the crashed run's objects of this database may go.
 */

const OTHER_DB = 'colleague_db';
let server: Awaited<ReturnType<typeof startTestPostgres>>;
let here: pg.Client;
let there: pg.Client;
const readers: pg.Client[] = [];

const endpoint = (database?: string): PgEndpoint => ({ ...server.server.pg, ...(database ? { database } : {}) });

/** A replication connection streaming from `slot`: the slot stays active while it is open. */
async function readSlot(database: string | undefined, slot: string): Promise<number> {
  const e = endpoint(database);
  const c = new pg.Client({ host: e.socketDir ?? e.host, port: e.port, user: e.user, password: e.password, database: e.database, replication: 'database' } as pg.ClientConfig);
  c.on('error', () => undefined); // ended by the test or terminated by the harness
  await c.connect();
  readers.push(c);
  const pid = (c as unknown as { processID: number }).processID;
  // Never answers: the server streams changes (CopyBoth) until the connection ends.
  void c.query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0`).catch(() => undefined);
  const admin = database === OTHER_DB ? there : here;
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query<{ pid: number | null }>('SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    if (rows[0]?.pid === pid) return pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`slot ${slot} did not become active`);
}

const createSlot = (c: pg.Client, name: string) => c.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [name]);
const slotState = async (name: string) => (await here.query<{ database: string; active_pid: number | null }>('SELECT database, active_pid FROM pg_replication_slots WHERE slot_name = $1', [name])).rows[0];

before(async () => {
  server = await startTestPostgres();
  here = await connectPg(endpoint());
  await here.query(`CREATE DATABASE ${OTHER_DB}`);
  there = await connectPg(endpoint(OTHER_DB));
  for (const c of [here, there]) await c.query('CREATE TABLE t (id int PRIMARY KEY)');
});

after(async () => {
  for (const c of readers) await c.end().catch(() => undefined);
  await there?.end();
  await here?.end();
  await server?.stop();
});

test('--clean drops a crashed run\'s objects of this database only; active slots, live runs and other databases are left alone', async () => {
  // Another run reading its slot in this database, and one in another database.
  await createSlot(here, 'cdcsizer_aaaaaa_1');
  await here.query('CREATE PUBLICATION cdcsizer_aaaaaa_1 FOR TABLE t');
  await createSlot(there, 'cdcsizer_dddddd_1');
  const activeHere = await readSlot(undefined, 'cdcsizer_aaaaaa_1');
  const activeThere = await readSlot(OTHER_DB, 'cdcsizer_dddddd_1');
  // A colleague's run in progress: its snapshot-only job keeps the slot inactive, its marker session is open.
  const colleague = await connectPg(endpoint(OTHER_DB), { applicationName: 'cdc-sizer run cccccc' });
  await createSlot(here, 'cdcsizer_cccccc_1');
  await here.query('CREATE PUBLICATION cdcsizer_cccccc_1 FOR TABLE t');
  // A crashed run, here and in the other database; and a slot that is not the harness's.
  await createSlot(here, 'cdcsizer_bbbbbb_1');
  await here.query('CREATE PUBLICATION cdcsizer_bbbbbb_1 FOR TABLE t');
  await createSlot(there, 'cdcsizer_eeeeee_1');
  await there.query('CREATE PUBLICATION cdcsizer_eeeeee_1 FOR TABLE t');
  await createSlot(here, 'not_ours');

  const cleaned = await dropLeftovers(here);
  assert.deepEqual(cleaned.slots.map((s) => s.name), ['cdcsizer_bbbbbb_1']);
  assert.deepEqual(cleaned.publications, ['cdcsizer_bbbbbb_1']);
  assert.deepEqual(cleaned.failures, []);
  assert.deepEqual(cleaned.inUse.publications, ['cdcsizer_aaaaaa_1', 'cdcsizer_cccccc_1']);
  const [active, live] = cleaned.inUse.slots;
  assert.equal(cleaned.inUse.slots.length, 2);
  assert.equal(active!.name, 'cdcsizer_aaaaaa_1');
  assert.equal(active!.database, 'cdcsizer');
  assert.equal(active!.activePid, activeHere);
  assert.ok(active!.activeSeconds! >= 0 && active!.activeSeconds! < 60, `active ${active!.activeSeconds} s`);
  assert.ok(active!.walRetainedBytes >= 0);
  assert.deepEqual({ name: live!.name, liveRun: live!.liveRun, pid: live!.activePid }, { name: 'cdcsizer_cccccc_1', liveRun: 'cccccc', pid: undefined });

  // Still there, still read by the same WAL senders; the other database untouched.
  assert.equal((await slotState('cdcsizer_aaaaaa_1'))?.active_pid, activeHere);
  assert.equal((await slotState('cdcsizer_dddddd_1'))?.active_pid, activeThere);
  assert.equal((await slotState('cdcsizer_eeeeee_1'))?.database, OTHER_DB);
  assert.ok(await slotState('cdcsizer_cccccc_1'));
  assert.ok(await slotState('not_ours'));
  assert.equal((await there.query("SELECT 1 FROM pg_publication WHERE pubname = 'cdcsizer_eeeeee_1'")).rowCount, 1);
  assert.deepEqual(await harnessSlotsElsewhere(here), [{ database: OTHER_DB, slots: 2 }]);
  assert.deepEqual((await findLeftovers(here)).slots.map((s) => s.name), ['cdcsizer_aaaaaa_1', 'cdcsizer_cccccc_1']);

  // What the run prints: one line per slot left alone, naming it, its database, PID, WAL and age.
  const lines = leftoverLines(cleaned, 'cdcsizer', await harnessSlotsElsewhere(here), true);
  assert.match(lines[0]!, /^--clean dropped leftovers of earlier runs in database "cdcsizer": slot cdcsizer_bbbbbb_1 \(.* of WAL\), publication cdcsizer_bbbbbb_1$/);
  assert.match(lines[1]!, new RegExp(`^--clean left alone: slot cdcsizer_aaaaaa_1 in database "cdcsizer" is active \\(WAL sender PID ${activeHere}, connected \\d+ s ago, pins .* of WAL\\)`));
  assert.match(lines[2]!, /^--clean left alone: slot cdcsizer_cccccc_1 in database "cdcsizer" \(inactive, pins .* of WAL\) belongs to run cccccc, which is still measuring$/);
  assert.match(lines[3]!, /publications cdcsizer_aaaaaa_1, cdcsizer_cccccc_1 of runs still going/);
  assert.match(lines[4]!, /^2 cdcsizer_ slots in other databases of the server \("colleague_db": 2\): not touched/);

  // Once the colleague's run has ended, its objects are leftovers like any other.
  await colleague.end();
  const later = await dropLeftovers(here);
  assert.deepEqual(later.slots.map((s) => s.name), ['cdcsizer_cccccc_1']);
  assert.deepEqual(later.publications, ['cdcsizer_cccccc_1']);
  assert.equal((await slotState('cdcsizer_aaaaaa_1'))?.active_pid, activeHere);
  await here.query("SELECT pg_drop_replication_slot('not_ours')");
});

test("a run's own slot still held after its job: waited for, then only its own WAL sender is ended; another database's namesake untouched", async () => {
  await createSlot(here, 'cdcsizer_ffffff_1');
  await createSlot(here, 'cdcsizer_ffffff_1_0');
  await here.query('CREATE PUBLICATION cdcsizer_ffffff_1 FOR TABLE t');
  await createSlot(there, 'cdcsizer_ffffff_1_1');
  await createSlot(here, 'cdcsizer_ffffff_10');
  const pid = await readSlot(undefined, 'cdcsizer_ffffff_1_0');
  const other = await readSlot(OTHER_DB, 'cdcsizer_ffffff_1_1');
  const started = Date.now();
  const own = await dropLeftovers(here, { stems: ['cdcsizer_ffffff_1'], activeWaitMs: 500 });
  assert.ok(Date.now() - started >= 500, 'waited for the WAL sender to let go first');
  assert.deepEqual(own.slots.map((s) => s.name), ['cdcsizer_ffffff_1', 'cdcsizer_ffffff_1_0']);
  assert.deepEqual(own.publications, ['cdcsizer_ffffff_1']);
  assert.deepEqual(own.failures, []);
  assert.deepEqual(own.terminated, [{ slot: 'cdcsizer_ffffff_1_0', pid }]);
  assert.equal((await here.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount, 0, 'its WAL sender was ended');
  assert.equal((await slotState('cdcsizer_ffffff_1_1'))?.active_pid, other, 'the namesake in another database is still read');
  assert.ok(await slotState('cdcsizer_ffffff_10'), 'another stem is not the run\'s');
  await here.query("SELECT pg_drop_replication_slot('cdcsizer_ffffff_10')");
});

test('what cannot be dropped is returned with the SQL that drops it, not thrown', async () => {
  await here.query("CREATE ROLE weak LOGIN PASSWORD 'weak-pw'");
  await createSlot(here, 'cdcsizer_999999_1');
  await here.query('CREATE PUBLICATION cdcsizer_999999_1 FOR TABLE t');
  const weak = await connectPg({ ...endpoint(), user: 'weak', password: 'weak-pw' });
  try {
    const r = await dropLeftovers(weak);
    assert.deepEqual(r.slots, []);
    assert.deepEqual(r.publications, []);
    assert.deepEqual(r.failures.map((f) => [f.what, f.name, f.database, f.remedy]), [
      ['slot', 'cdcsizer_999999_1', 'cdcsizer', `in database "cdcsizer": SELECT pg_drop_replication_slot('cdcsizer_999999_1');`],
      ['publication', 'cdcsizer_999999_1', 'cdcsizer', 'in database "cdcsizer": DROP PUBLICATION "cdcsizer_999999_1";'],
    ]);
    assert.ok(r.failures.every((f) => f.error.length > 0));
  } finally {
    await weak.end();
  }
  await dropLeftovers(here);
});

test('a run lease: an id no object uses, shown as live while held', async () => {
  const lease = await takeRunLease(endpoint());
  assert.match(lease.runId, /^[0-9a-f]{6}$/);
  assert.ok((await liveRunIds(there)).has(lease.runId), 'seen from another database too');
  await lease.release();
  assert.ok(!(await liveRunIds(here)).has(lease.runId));
});
