import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { probeChunkBoundaries } from '../../src/catalog/chunk-boundaries.js';
import { uncapturableTables } from '../../src/catalog/connector-names.js';
import { runPreflight } from '../../src/catalog/preflight/preflight.js';
import { profileDatabase } from '../../src/catalog/profile/profile.js';
import { loadDataset } from '../../src/datagen/load-dataset.js';
import { PoolBank } from '../../src/datagen/pool-bank.js';
import { TableGenerator } from '../../src/datagen/table-generator.js';
import { planGeneration } from '../../src/datagen/table-plan.js';
import { PINNED_SESSION_SETTINGS } from '../../src/datagen/types/type-family.js';
import { runRawCopy } from '../../src/engines/raw-copy/raw-copy-engine.js';
import { describeTables, type SourceTable } from '../../src/engines/source-table.js';
import { describeColumns } from '../../src/fidelity/source-columns.js';
import { sourceRowsByKey } from '../../src/fidelity/source-rows.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { parseScenarioText } from '../../src/scenario/load-scenario.js';
import { qualified, qualifiedName } from '../../src/sql/identifiers.js';
import { readExpectations, readWriteCounters } from '../../src/verify/source-expectations.js';
import { checkSourceValues } from '../../src/verify/source-values.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * Every SQL path of ours over the seven names of issue 17 (a schema and a table holding dots, a
 * comma, a blank and capitals, regular-expression characters, non-ASCII letters, and two names one
 * of which begins the other), with columns named as oddly, and a partition named with a comma:
 * nothing may split, fold or over-match a name.
 */

const TABLES = [
  { schema: 'Sales.EU', name: 'Order.Items', rows: 1100 },
  { schema: 'public', name: 'a,b', rows: 1200 },
  { schema: 'public', name: 'Mixed Case', rows: 1300 },
  { schema: 'public', name: 'price$|(usd)+', rows: 1400 },
  { schema: 'public', name: 'ünïcødé_表', rows: 1500 },
  { schema: 'public', name: 'orders', rows: 1600 },
  { schema: 'public', name: 'orders2', rows: 1700 },
];
const PARTED = { schema: 'public', name: 'parted', rows: 900 };

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let client: Awaited<ReturnType<typeof connectPg>>;
let sources: SourceTable[];

before(async () => {
  pg = await startTestPostgres();
  client = await connectPg(pg.server.pg, { settings: PINNED_SESSION_SETTINGS });
  await client.query('CREATE SCHEMA "Sales.EU"');
  for (const t of TABLES) {
    // price… has a text key (its chunks are walked key by key); the others a bigint one.
    const text = t.name.startsWith('price');
    await client.query(`CREATE TABLE ${qualified(t.schema, t.name)} ("Key Id" ${text ? 'text' : 'bigint'} PRIMARY KEY, "va,l.ue" text, "Ünï" int)`);
    await client.query(`INSERT INTO ${qualified(t.schema, t.name)} SELECT ${text ? "'sku-' || lpad(g::text, 6, '0')" : 'g'}, 'v' || g, g FROM generate_series(1, ${t.rows}) g`);
  }
  await client.query('CREATE TABLE public.parted ("Key Id" bigint, region int, PRIMARY KEY ("Key Id", region)) PARTITION BY LIST (region)');
  await client.query('CREATE TABLE public."parted,1" PARTITION OF public.parted FOR VALUES IN (1)');
  await client.query('CREATE TABLE public.parted_2 PARTITION OF public.parted FOR VALUES IN (2)');
  await client.query(`INSERT INTO public.parted SELECT g, 1 + g % 2 FROM generate_series(1, ${PARTED.rows}) g`);
  await client.query('ANALYZE');
  sources = await describeTables(client, [...TABLES, PARTED]);
});
after(async () => {
  await client?.end();
  await pg?.stop();
});

test('keys and partitions are found by quoted name (::regclass)', () => {
  assert.deepEqual(sources.map((s) => [qualifiedName(s), s.key.map((k) => k.name).join('+')]), [...TABLES.map((t) => [qualifiedName(t), 'Key Id']), ['public.parted', 'Key Id+region']]);
  assert.deepEqual(sources.at(-1)!.partitions, ['parted,1', 'parted_2']);
});

test('raw-copy splits each table into key ranges and reads every row, each table under its own name', async () => {
  const r = await runRawCopy(pg.server.pg, sources, { parallelism: 2, chunkSize: 300 });
  assert.deepEqual(Object.fromEntries(r.tables.map((t) => [t.table, t.rows])), Object.fromEntries([...TABLES, PARTED].map((t) => [qualifiedName(t), t.rows])));
});

test('counts and key fingerprints in one snapshot, write counters by name', async () => {
  const { tables: expected } = await readExpectations(client, sources, { keys: true });
  assert.deepEqual(Object.fromEntries(expected.map((e) => [e.table, e.rows])), Object.fromEntries([...TABLES, PARTED].map((t) => [qualifiedName(t), t.rows])));
  assert.ok(expected.every((e) => /^[0-9a-f]{16}$/.test(e.keyFingerprint ?? '')), 'every table fingerprinted');
  assert.equal(new Set(expected.map((e) => e.keyFingerprint)).size, expected.length, 'each table read alone (orders is not orders2)');
  const counters = await readWriteCounters(client, sources);
  assert.deepEqual([...counters.keys()].sort(), [...TABLES, PARTED].map(qualifiedName).sort());
});

