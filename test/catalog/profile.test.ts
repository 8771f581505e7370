import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { parse } from 'yaml';
import { catalogSchema, storedTables, type Catalog, type CatalogTable } from '../../src/catalog/catalog.js';
import { qualifiedName } from '../../src/sql/identifiers.js';
import { scenarioFromCatalog } from '../../src/datagen/from-catalog/emit-scenario.js';
import { profileDatabase } from '../../src/catalog/profile/profile.js';
import { connectReadOnly, readOnly } from '../../src/catalog/profile/read-only.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { startTestPostgres } from '../support/embedded.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-profile-'));
let server: Awaited<ReturnType<typeof startTestPostgres>>;
let admin: pg.Client;

/**
 * A small shop with every shape profile must tell apart; names are distinctive so that the emitted
 * scenario can be checked for leaks. Autovacuum is off so that statistics are exactly those of the ANALYZE here.
 */
const SETUP = `
CREATE EXTENSION hstore;
CREATE SCHEMA shopx;
CREATE SCHEMA elsewhere;
CREATE TYPE shopx.zz_mood AS ENUM ('glad', 'grim');
CREATE DOMAIN shopx.zz_email AS text CHECK (VALUE LIKE '%@%');
CREATE DOMAIN shopx.zz_qty AS integer CHECK (VALUE >= 0);
CREATE TYPE shopx.zz_addr AS (street text, zip integer);
CREATE TABLE shopx.clients (id bigint PRIMARY KEY, full_name text NOT NULL, mail shopx.zz_email, mood shopx.zz_mood, home shopx.zz_addr,
  labels text[], grid integer[][], attrs hstore, balance money, amount numeric(12,2), huge numeric, seen timestamp(3) with time zone, stock shopx.zz_qty,
  ip inet, moods shopx.zz_mood[], span int8range, zipcode "char");
INSERT INTO shopx.clients SELECT g * 10, 'name ' || g, 'u' || g || '@x.y', CASE WHEN g % 2 = 0 THEN 'glad' ELSE 'grim' END::shopx.zz_mood,
  ROW('street ' || g, g)::shopx.zz_addr, CASE WHEN g % 3 = 0 THEN NULL ELSE ARRAY['a', 'b'] END, ARRAY[[1, 2], [3, 4]], 'k => v'::hstore, g, g / 3.0, g, now(), g,
  '10.0.0.1', ARRAY['glad']::shopx.zz_mood[], int8range(g, g + 5), 'x'
  FROM generate_series(1, 2000) g;
CREATE TABLE shopx.happenings (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb, at timestamptz DEFAULT now());
-- md5 text barely compresses, so 3 kB values move to TOAST.
INSERT INTO shopx.happenings (payload) SELECT jsonb_build_object('n', g, 'pad', (SELECT string_agg(md5(g::text || k), '') FROM generate_series(1, 100) k)) FROM generate_series(1, 600) g;
CREATE TABLE shopx.tokens (id uuid PRIMARY KEY DEFAULT uuidv7(), used boolean);
INSERT INTO shopx.tokens (used) SELECT g % 2 = 0 FROM generate_series(1, 300) g;
CREATE TABLE shopx.skus (code varchar(24) PRIMARY KEY, price numeric(10,2));
INSERT INTO shopx.skus SELECT 'SKU-' || lpad(g::text, 8, '0'), g FROM generate_series(1, 400) g;
CREATE TABLE shopx.lines (order_id bigint, line_no integer, qty integer, PRIMARY KEY (order_id, line_no));
INSERT INTO shopx.lines SELECT g / 4, g % 4, g FROM generate_series(1, 800) g;
CREATE TABLE shopx.daily (day date PRIMARY KEY, total numeric);
INSERT INTO shopx.daily SELECT DATE '2024-01-01' + g, g FROM generate_series(1, 100) g;
CREATE TABLE shopx.journal (at timestamptz DEFAULT now(), msg text);
INSERT INTO shopx.journal (msg) SELECT 'm' || g FROM generate_series(1, 500) g;
CREATE TABLE shopx.sales (id bigint PRIMARY KEY, sold_on date, amount numeric(10,2)) PARTITION BY RANGE (id);
CREATE TABLE shopx.sales_a PARTITION OF shopx.sales FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE shopx.sales_b PARTITION OF shopx.sales FOR VALUES FROM (1000) TO (2000);
CREATE TABLE shopx.sales_c PARTITION OF shopx.sales FOR VALUES FROM (2000) TO (MAXVALUE);
INSERT INTO shopx.sales SELECT g, DATE '2024-01-01' + g % 300, g FROM generate_series(1, 2500) g;
CREATE TABLE shopx.fresh (id serial PRIMARY KEY, v integer) WITH (autovacuum_enabled = false);
INSERT INTO shopx.fresh (v) SELECT g FROM generate_series(1, 1500) g;
CREATE TABLE elsewhere.not_profiled (id integer PRIMARY KEY);
ANALYZE shopx.clients, shopx.happenings, shopx.tokens, shopx.skus, shopx.lines, shopx.daily, shopx.journal, shopx.sales;
`;

