import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { runPreflight } from '../../src/catalog/preflight/preflight.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import type { TargetColumn } from '../../src/targets/starrocks/target-report.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let client: Client;

// Odd names on purpose; a domain over a domain (the inner one carries the modifier); a composite key.
const SCHEMA = `
CREATE SCHEMA "Sales EU";
CREATE TYPE "Sales EU".mood AS ENUM ('ok', 'meh');
CREATE TYPE "Sales EU".address AS (street text, zip text);
CREATE DOMAIN "Sales EU".price AS numeric(12,2) CHECK (VALUE >= 0);
CREATE DOMAIN "Sales EU".list_price AS "Sales EU".price;
CREATE TABLE "Sales EU"."Order ""Items""" (
  order_id numeric(10,0), line char(4), price "Sales EU".list_price, paid timestamptz, at_time time(3),
  tags text[], doc jsonb, mood "Sales EU".mood, home "Sales EU".address, fuzzy numeric,
  PRIMARY KEY (order_id, line));
CREATE TABLE "Sales EU".heap (v varchar(10));`;

before(async () => {
  pg = await startTestPostgres();
  client = await connectPg(pg.server.pg);
  await client.query(SCHEMA);
});

after(async () => {
  try {
    await client?.query('DROP SCHEMA IF EXISTS "Sales EU" CASCADE');
    await client?.end();
  } finally {
    await pg?.stop();
  }
});

test('preflight --target starrocks reads each column as the connector resolves it and says what StarRocks makes of it', async () => {
  const report = await runPreflight(client, { schemas: ['Sales EU'], sampleSeconds: 0, starRocksVersions: ['3.5.0', '3.6.0'] });
  const target = report.starrocks!;
  assert.deepEqual(target.routes, ['pipeline 3.5.0', 'pipeline 3.6.0', 'connector']);
  const column = (name: string): TargetColumn => target.columns.find((c) => c.column === name)!;
  const on = (name: string, route: string) => column(name).verdicts.find((v) => v.route === route)!;

  assert.equal(column('order_id').key, true);
  assert.equal(column('line').key, true);
  assert.equal(column('tags').key, false);
  assert.equal(on('order_id', 'pipeline 3.5.0').starRocksType, 'VARCHAR(11)', 'a DECIMAL key is text in StarRocks');
  assert.equal(on('line', 'pipeline 3.5.0').starRocksType, 'VARCHAR(12)', 'a char key cannot be CHAR');
  assert.equal(on('price', 'pipeline 3.5.0').starRocksType, 'DECIMAL(12,2)', 'a domain over a domain resolves to numeric(12,2)');
  assert.equal(on('paid', 'pipeline 3.6.0').verdict, 'fails');
  assert.equal(on('at_time', 'pipeline 3.5.0').verdict, 'fails');
  assert.equal(on('at_time', 'pipeline 3.6.0').starRocksType, 'VARCHAR(12)', 'time(3): HH:mm:ss.fff');
  assert.equal(on('tags', 'pipeline 3.5.0').verdict, 'fails');
  assert.equal(on('tags', 'connector').starRocksType, 'ARRAY<VARCHAR(1048576)>');
  assert.equal(on('doc', 'pipeline 3.5.0').starRocksType, 'VARCHAR(1048576)');
  assert.equal(on('mood', 'pipeline 3.5.0').starRocksType, 'VARCHAR(1048576)');
  assert.equal(on('home', 'connector').verdict, 'fails', 'a composite has no Debezium converter');
  assert.equal(on('fuzzy', 'pipeline 3.5.0').starRocksType, 'DECIMAL(38,0)');
  assert.deepEqual(target.tablesWithoutKey, ['Sales EU.heap']);

  const ids = report.findings.map((f) => `${f.severity}:${f.id}`);
  assert.ok(ids.includes('error:starrocks-pipeline-3.5.0-fails'), `the composite fails every route: ${ids.join(' ')}`);
  assert.ok(ids.includes('error:starrocks-connector-fails'));
  assert.ok(ids.includes('info:starrocks-pipeline-3.6.0-changes'));
  assert.match(report.findings.find((f) => f.id === 'starrocks-pipeline-3.5.0-fails')!.title, /4 columns stop the pipeline/);
});

test('without --target no column is mapped', async () => {
  const report = await runPreflight(client, { schemas: ['Sales EU'], sampleSeconds: 0 });
  assert.equal(report.starrocks, undefined);
  assert.ok(!report.findings.some((f) => f.id.startsWith('starrocks-')));
});
