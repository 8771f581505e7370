import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readEnumeratorProgress, sumAggregates } from '../../src/engines/flink-cdc/enumerator-metrics.js';
import { countsFromAccumulators, foldPartitions, readingSeconds } from '../../src/engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRest } from '../../src/engines/flink-cdc/flink-rest.js';
import { tablesBeingRead } from '../../src/observe/activity-sampler.js';
import { kindOf, scopeTables } from '../../src/observe/statement-sampler.js';
import type { SourceTable } from '../../src/engines/source-table.js';

/** Responses recorded from a real Flink 1.20.3 local cluster running the cdc-sizer job. */
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/flink-rest/${name}.json`, 'utf8')) as { id: string; value?: string }[];

test('enumerator aggregates are summed over the sources and per-table metrics are ignored', () => {
  // Two sources of one job: nine keyed tables and the keyless table with its own chunk key.
  const p = sumAggregates([...fixture('jm-operator-metrics-finished-p2-0'), ...fixture('jm-operator-metrics-finished-p2-1')]);
  assert.deepEqual(p, { chunksAssigned: 10, chunksRemaining: 0, tablesSnapshotted: 10, tablesRemaining: 0, streamReading: false });
});

test('progress is read with one listing and one GET of the aggregates per source vertex', async () => {
  const asked: string[] = [];
  const list = fixture('jm-operator-metrics-list-running-p2-0');
  const values = fixture('jm-operator-metrics-running-p2-1');
  const impl = (async (url: string | URL) => {
    const u = new URL(String(url));
    asked.push(`${u.pathname}${u.search}`);
    const body = u.pathname.includes('/vertices/v2/') ? [] : u.search ? values.map((v) => ({ ...v, id: v.id.replace('_k1.', '.') })) : list;
    return new Response(JSON.stringify(body));
  }) as typeof fetch;
  const p = await readEnumeratorProgress(new FlinkRest('http://flink:8081', impl), 'j', ['v1', 'v2']);
  assert.deepEqual(p, { chunksAssigned: 1, chunksRemaining: 0, tablesSnapshotted: 1, tablesRemaining: 0, streamReading: false });
  assert.equal(asked.length, 3, 'v2 lists nothing yet, so it is not asked for values');
  const get = decodeURIComponent(asked[1]!.split('?get=')[1]!).split(',');
  assert.equal(get.length, 5, 'the four chunk and table counts, and whether the stream is read');
  assert.ok(get.every((id) => !id.includes('.namespace.')), 'no per-table ids in the URL');
});

test('first and last record times give each table its reading span, partitions folded into the parent', () => {
  const counts = countsFromAccumulators([
    { name: 'records:public.sales_p0', value: '10' },
    { name: 'firstMs:public.sales_p0', value: '1000' },
    { name: 'lastMs:public.sales_p0', value: '4000' },
    { name: 'records:public.sales_p1', value: '5' },
    { name: 'firstMs:public.sales_p1', value: '2500' },
    { name: 'lastMs:public.sales_p1', value: '6500' },
    { name: 'records:public.empty', value: '0' },
    { name: 'firstMs:public.empty', value: '9223372036854775807' },
    { name: 'lastMs:public.empty', value: '-9223372036854775808' },
  ]);
  assert.equal(readingSeconds(counts.find((c) => c.table === 'public.empty')!), undefined, 'a table never read has no span');
  const sales = { schema: 'public', name: 'sales', partitions: ['sales_p0', 'sales_p1'] } as unknown as SourceTable;
  const folded = foldPartitions(counts, [sales]);
  const row = folded.find((c) => c.table === 'public.sales')!;
  assert.equal(row.records, 15);
  assert.equal(readingSeconds(row), 5.5);
});

test('the tables being read are the active chunk SELECTs, quoted names unquoted', () => {
  const conn = (state: string, query: string) => ({ pid: 1, application: 'PostgreSQL JDBC Driver', backendType: 'client backend', state, waitEvent: null, query });
  assert.deepEqual(
    tablesBeingRead([
      conn('active', 'SELECT * FROM "public"."orders" WHERE "id" >= $1 AND NOT ("id" = $2) AND "id" <= $3'),
      conn('active', 'SELECT * FROM "public"."we""ird" WHERE "id" >= $1'),
      conn('idle', 'SELECT * FROM "public"."customers"'),
      conn('active', 'SELECT MIN("id"), MAX("id") FROM "public"."events"'),
      conn('active', 'SELECT * FROM "public"."orders" WHERE "id" <= $1'),
    ]),
    ['public.orders', 'public.we"ird'],
  );
});

test("a splitting query's table is read from its text, quoted names unquoted", () => {
  const tables = scopeTables([
    { schema: 'public', name: 'events', key: [{ name: 'id', type: 'uuid' }] },
    { schema: 'app', name: 'we"ird', key: [{ name: 'id', type: 'bigint' }] },
  ]);
  assert.deepEqual(kindOf('SELECT MAX(("id")::text) FROM (SELECT "id" FROM "public"."events" WHERE "id" >= ($1)::uuid ORDER BY "id" ASC LIMIT $2) AS T', tables), { kind: 'split', table: 'public.events' });
  assert.deepEqual(kindOf('SELECT MIN("id"), MAX("id") FROM "app"."we""ird"', tables), { kind: 'split', table: 'app.we"ird' });
  assert.equal(kindOf('SELECT 1', tables), undefined);
});