before(async () => {
  server = await startTestPostgres();
  admin = await connectPg(server.server.pg);
  await admin.query('ALTER SYSTEM SET autovacuum = off');
  await admin.query('SELECT pg_reload_conf()');
  await admin.query(SETUP);
});
after(async () => {
  await admin?.end();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function objectCounts(): Promise<Record<string, string>> {
  const { rows } = await admin.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM pg_class) AS relations, (SELECT count(*) FROM pg_replication_slots) AS slots,
            (SELECT count(*) FROM pg_publication) AS publications, (SELECT count(*) FROM pg_type) AS types`,
  );
  return rows[0]!;
}

/** Inserts, updates and deletes (a few hundred a second) until stopped, so that every rate has something to measure. */
function startWriter(): { stop: () => Promise<void> } {
  let running = true;
  const done = (async () => {
    const w = await connectPg(server.server.pg);
    let i = 0;
    while (running) {
      i++;
      await w.query(`INSERT INTO shopx.journal (msg) VALUES ('w${i}')`);
      await w.query('UPDATE shopx.clients SET amount = amount + 1 WHERE id = $1', [((i % 2000) + 1) * 10]);
      // Keys right after the loaded ones: the key stays dense while profile probes it.
      await w.query('INSERT INTO shopx.sales VALUES ($1, now(), 1)', [2500 + i]);
      if (i % 4 === 0) await w.query('DELETE FROM shopx.happenings WHERE id = (SELECT id FROM shopx.happenings LIMIT 1)');
      await sleep(5);
    }
    await w.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

let catalog: Catalog;
let objectsBefore: Record<string, string>;

test('profile reads the catalog and measures write activity while rows are written', async () => {
  objectsBefore = await objectCounts();
  const writer = startWriter();
  const client = await connectReadOnly(server.server.pg);
  try {
    catalog = await profileDatabase(client, { schemas: ['shopx'], exactCounts: false, sampleSeconds: 2, cdcSizer: 'test' });
  } finally {
    await client.end();
    await writer.stop();
  }
  catalogSchema.parse(catalog);
  assert.equal(catalog.kind, 'catalog');
  assert.equal(catalog.schemaVersion, 1);
  const names = catalog.tables.map(qualifiedName).sort();
  assert.deepEqual(names, ['clients', 'daily', 'fresh', 'happenings', 'journal', 'lines', 'sales', 'sales_a', 'sales_b', 'sales_c', 'skus', 'tokens'].map((n) => `shopx.${n}`));
  assert.ok(catalog.sampledSeconds >= 1.9 && catalog.sampledSeconds < 5, `sampled ${catalog.sampledSeconds} s`);
});

const table = (name: string): CatalogTable => catalog.tables.find((t) => t.name === name)!;
const column = (t: string, c: string) => table(t).columns.find((x) => x.name === c)!;

test('sizes, rows and row widths', () => {
  const clients = table('clients');
  assert.equal(clients.rows, 2000);
  assert.equal(clients.rowsSource, 'statistics');
  assert.ok(clients.heapBytes > 100_000 && clients.indexBytes > 0, JSON.stringify(clients));
  assert.equal(clients.avgRowBytesSource, 'statistics');
  assert.ok(clients.avgRowBytes > 50);
  assert.ok(table('happenings').toastBytes > 0, 'jsonb above 2 kB is TOASTed');
  const fresh = table('fresh');
  assert.equal(fresh.statisticsRows, null, 'never analyzed');
  assert.equal(fresh.rowsSource, 'planner');
  assert.ok(fresh.rows > 500 && fresh.rows < 5000, `planner guess ${fresh.rows}`);
  assert.equal(fresh.avgRowBytesSource, 'heap');
});

test('keys, key shapes and replica identity', () => {
  assert.deepEqual(table('clients').primaryKey, { columns: [{ name: 'id', type: 'bigint' }] });
  assert.deepEqual(table('clients').keyShape, { shape: 'bigint-sparse', gap: 10 });
  assert.deepEqual(table('fresh').keyShape, { shape: 'bigint-sequential' });
  assert.deepEqual(table('happenings').keyShape, { shape: 'uuid', version: 4 });
  assert.deepEqual(table('tokens').keyShape, { shape: 'uuid', version: 7 });
  assert.deepEqual(table('skus').keyShape, { shape: 'text', length: 12 });
  assert.deepEqual(table('lines').primaryKey, { columns: [{ name: 'order_id', type: 'bigint' }, { name: 'line_no', type: 'integer' }] });
  assert.deepEqual(table('lines').keyShape, { shape: 'composite' });
  assert.deepEqual(table('daily').keyShape, { shape: 'other' });
  assert.equal(table('journal').primaryKey, null);
  assert.deepEqual(table('journal').keyShape, { shape: 'none' });
  assert.equal(table('journal').replicaIdentity, 'default');
});

test('column types and categories', () => {
  assert.deepEqual(column('clients', 'mail'), { ...column('clients', 'mail'), category: 'domain', baseType: 'text', nullable: true });
  assert.equal(column('clients', 'mood').category, 'enum');
  assert.equal(column('clients', 'home').category, 'composite');
  assert.deepEqual(
    (({ category, elementType, elementCategory, dimensions }) => ({ category, elementType, elementCategory, dimensions }))(column('clients', 'labels')),
    { category: 'array', elementType: 'text', elementCategory: 'base', dimensions: 1 },
  );
  assert.equal(column('clients', 'grid').dimensions, 2);
  assert.equal(column('clients', 'moods').elementCategory, 'enum');
  assert.deepEqual([column('clients', 'attrs').category, column('clients', 'attrs').extension], ['extension', 'hstore']);
  assert.equal(column('clients', 'span').category, 'range');
  assert.equal(column('clients', 'balance').type, 'money');
  assert.equal(column('clients', 'amount').type, 'numeric(12,2)');
  assert.equal(column('clients', 'seen').type, 'timestamp(3) with time zone');
  assert.equal(column('clients', 'full_name').nullable, false);
  assert.equal(column('clients', 'id').nullable, false);
  const labels = column('clients', 'labels');
  assert.ok(labels.nullFraction! > 0.3 && labels.nullFraction! < 0.36, `null fraction ${labels.nullFraction}`);
  assert.equal(column('fresh', 'v').nullFraction, undefined, 'no statistics for a table never analyzed');
});

test('partitions: the parent lists them and their key and carries their sums; each names its parent', () => {
  const sales = table('sales');
  assert.deepEqual(sales.partitions, ['shopx.sales_a', 'shopx.sales_b', 'shopx.sales_c']);
  assert.deepEqual(sales.partitionKey, { strategy: 'range', columns: ['id'], definition: 'RANGE (id)' });
  const parts = ['sales_a', 'sales_b', 'sales_c'].map(table);
  for (const p of parts) assert.equal(p.partitionOf, 'shopx.sales');
  assert.equal(sales.rows, parts.reduce((a, p) => a + p.rows, 0));
  assert.equal(sales.rows, 2500);
  assert.equal(sales.heapBytes, parts.reduce((a, p) => a + p.heapBytes, 0));
  assert.ok(sales.heapBytes > 0);
  assert.deepEqual(sales.keyShape, { shape: 'bigint-sequential' });
  assert.ok(!storedTables(catalog).includes(sales), 'totals skip the parent');
});

test('write activity and WAL rate are measured (> 0) and the server facts are read', () => {
  assert.ok(table('journal').writes.insertsPerSecond > 0, JSON.stringify(table('journal').writes));
  assert.ok(table('clients').writes.updatesPerSecond > 0, JSON.stringify(table('clients').writes));
  assert.ok(table('happenings').writes.deletesPerSecond > 0, JSON.stringify(table('happenings').writes));
  const sales = table('sales');
  assert.ok(sales.writes.insertsPerSecond > 0);
  assert.equal(sales.writes.insertsPerSecond, ['sales_a', 'sales_b', 'sales_c'].reduce((a, n) => a + table(n).writes.insertsPerSecond, 0));
  assert.equal(table('skus').writes.insertsPerSecond, 0);
  const s = catalog.server;
  assert.ok(s.walBytesPerSecond > 0);
  assert.equal(s.walLevel, 'logical');
  assert.match(s.version, /^\d+/);
  assert.equal(s.cores, null);
  assert.equal(s.maxSlotWalKeepSize, null, 'unlimited by default');
  assert.equal(s.maxReplicationSlots, 64);
  assert.ok(s.databaseBytes > 1_000_000);
});

test('profiling created nothing: relations, types, slots and publications unchanged', async () => {
  assert.deepEqual(await objectCounts(), objectsBefore);
});

test('the profile session cannot write', async () => {
  const client = await connectReadOnly(server.server.pg);
  try {
    await assert.rejects(readOnly(client, (c) => c.query('CREATE TABLE shopx.nope (i int)')), { code: '25006' });
    await assert.rejects(client.query('CREATE TABLE shopx.nope (i int)'), { code: '25006' }, 'read-only outside explicit transactions too');
  } finally {
    await client.end();
  }
});

test('--exact-counts counts every table, the never-analyzed one included', async () => {
  const client = await connectReadOnly(server.server.pg);
  let exact: Catalog;
  try {
    exact = await profileDatabase(client, { schemas: ['shopx'], exactCounts: true, sampleSeconds: 0.2, cdcSizer: 'test' });
  } finally {
    await client.end();
  }
  const count = async (t: string) => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY shopx.${t}`)).rows[0]!.n);
  const fresh = exact.tables.find((t) => t.name === 'fresh')!;
  assert.deepEqual([fresh.rows, fresh.exactRows, fresh.rowsSource, fresh.statisticsRows], [1500, 1500, 'exact', null]);
  const journal = exact.tables.find((t) => t.name === 'journal')!;
  assert.equal(journal.exactRows, await count('journal'));
  const sales = exact.tables.find((t) => t.name === 'sales')!;
  assert.equal(sales.rowsSource, 'exact');
  assert.equal(sales.exactRows, (await count('sales_a')) + (await count('sales_b')) + (await count('sales_c')));
});

