import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { connectPg } from '../../src/infra/pg-connect.js';
import { connectorStatements, queriesBetween, scopeTables } from '../../src/observe/statement-sampler.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let stats: Client;
let connector: Client;
let other: Client;
const tables = scopeTables([{ schema: 'public', name: 'orders', key: [{ name: 'id', type: 'bigint' }] }]);

before(async () => {
  pg = await startTestPostgres();
  stats = await connectPg(pg.server.pg, { applicationName: 'cdc-sizer observer' });
  connector = await connectPg(pg.server.pg, { applicationName: 'connector' });
  other = await connectPg(pg.server.pg, { applicationName: 'someone else' });
  await connector.query('CREATE TABLE orders (id bigint PRIMARY KEY, v text)');
  await connector.query("INSERT INTO orders SELECT g, 'x' FROM generate_series(1, 1000) g");
  await connector.query('CREATE TABLE orders_archive (id bigint PRIMARY KEY)');
  await connector.query('CREATE ROLE other_client');
  await connector.query('GRANT SELECT ON orders TO other_client');
  await other.query('SET ROLE other_client');
});
after(async () => {
  await Promise.all([stats, connector, other].map((c) => c?.end()));
  await pg?.stop();
});

const chunk = (c: Client, lo: number, hi: number) => c.query('SELECT * FROM "public"."orders" WHERE "id" >= $1 AND "id" <= $2', [lo, hi]);

test("on a live server: only the connector role's queries on the job's tables count; another role's identical ones do not", async () => {
  const before = await connectorStatements(stats, tables);
  assert.ok(!('unavailable' in before), JSON.stringify(before));
  await chunk(connector, 1, 500);
  await chunk(connector, 501, 1000);
  await connector.query('SELECT MIN("id"), MAX("id") FROM "public"."orders"');
  // Another client: the connector's very statements under another role, and the same role on a table not captured.
  for (let i = 0; i < 5; i++) await chunk(other, 1, 1000);
  await other.query('SELECT MIN("id"), MAX("id") FROM "public"."orders"');
  await connector.query('SELECT * FROM "public"."orders_archive" WHERE "id" >= $1', [0]);
  const d = queriesBetween(before, await connectorStatements(stats, tables), tables);
  assert.ok('queries' in d, JSON.stringify(d));
  assert.equal(d.queries.chunkReads.calls, 2);
  assert.equal(d.queries.chunkReads.rows, 1000);
  assert.equal(d.queries.splitQueries.calls, 1);
  assert.deepEqual([...d.queries.splitByTable.keys()], ['public.orders']);
});

test('on a live server: a reset between the snapshots makes the delta unknown', async () => {
  await chunk(connector, 1, 10);
  const before = await connectorStatements(stats, tables);
  await connector.query('SELECT pg_stat_statements_reset()');
  await chunk(connector, 1, 10);
  const d = queriesBetween(before, await connectorStatements(stats, tables), tables);
  assert.ok('unknown' in d, JSON.stringify(d));
  assert.match(d.unknown, /reset/);
});

test('a database without the extension: unavailable, with the reason', async () => {
  await connector.query('DROP EXTENSION pg_stat_statements');
  try {
    const r = await connectorStatements(stats, tables);
    assert.ok('unavailable' in r);
    assert.match(r.unavailable, /not installed in database/);
  } finally {
    await connector.query('CREATE EXTENSION pg_stat_statements');
  }
});
