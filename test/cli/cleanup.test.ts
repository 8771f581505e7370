import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { embeddedCliState, spawnCliUntil } from '../support/cli.js';

/**
 * What `run` does to a shared server around its measurement: --clean leaves other runs alone and
 * goes on; a cleanup that fails is said, recorded and exits 3; SIGTERM and SIGINT end with 143
 * and 130. The raw-copy engine keeps these runs short (no Flink needed for what is tested here).
 */

const { dir, env, cli } = embeddedCliState('cdc-sizer-cleanup-');
const scenario = path.join(dir, 'tiny.yaml');
writeFileSync(scenario, 'name: tiny\nseed: 1\ntables:\n  - { name: items, rows: 500, columns: [{ type: integer }, { type: text }] }\n');
/** Long enough to load that a signal lands mid-COPY. */
function bigScenario(name: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nseed: 2\ntables:\n  - { name: ${name}_rows, rows: 3000000, columns: [{ type: text }, { type: integer }, { type: "numeric(12,2)" }] }\n`);
  return file;
}

const readers: pg.Client[] = [];
let admin: pg.Client;
let elsewhere: pg.Client;

function endpoint(database = 'cdcsizer'): PgEndpoint {
  const meta = JSON.parse(readFileSync(path.join(dir, 'state', 'embedded-postgres.json'), 'utf8')) as { port: number; password: string };
  return { host: '127.0.0.1', port: meta.port, user: 'postgres', password: meta.password, database, url: '', display: '' };
}

/** A replication connection streaming from `slot` (kept open: the slot stays active). */
async function readSlot(database: string, slot: string): Promise<number> {
  const e = endpoint(database);
  const c = new pg.Client({ host: e.host, port: e.port, user: e.user, password: e.password, database, replication: 'database' } as pg.ClientConfig);
  c.on('error', () => undefined);
  await c.connect();
  readers.push(c);
  // Never answers: the server streams (CopyBoth) until the connection ends.
  void c.query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0`).catch(() => undefined);
  const pid = (c as unknown as { processID: number }).processID;
  for (let i = 0; i < 100 && (await activePid(slot)) !== pid; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await activePid(slot), pid, `${slot} is read`);
  return pid;
}

const activePid = async (slot: string) => (await admin.query<{ pid: number | null }>('SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1', [slot])).rows[0]?.pid;
const slotExists = async (slot: string) => (await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot])).rowCount === 1;

before(async () => {
  admin = await connectPg(endpoint());
  elsewhere = await connectPg(endpoint('postgres'));
});

after(async () => {
  for (const c of readers) await c.end().catch(() => undefined);
  await elsewhere?.end();
  await admin?.end();
});

test('run --clean: a colleague\'s active slot, here and in another database, is named and left alone; the run goes on and exits 0', async () => {
  const create = (c: pg.Client, slot: string) => c.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [slot]);
  await create(admin, 'cdcsizer_a1a1a1_1');
  await create(elsewhere, 'cdcsizer_b2b2b2_1');
  await create(admin, 'cdcsizer_c3c3c3_1'); // a crashed run's, here
  await create(elsewhere, 'cdcsizer_d4d4d4_1'); // a crashed run's, in another database
  const here = await readSlot('cdcsizer', 'cdcsizer_a1a1a1_1');
  const there = await readSlot('postgres', 'cdcsizer_b2b2b2_1');

  const r = cli('run', scenario, '--engine', 'raw-copy', '--parallelism', '1', '--clean', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(runResultSchema.parse(JSON.parse(r.stdout)).cleanupFailures === undefined);
  assert.match(r.stderr, /--clean dropped leftovers of earlier runs in database "cdcsizer": slot cdcsizer_c3c3c3_1 /);
  assert.match(r.stderr, new RegExp(`--clean left alone: slot cdcsizer_a1a1a1_1 in database "cdcsizer" is active \\(WAL sender PID ${here}, connected \\d+ s ago, pins .+ of WAL\\)`));
  assert.match(r.stderr, /2 cdcsizer_ slots in other databases of the server \("postgres": 2\): not touched/);
  assert.doesNotMatch(r.stderr, /cdcsizer_b2b2b2_1|cdcsizer_d4d4d4_1/, 'another database\'s slots are only counted');
  assert.equal(await activePid('cdcsizer_a1a1a1_1'), here, 'still read by the same WAL sender');
  assert.equal(await activePid('cdcsizer_b2b2b2_1'), there);
  assert.ok(await slotExists('cdcsizer_d4d4d4_1'));
  assert.ok(!(await slotExists('cdcsizer_c3c3c3_1')));
  for (const c of readers.splice(0)) await c.end();
  for (const [c, slot] of [[admin, 'cdcsizer_a1a1a1_1'], [elsewhere, 'cdcsizer_b2b2b2_1'], [elsewhere, 'cdcsizer_d4d4d4_1']] as const) {
    for (let i = 0; i < 50 && (await activePid(slot)) !== null; i++) await new Promise((res) => setTimeout(res, 50));
    await c.query('SELECT pg_drop_replication_slot($1)', [slot]);
  }
});

test('a leftover the run cannot drop: one line with the SQL that drops it, recorded in result.json, exit 3', async () => {
  await admin.query("CREATE ROLE sizer LOGIN PASSWORD 'sizer-pw'");
  await admin.query('CREATE DATABASE sizer_db OWNER sizer');
  const owner = await connectPg(endpoint('sizer_db'));
  try {
    await owner.query('CREATE PUBLICATION cdcsizer_e5e5e5_1'); // the superuser's: the sizer role may not drop it
  } finally {
    await owner.end();
  }
  const url = `postgres://sizer:sizer-pw@127.0.0.1:${endpoint().port}/sizer_db`;
  const r = cli('run', scenario, '--pg-url', url, '--engine', 'raw-copy', '--parallelism', '1', '--clean', '--json');
  assert.equal(r.status, 3, r.stderr);
  const line = r.stderr.split('\n').filter((l) => l.startsWith('cleanup failed:'));
  assert.equal(line.length, 1, r.stderr);
  assert.match(line[0]!, /^cleanup failed: publication cdcsizer_e5e5e5_1 \(database "sizer_db"\) is left behind \(must be owner of publication cdcsizer_e5e5e5_1\); remove it with: in database "sizer_db": DROP PUBLICATION "cdcsizer_e5e5e5_1";$/);
  assert.match(r.stderr.trim().split('\n').at(-1)!, /^cdc-sizer: 1 cleanup step failed; what is left, and the command that removes it, is said above$/);
  assert.doesNotMatch(r.stderr, /sizer-pw/);
  const result = runResultSchema.parse(JSON.parse(r.stdout));
  assert.deepEqual(result.cleanupFailures?.map((f) => [f.what, f.name, f.database, f.remedy]), [['publication', 'cdcsizer_e5e5e5_1', 'sizer_db', 'in database "sizer_db": DROP PUBLICATION "cdcsizer_e5e5e5_1";']]);
});

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`${signal} during a command cleans up and exits ${code}`, async () => {
    const { child, exited, stderr } = await spawnCliUntil(['generate', bigScenario(`big_${code}`), '--allow-existing'], env, `generating "big_${code}"`);
    await new Promise((r) => setTimeout(r, 300));
    child.kill(signal);
    assert.equal(await exited, code, stderr());
    assert.match(stderr(), new RegExp(`${signal}: cleaning up`));
  });
}