test('fidelity reads the source rows by key from each table', async () => {
  for (const s of sources.slice(0, TABLES.length)) {
    const columns = await describeColumns(client, s.schema, s.name);
    assert.deepEqual(columns.map((c) => c.name), ['Key Id', 'va,l.ue', 'Ünï'], qualifiedName(s));
    const key = s.name.startsWith('price') ? 'sku-000007' : '7';
    const rows = await sourceRowsByKey(client, s.schema, s.name, s.key, columns, [[key]]);
    assert.deepEqual(rows.get(key), { __k0: key, 'Key Id': key, 'va,l.ue': 'v7', Ünï: '7' }, qualifiedName(s));
  }
});

test('chunk-boundary probes run the connector\'s splitting queries on quoted names', async () => {
  for (const s of sources.slice(0, TABLES.length)) {
    const rows = TABLES.find((t) => t.name === s.name)!.rows;
    const probe = await probeChunkBoundaries(client, { schema: s.schema, name: s.name, column: s.key[0]!, rows }, 500);
    assert.equal(probe.table, qualifiedName(s));
    assert.equal(probe.method, s.name.startsWith('price') ? 'uneven' : 'even', qualifiedName(s));
    assert.equal(probe.chunks, Math.ceil(rows / 500), qualifiedName(s));
  }
});

test('profile reads every table of both schemas', async () => {
  const catalog = await profileDatabase(client, { schemas: ['Sales.EU', 'public'], exactCounts: true, sampleSeconds: 0, cdcSizer: 'test' });
  const rows = Object.fromEntries(catalog.tables.map((t) => [qualifiedName(t), t.rows]));
  for (const t of [...TABLES, PARTED]) assert.equal(rows[qualifiedName(t)], t.rows, qualifiedName(t));
  assert.equal(rows['public.parted,1'], 450);
});

test('preflight names the three tables and the partition the connector cannot capture, with the way out', async () => {
  const report = await runPreflight(client, { sampleSeconds: 0 });
  const f = report.findings.find((x) => x.id === 'table-name');
  assert.ok(f, JSON.stringify(report.findings.map((x) => x.id)));
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.tables, ['public.Mixed Case', 'public.a,b', 'public.parted,1', 'public.price$|(usd)+']);
  assert.match(f.evidence, /public\."Mixed Case": its name holds a space/);
  assert.match(f.fix, /--exclude 'public\."Mixed Case",public\."a,b",public\.parted,public\."price\$\|\(usd\)\+"'/);
  const scoped = await uncapturableTables(client, [(await client.query<{ oid: number }>(`SELECT 'public.parted'::regclass::oid AS oid`)).rows[0]!.oid]);
  assert.deepEqual(scoped.map((t) => [t.name, t.partitionOf?.name]), [['parted,1', 'parted']]);
});

test('generate creates, loads, marks and reads back tables with these names', async () => {
  const names = TABLES.map((t) => t.name);
  const yaml = `name: odd\nseed: 1\nschema: gen\ntables:\n${names.map((n) => `  - { name: ${JSON.stringify(n)}, rows: 200, columns: [{ type: text }, { type: integer }] }`).join('\n')}\n  - { name: "part,ed", rows: 100, partitions: { by: hash, count: 2 } }`;
  const plan = planGeneration(expandScenario(parseScenarioText(yaml, 'odd.yaml'), {}));
  await loadDataset(pg.server.pg, plan, { concurrency: 2, allowExisting: true });
  await loadDataset(pg.server.pg, plan, { concurrency: 2, allowExisting: true }); // again: its own tables are recognised and replaced
  const reader = await connectPg(pg.server.pg, { rawText: true, settings: PINNED_SESSION_SETTINGS });
  try {
    const bank = new PoolBank(plan.scenario.seed, plan.scenario.poolSize);
    for (const table of plan.tables) {
      const check = await checkSourceValues(reader, new TableGenerator(table, plan.scenario.seed, bank));
      assert.equal(check.actualRows, table.spec.rows, table.spec.name);
      assert.deepEqual(check.mismatches, [], table.spec.name);
    }
  } finally {
    await reader.end();
  }
  const { rows } = await client.query<{ name: string }>(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'gen' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`);
  assert.deepEqual(rows.map((r) => r.name), [...names, 'part,ed'].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
});

test('look-alikes the connector\'s chunk filter also matches (case, a dot as any character) are a preflight warning', async () => {
  await client.query('CREATE TABLE public."ORDERS" (id int PRIMARY KEY); CREATE TABLE "Sales.EU"."OrderXItems" (id int PRIMARY KEY)');
  try {
    const report = await runPreflight(client, { sampleSeconds: 0 });
    const f = report.findings.find((x) => x.id === 'table-name-overlap');
    assert.ok(f);
    assert.equal(f.severity, 'warning');
    // OrderXItems' own filter has no dot where Order.Items has one: it matches itself only.
    assert.deepEqual(f.tables, ['Sales.EU.Order.Items', 'public.ORDERS', 'public.orders']);
    assert.match(f.evidence, /^"Sales\.EU"\."Order\.Items" also brings in "Sales\.EU"\.OrderXItems, public\.ORDERS also brings in public\.orders, public\.orders also brings in public\.ORDERS \(/);
  } finally {
    await client.query('DROP TABLE public."ORDERS", "Sales.EU"."OrderXItems"');
  }
});
