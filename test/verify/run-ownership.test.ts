import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { liveRunIds, takeRunLease } from '../../src/verify/run-ownership.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * The marker session "cdc-sizer run <id>" is what keeps another run's --clean off a live run's
 * inactive slots: the server must not end it for being idle, and its loss is said and mended.
 */

let server: Awaited<ReturnType<typeof startTestPostgres>>;
let admin: pg.Client;
/** A role whose sessions the server ends after 300 ms idle, as a cautious DBA might configure it. */
let idler: PgEndpoint;

before(async () => {
  server = await startTestPostgres();
  admin = await connectPg(server.server.pg);
  await admin.query("CREATE ROLE idler LOGIN PASSWORD 'idler-pw'");
  await admin.query("ALTER ROLE idler SET idle_session_timeout = '300ms'");
  idler = { ...server.server.pg, user: 'idler', password: 'idler-pw' };
});

after(async () => {
  await admin?.end();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const markerPids = async (runId: string): Promise<number[]> =>
  (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid', [`cdc-sizer run ${runId}`])).rows.map((r) => r.pid);

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("the marker session outlives the role's idle_session_timeout", async () => {
  const said: string[] = [];
  const lease = await takeRunLease(idler, (l) => said.push(l));
  try {
    await sleep(1000);
    assert.equal((await markerPids(lease.runId)).length, 1, 'still open after 1 s idle, its role says 300 ms');
    assert.deepEqual(said, []);
  } finally {
    await lease.release();
  }
  assert.deepEqual(await markerPids(lease.runId), []);
  assert.deepEqual(said, [], 'a release is not a loss');
});

test('a marker session terminated mid-run is said once, in one line, and taken again under the same run id', async () => {
  const said: string[] = [];
  const lease = await takeRunLease(idler, (l) => said.push(l));
  try {
    const [first] = await markerPids(lease.runId);
    assert.ok(first);
    await admin.query('SELECT pg_terminate_backend($1)', [first]);
    const second = await until('the marker session to be reopened', async () => (await markerPids(lease.runId)).find((pid) => pid !== first));
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0]!, new RegExp(`^run ${lease.runId}: its marker session "cdc-sizer run ${lease.runId}" ended \\(.*terminat.*\\); until it is back, another run's --clean may drop this run's inactive slots and publications; reopening it$`));
    assert.ok(!said[0]!.includes('\n'));
    // The new session is a marker like the first: seen by another run, and not ended for being idle either.
    await sleep(700);
    assert.deepEqual(await markerPids(lease.runId), [second]);
    assert.ok((await liveRunIds(admin)).has(lease.runId));
    assert.equal(said.length, 1);

    // Reopened once only: a second loss is said, and the run goes on unprotected.
    await admin.query('SELECT pg_terminate_backend($1)', [second]);
    await until('the second loss to be said', async () => (said.length === 2 ? true : undefined));
    assert.match(said[1]!, /ended \(.*\); .*; it was reopened once already and is not reopened again$/);
    await sleep(300);
    assert.deepEqual(await markerPids(lease.runId), []);
  } finally {
    await lease.release();
  }
  assert.equal(said.length, 2, 'the release says nothing');
});
