import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { connectPg } from '../../src/infra/pg-connect.js';
import { startObserver } from '../../src/observe/observer.js';
import { sampleSlots } from '../../src/observe/slot-sampler.js';
import { dropLeftovers, findLeftovers } from '../../src/verify/leftovers.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let other: Client;
before(async () => {
  pg = await startTestPostgres();
  other = await connectPg(pg.server.pg, { applicationName: 'someone else' });
});
after(async () => {
  await other?.end();
  await pg?.stop();
});

test('observer sees WAL retained by a harness slot, other connections and the strongest lock', async () => {
  await other.query('CREATE TABLE watched (id bigint PRIMARY KEY, v text)');
  await other.query("SELECT pg_create_logical_replication_slot('cdcsizer_test_slot', 'pgoutput')");
  await other.query("SELECT pg_create_logical_replication_slot('not_ours', 'pgoutput')");
  const observer = await startObserver(pg.server.pg, 'public', 200);
  await other.query("INSERT INTO watched SELECT g, repeat('x', 500) FROM generate_series(1, 20000) g");
  await other.query('BEGIN');
  await other.query('LOCK TABLE watched IN ACCESS EXCLUSIVE MODE');
  await new Promise((r) => setTimeout(r, 700));
  await other.query('COMMIT');
  const seen = await observer.stop();
  assert.ok(seen.points.length >= 3, `${seen.points.length} samples`);
  assert.ok(seen.maxWalRetainedBytes > 10_000_000, `WAL retained ${seen.maxWalRetainedBytes}`);
  assert.ok(seen.points.every((p) => p.slots.every((s) => s.slot.startsWith('cdcsizer_'))), 'only harness slots are sampled');
  assert.equal(seen.strongestLock, 'AccessExclusiveLock');
  // Its own connection left out, it saw exactly the other one, in every sample.
  assert.equal(seen.maxConnections, 1);
  assert.ok(seen.points.every((p) => p.connections.length === 1 && p.connections[0]!.application === 'someone else'), JSON.stringify(seen.points.map((p) => p.connections.map((c) => c.application))));
});

test("a job's observer samples its own slots only, not another run's on the same server", async () => {
  await other.query("SELECT pg_create_logical_replication_slot('cdcsizer_zz_1_0', 'pgoutput')");
  await other.query("SELECT pg_create_logical_replication_slot('cdcsizer_zz_10', 'pgoutput')");
  assert.deepEqual((await sampleSlots(other, 'cdcsizer_zz_1')).map((s) => s.slot), ['cdcsizer_zz_1_0']);
  assert.deepEqual((await sampleSlots(other)).map((s) => s.slot), ['cdcsizer_test_slot', 'cdcsizer_zz_10', 'cdcsizer_zz_1_0']);
  for (const slot of ['cdcsizer_zz_1_0', 'cdcsizer_zz_10']) await other.query('SELECT pg_drop_replication_slot($1)', [slot]);
});

test('leftovers: found and dropped with the prefix only', async () => {
  await other.query('CREATE PUBLICATION cdcsizer_test_pub FOR TABLE watched');
  await other.query('CREATE PUBLICATION users_pub FOR TABLE watched');
  const found = await findLeftovers(other);
  assert.deepEqual(found.slots.map((s) => s.name), ['cdcsizer_test_slot']);
  assert.deepEqual(found.publications, ['cdcsizer_test_pub']);
  await dropLeftovers(other);
  assert.deepEqual(await findLeftovers(other), { slots: [], publications: [] });
  const theirs = await other.query("SELECT (SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'not_ours')::int AS slots, (SELECT count(*) FROM pg_publication WHERE pubname = 'users_pub')::int AS pubs");
  assert.deepEqual(theirs.rows, [{ slots: 1, pubs: 1 }]);
  await other.query("SELECT pg_drop_replication_slot('not_ours')");
});

test("one run's hygiene drops its stem and the names derived from it, and no other run's", async () => {
  for (const name of ['cdcsizer_ab_1', 'cdcsizer_ab_1_k1', 'cdcsizer_ab_10', 'cdcsizer_ab_1x']) await other.query(`CREATE PUBLICATION ${name} FOR TABLE watched`);
  await other.query("SELECT pg_create_logical_replication_slot('cdcsizer_ab_1_0', 'pgoutput')");
  const dropped = await dropLeftovers(other, { stems: ['cdcsizer_ab_1'] });
  assert.deepEqual(dropped.publications, ['cdcsizer_ab_1', 'cdcsizer_ab_1_k1']);
  assert.deepEqual(dropped.slots.map((s) => s.name), ['cdcsizer_ab_1_0']);
  assert.deepEqual(await findLeftovers(other), { slots: [], publications: ['cdcsizer_ab_10', 'cdcsizer_ab_1x'] });
  await dropLeftovers(other);
});
