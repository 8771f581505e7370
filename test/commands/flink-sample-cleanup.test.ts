import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { cleanupFailures } from '../../src/commands/cleanup.js';
import { flinkSample, probeTables, type FlinkTarget } from '../../src/commands/flink-sample.js';
import type { FlinkRest, JobDetail } from '../../src/engines/flink-cdc/flink-rest.js';
import type { SourceTable } from '../../src/engines/source-table.js';
import type { Endpoints } from '../../src/infra/endpoints.js';
import { InfraError } from '../../src/infra/infra-error.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { dropStemSql } from '../../src/verify/leftovers.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * What a connector job leaves on the source is dropped whatever fails around it: a real PostgreSQL
 * holds the slot and publication Flink CDC 3.5.0 leaves behind; Flink is a fake that fails where told.
 */

let server: Awaited<ReturnType<typeof startTestPostgres>>;
let admin: pg.Client;
let e: Endpoints;
const tables: SourceTable[] = [{ schema: 'public', name: 't', key: [{ name: 'id', type: 'integer' }] }];
const JOB = '0123456789abcdef0123456789abcdef';

before(async () => {
  server = await startTestPostgres();
  e = { provider: 'embedded', pg: server.server.pg, release: async () => undefined };
  admin = await connectPg(e.pg);
  await admin.query('CREATE TABLE t (id int PRIMARY KEY)');
});

after(async () => {
  await admin?.end();
  await server?.stop();
});

/** What the connector leaves after a snapshot-only run: its main slot (inactive) and its publication. */
async function leaveObjects(stem: string): Promise<void> {
  await admin.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [stem]);
  await admin.query(`CREATE PUBLICATION ${stem} FOR TABLE t`);
}

async function objectsLeft(stem: string): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT 'slot ' || slot_name AS name FROM pg_replication_slots WHERE starts_with(slot_name, $1)
     UNION ALL SELECT 'publication ' || pubname FROM pg_publication WHERE starts_with(pubname, $1)`,
    [stem],
  );
  return rows.map((r) => r.name);
}

const finished: JobDetail = { jid: JOB, name: 'job', state: 'FINISHED', 'start-time': 1, 'end-time': 2, duration: 1, vertices: [] };

/** A Flink REST client whose job poll does `poll`; it records the cancels it gets. */
function fakeFlink(poll: () => Promise<JobDetail>, afterCancel: () => Promise<JobDetail>) {
  const calls: string[] = [];
  let polls = 0;
  const rest = {
    baseUrl: 'http://flink.example:8081/',
    run: async () => {
      calls.push('run');
      return JOB;
    },
    waitForEnd: async () => {
      calls.push('waitForEnd');
      // The first wait is the job's own; a later one is the cancellation's.
      return polls++ === 0 ? poll() : afterCancel();
    },
    cancel: async (id: string) => {
      calls.push(`cancel ${id}`);
    },
    accumulators: async () => [],
    rootException: async () => undefined,
  };
  const target: FlinkTarget = { rest: rest as unknown as FlinkRest, jarId: 'job.jar' };
  return { target, calls };
}

const unreachable = () => new InfraError(`Flink's REST API at http://flink.example:8081 did not answer for 60 s while job ${JOB} ran (ECONNREFUSED)`);

test('a probe whose job poll fails cancels the job, drops what it left, and says the cancel it could not confirm with its remedy', async () => {
  const stem = 'cdcsizer_a1b2c3_p1';
  await leaveObjects(stem);
  const failuresBefore = cleanupFailures().length;
  // The cluster stops answering mid-job, and stays gone: the cancel cannot be confirmed.
  const flink = fakeFlink(() => Promise.reject(unreachable()), () => Promise.reject(unreachable()));
  const err = await probeTables(e, tables, 8096, stem, flink.target).catch((x: unknown) => x);
  assert.ok(err instanceof InfraError, String(err));
  assert.match((err as Error).message, /did not answer for 60 s/, 'the original error is the one thrown');
  assert.deepEqual(flink.calls, ['run', 'waitForEnd', `cancel ${JOB}`, 'waitForEnd']);
  assert.deepEqual(await objectsLeft(stem), []);
  const said = cleanupFailures().slice(failuresBefore);
  assert.deepEqual(said.map((f) => [f.what, f.name, f.remedy]), [['job', JOB, `curl -X PATCH 'http://flink.example:8081/jobs/${JOB}?mode=cancel'`]]);
});

test('a probe whose job poll fails but whose cancel goes through leaves nothing and records no failure', async () => {
  const stem = 'cdcsizer_a1b2c3_p2';
  await leaveObjects(stem);
  const failuresBefore = cleanupFailures().length;
  const flink = fakeFlink(() => Promise.reject(unreachable()), async () => ({ ...finished, state: 'CANCELED' }));
  await assert.rejects(probeTables(e, tables, 8096, stem, flink.target), InfraError);
  assert.deepEqual(flink.calls, ['run', 'waitForEnd', `cancel ${JOB}`, 'waitForEnd']);
  assert.deepEqual(await objectsLeft(stem), []);
  assert.equal(cleanupFailures().length, failuresBefore);
});

test("a sample whose statement totals fail after the job still drops the job's slot and publication, and throws that failure", async () => {
  const stem = 'cdcsizer_a1b2c3_s1';
  await leaveObjects(stem);
  const failuresBefore = cleanupFailures().length;
  // While the job "runs", the observer's and the statistics' sessions are ended (an administrator, a restart).
  const flink = fakeFlink(async () => {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cdc-sizer observer'");
    return finished;
  }, async () => finished);
  const err = await flinkSample(e, { name: 'x', schemas: ['public'] }, tables, { engine: 'flink-cdc', parallelism: 1, chunkSize: 8096, sourceOptions: {} } as never, 1, stem, flink.target, 0, () => undefined).catch((x: unknown) => x);
  assert.ok(err instanceof Error, 'the sample fails');
  assert.match((err as Error).message, /terminat|not queryable/i, `the statistics session's own error is the one thrown: ${(err as Error).message}`);
  assert.deepEqual(await objectsLeft(stem), [], 'the slot and publication the connector left are dropped');
  assert.deepEqual(flink.calls, ['run', 'waitForEnd'], 'the job had ended: nothing to cancel');
  assert.equal(cleanupFailures().length, failuresBefore);
});

test('a sample that succeeds reports what the connector left (dropped once, by the sample itself)', async () => {
  const stem = 'cdcsizer_a1b2c3_s2';
  await leaveObjects(stem);
  const lines: string[] = [];
  const flink = fakeFlink(async () => finished, async () => finished);
  const { sample } = await flinkSample(e, { name: 'x', schemas: ['public'] }, tables, { engine: 'flink-cdc', parallelism: 1, chunkSize: 8096, sourceOptions: {} } as never, 1, stem, flink.target, 0, (l) => lines.push(l));
  assert.equal(sample.ok, true);
  assert.deepEqual({ slots: sample.leftBehind?.slots.map((s) => s.name), publications: sample.leftBehind?.publications }, { slots: [stem], publications: [stem] });
  assert.match(lines.join('\n'), new RegExp(`the connector left slot ${stem}, publication ${stem} \\(dropped\\)`));
  assert.deepEqual(await objectsLeft(stem), []);
});

test('the remedy for a stem quotes the database as an identifier', () => {
  assert.match(dropStemSql('cdcsizer_a1b2c3_1', 'we"ird db'), /^in database "we""ird db": SELECT pg_drop_replication_slot/);
});