test('the emitted scenario validates, keeps table count, rows and key shapes, and copies no names', () => {
  const text = scenarioFromCatalog(catalog, { scale: 0.5 });
  const file = path.join(dir, 'emitted.yaml');
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ['dist/src/cli.js', 'validate', file, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { tables: number; rows: number };
  const top = catalog.tables.filter((t) => !t.partitionOf);
  assert.equal(summary.tables, top.length);
  assert.equal(summary.rows, top.reduce((a, t) => a + Math.max(1, Math.round(t.rows * 0.5)), 0));

  const doc = parse(text) as { tables: { name: string; rows: number; key: unknown; partitions?: unknown; columns: { type: string }[] }[] };
  const emitted = new Map(top.map((t, i) => [t.name, doc.tables[i]!]));
  assert.equal(emitted.get('clients')!.name, 't001');
  assert.deepEqual(emitted.get('clients')!.key, { shape: 'bigint-sparse', gap: 10 });
  assert.equal(emitted.get('clients')!.rows, 1000);
  assert.equal(emitted.get('fresh')!.key, 'bigint-sequential');
  assert.deepEqual(emitted.get('happenings')!.key, { shape: 'uuid', version: 4 });
  assert.deepEqual(emitted.get('tokens')!.key, { shape: 'uuid', version: 7 });
  assert.deepEqual(emitted.get('skus')!.key, { shape: 'text', length: 12 });
  assert.deepEqual(emitted.get('lines')!.key, { shape: 'composite', leading: [{ name: 'k1', type: 'bigint' }] });
  assert.deepEqual(emitted.get('daily')!.key, { shape: 'composite', leading: [{ name: 'k1', type: 'date' }] });
  assert.equal(emitted.get('journal')!.key, 'none');
  assert.deepEqual(emitted.get('sales')!.partitions, { by: 'range', count: 3 });
  const clientTypes = emitted.get('clients')!.columns.map((c) => c.type);
  assert.deepEqual(clientTypes, ['text', 'domain_email', 'enum', 'composite', 'text[]', 'integer[][]', 'hstore', 'money', 'numeric(12,2)', 'numeric', 'timestamptz(3)', 'domain', 'inet', 'enum[]', 'int4range', 'char(1)']);
  assert.match(text, /int8range generated as int4range/);
  assert.match(text, /"char" generated as char\(1\)/);
  for (const name of ['shopx', 'clients', 'happenings', 'zz_', 'full_name', 'sold_on', 'order_id', 'sales', 'SKU-', 'street']) assert.ok(!text.includes(name), `"${name}" copied into the scenario`);
});
