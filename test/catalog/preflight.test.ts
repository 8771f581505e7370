import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { blockingFindings, runPreflight } from '../../src/catalog/preflight/preflight.js';
import type { Finding, PreflightReport } from '../../src/catalog/preflight/finding.js';
import { tablesInScope } from '../../src/catalog/preflight/scope.js';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
const db = (database: string, as?: { user: string; password: string }): PgEndpoint => ({ ...pg.server.pg, database, ...(as ?? {}) });
const READER = { user: 'pf_reader', password: 'pf-reader-pw' };

async function withClient<T>(endpoint: PgEndpoint, body: (c: Client) => Promise<T>): Promise<T> {
  const c = await connectPg(endpoint);
  return body(c).finally(() => c.end());
}

const MESSY = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE good (id bigint PRIMARY KEY, note text, amount numeric(12,2), at timestamp);
CREATE TABLE nokey_unique (code text NOT NULL UNIQUE, v int);
CREATE TABLE nokey_bare (v text);
CREATE TABLE by_uuid (id uuid PRIMARY KEY, v int);
CREATE TABLE measurements (id bigint, at date, v real, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE odd_types (id int PRIMARY KEY, price money, loose numeric, wide numeric(50,2), fine numeric(38,4), feeling mood, took interval, tags text[]);
CREATE TABLE sparse (id bigint PRIMARY KEY);
INSERT INTO sparse SELECT g * 100000 FROM generate_series(1, 20000) g;
CREATE TABLE lumpy (tenant int, id int, PRIMARY KEY (tenant, id));
INSERT INTO lumpy SELECT g % 2, g FROM generate_series(1, 20000) g;
INSERT INTO good SELECT g, 'n' || g, g, now() FROM generate_series(1, 20000) g;
ANALYZE;`;

// Tables whose `schema.table` spellings or bare names coincide: "Sales.EU"."Order.Items" and
// "Sales"."EU.Order.Items" are both Sales.EU.Order.Items; a.t, b.t and public."a.t".
const ALIKE = `
CREATE SCHEMA "Sales.EU"; CREATE SCHEMA "Sales"; CREATE SCHEMA a; CREATE SCHEMA b;
CREATE TABLE "Sales.EU"."Order.Items" (id bigint PRIMARY KEY);
CREATE TABLE "Sales"."EU.Order.Items" (id bigint PRIMARY KEY);
CREATE TABLE a.t (id bigint PRIMARY KEY);
CREATE TABLE b.t (id bigint PRIMARY KEY);
CREATE TABLE public."a.t" (id bigint PRIMARY KEY);`;

before(async () => {
  pg = await startTestPostgres();
  await withClient(pg.server.pg, async (c) => {
    for (const name of ['pf_clean', 'pf_messy', 'pf_idle', 'pf_alike']) await c.query(`CREATE DATABASE ${name}`);
  });
  await withClient(db('pf_clean'), (c) => c.query(`CREATE TABLE orders (id bigint PRIMARY KEY, customer int NOT NULL, total numeric(12,2), placed timestamp);
    INSERT INTO orders SELECT g, g % 100, g, now() FROM generate_series(1, 5000) g; ANALYZE orders;`));
  await withClient(db('pf_messy'), (c) => c.query(MESSY));
  await withClient(db('pf_alike'), (c) => c.query(ALIKE));
});
after(async () => {
  await pg?.stop();
});

const byId = (r: PreflightReport, id: string): Finding | undefined => r.findings.find((f) => f.id === id);
const ids = (r: PreflightReport) => r.findings.map((f) => `${f.severity}:${f.id}`);

test('a clean database with logical WAL: no errors, nothing blocking', async () => {
  const r = await withClient(db('pf_clean'), (c) => runPreflight(c, { sampleSeconds: 0 }));
  assert.equal(r.kind, 'preflight');
  assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), [], ids(r).join(' '));
  assert.deepEqual(blockingFindings(r), []);
  assert.equal(r.server.database, 'pf_clean');
  assert.equal(r.scope.tables, 1);
  for (const name of ['wal-level', 'primary-keys', 'key-shapes', 'partitions', 'types', 'replication-privilege', 'select-privilege', 'inactive-slots']) assert.ok(r.passed.includes(name), `${name} passed: ${r.passed}`);
  assert.equal(byId(r, 'replication-capacity')?.severity, 'info');
});

test('tables without a key, uuid, sparse and composite keys, partitions and odd types are named', async () => {
  const r = await withClient(db('pf_messy'), (c) => runPreflight(c, { sampleSeconds: 0 }));
  const nokey = byId(r, 'no-primary-key')!;
  assert.equal(nokey.severity, 'warning');
  assert.deepEqual(nokey.tables, ['public.nokey_bare', 'public.nokey_unique']);
  assert.match(nokey.evidence, /public\.nokey_unique \(unique NOT NULL index on code\)/);
  assert.match(nokey.evidence, /public\.nokey_bare \(no NOT NULL column to chunk by\)/);
  assert.match(nokey.evidence, /UPDATE and DELETE on them fail/);

  assert.deepEqual(byId(r, 'uuid-key')?.tables, ['public.by_uuid']);
  assert.deepEqual(byId(r, 'sparse-key')?.tables, ['public.sparse']);
  assert.match(byId(r, 'sparse-key')!.evidence, /public\.sparse\.id: ≈20,000 rows over 100,000…2,000,000,000/);
  const composite = byId(r, 'composite-key')!;
  assert.equal(composite.severity, 'warning', 'two tenants of 10,000 rows: chunks larger than 8,096 rows');
  assert.deepEqual(composite.tables, ['public.lumpy']);

  const parts = byId(r, 'partitioned-tables')!;
  assert.deepEqual(parts.tables, ['public.measurements']);
  assert.match(parts.evidence, /public\.measurements \(2 partitions\)/);
  assert.match(parts.fix, /publish_via_partition_root = true/);
  assert.match(parts.fix, /scan\.include-partitioned-tables\.enabled = true/);
  assert.ok(!r.findings.some((f) => f.tables?.some((t) => t.includes('measurements_20'))), 'partitions are checked through their parent');

  const money = byId(r, 'type-money')!;
  assert.equal(money.severity, 'warning');
  assert.match(money.evidence, /public\.odd_types\.price money/);
  const numeric = byId(r, 'type-numeric')!;
  assert.match(numeric.title, /2 columns in 1 table/);
  assert.match(numeric.evidence, /odd_types\.loose numeric/);
  assert.match(numeric.evidence, /odd_types\.wide numeric\(50,2\)/);
  assert.doesNotMatch(numeric.evidence, /fine|good\.amount/);
  assert.match(byId(r, 'type-enum')!.evidence, /odd_types\.feeling mood/);
  assert.match(byId(r, 'type-interval')!.evidence, /odd_types\.took interval/);
  assert.match(byId(r, 'type-array')!.evidence, /odd_types\.tags text\[\]/);
  assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), [], 'a superuser on logical WAL: warnings only');
});

test('--schemas limits the scope, and a missing schema is reported', async () => {
  const r = await withClient(db('pf_messy'), (c) => runPreflight(c, { schemas: ['public', 'nope'], sampleSeconds: 0 }));
  assert.match(byId(r, 'scope')!.evidence, /schema nope/);
  const only = await withClient(db('pf_messy'), (c) => runPreflight(c, { tables: [{ schema: 'public', name: 'sparse' }, { schema: 'public', name: 'by_uuid' }], sampleSeconds: 0 }));
  assert.equal(only.scope.tables, 2);
  assert.equal(byId(only, 'no-primary-key'), undefined);
});

test('a selection of tables scopes preflight by schema and name as a pair, never by a look-alike spelling', async () => {
  const scoped = (tables: { schema: string; name: string }[]) => withClient(db('pf_alike'), async (c) => (await tablesInScope(c, { tables })).tables.map((t) => [t.schema, t.name]));
  assert.deepEqual(await scoped([{ schema: 'Sales.EU', name: 'Order.Items' }]), [['Sales.EU', 'Order.Items']]);
  assert.deepEqual(await scoped([{ schema: 'Sales', name: 'EU.Order.Items' }]), [['Sales', 'EU.Order.Items']]);
  assert.deepEqual(await scoped([{ schema: 'a', name: 't' }]), [['a', 't']]);
  assert.deepEqual(await scoped([{ schema: 'public', name: 'a.t' }]), [['public', 'a.t']]);
  const missing = await withClient(db('pf_alike'), (c) => tablesInScope(c, { tables: [{ schema: 'Sales.EU', name: 'nope' }] }));
  assert.deepEqual(missing.missing, ['table "Sales.EU".nope']);

  // A blocking finding on a look-alike the run did not select must not stop it: a role that may read
  // only the selected tables passes select-privilege over them, and fails it over the whole database.
  const role = { user: 'pf_narrow', password: 'pf-narrow-pw' };
  await withClient(db('pf_alike'), (c) =>
    c.query(`CREATE ROLE ${role.user} LOGIN PASSWORD '${role.password}'; GRANT USAGE ON SCHEMA "Sales.EU", a TO ${role.user};
      GRANT SELECT ON "Sales.EU"."Order.Items", a.t TO ${role.user}`),
  );
  try {
    for (const table of [{ schema: 'Sales.EU', name: 'Order.Items' }, { schema: 'a', name: 't' }]) {
      const r = await withClient(db('pf_alike', role), (c) => runPreflight(c, { tables: [table], sampleSeconds: 0 }));
      assert.equal(r.scope.tables, 1);
      assert.equal(byId(r, 'select-privilege'), undefined, JSON.stringify(byId(r, 'select-privilege')));
    }
    const all = await withClient(db('pf_alike', role), (c) => runPreflight(c, { sampleSeconds: 0 }));
    assert.deepEqual([...(byId(all, 'select-privilege')?.tables ?? [])].sort(), ['Sales.EU.Order.Items', 'b.t', 'public.a.t'].sort());
  } finally {
    await withClient(db('pf_alike'), (c) => c.query(`DROP OWNED BY ${role.user}; DROP ROLE ${role.user}`));
  }
});

test('an inactive cdcsizer_ slot pinning WAL is reported with its bytes', async () => {
  await withClient(db('pf_messy'), async (c) => {
    await c.query("SELECT pg_create_logical_replication_slot('cdcsizer_pftest', 'pgoutput')");
    try {
      await c.query("CREATE TABLE wal_filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g");
      const r = await runPreflight(c, { sampleSeconds: 0 });
      const slots = byId(r, 'inactive-slots')!;
      assert.equal(slots.severity, 'warning');
      assert.match(slots.evidence, /cdcsizer_pftest \(logical, pgoutput, database pf_messy\): [\d.]+ (kB|MB)/);
      assert.match(slots.fix, /cdc-sizer run --clean/);
    } finally {
      await c.query("SELECT pg_drop_replication_slot('cdcsizer_pftest')");
      await c.query('DROP TABLE IF EXISTS wal_filler');
    }
  });
});

test('a role without REPLICATION and without SELECT: both errors, both blocking', async () => {
  await withClient(pg.server.pg, (c) => c.query(`CREATE ROLE ${READER.user} LOGIN NOREPLICATION PASSWORD '${READER.password}'`));
  try {
    const r = await withClient(db('pf_messy', READER), (c) => runPreflight(c, { sampleSeconds: 0 }));
    const repl = byId(r, 'replication-privilege')!;
    assert.equal(repl.severity, 'error');
    assert.match(repl.fix, /ALTER ROLE "pf_reader" WITH REPLICATION/);
    const select = byId(r, 'select-privilege')!;
    assert.equal(select.severity, 'error');
    assert.ok(select.tables!.includes('public.sparse') && select.tables!.includes('public.measurements'), String(select.tables));
    assert.match(select.fix, /GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "pf_reader"/);
    assert.equal(byId(r, 'publication-privilege')?.severity, 'warning');
    assert.deepEqual(blockingFindings(r).map((f) => f.id).sort(), ['replication-privilege', 'select-privilege']);
  } finally {
    await withClient(pg.server.pg, (c) => c.query(`DROP ROLE ${READER.user}`));
  }
});

test('preflight creates nothing and runs every statement inside a read-only transaction', async () => {
  const counts = (c: Client) =>
    c.query('SELECT (SELECT count(*) FROM pg_replication_slots)::int AS slots, (SELECT count(*) FROM pg_publication)::int AS pubs, (SELECT count(*) FROM pg_class)::int AS rels').then((q) => q.rows[0]);
  await withClient(db('pf_messy'), async (c) => {
    const before = await counts(c);
    const seen: string[] = [];
    const query = c.query.bind(c) as (...a: unknown[]) => unknown;
    (c as unknown as { query: unknown }).query = (...a: unknown[]) => {
      seen.push(typeof a[0] === 'string' ? a[0] : JSON.stringify(a[0]));
      return query(...a);
    };
    await runPreflight(c, { sampleSeconds: 0.2 });
    (c as unknown as { query: unknown }).query = query;
    assert.deepEqual(await counts(c), before);
    let open = false;
    for (const sql of seen) {
      if (sql === 'BEGIN TRANSACTION READ ONLY') open = true;
      else if (sql === 'COMMIT' || sql === 'ROLLBACK') open = false;
      else assert.ok(open, `outside a read-only transaction: ${sql.slice(0, 80)}`);
      assert.doesNotMatch(sql, /\b(CREATE|INSERT|UPDATE|DELETE|DROP|ALTER|TRUNCATE|pg_create_\w+|pg_drop_\w+)\b/i);
    }
    assert.ok(seen.filter((s) => s === 'BEGIN TRANSACTION READ ONLY').length >= 3, 'catalog, then two activity samples');
    const session = await c.query<{ ro: string; status: string }>("SELECT current_setting('default_transaction_read_only') AS ro");
    assert.equal(session.rows[0]!.ro, 'off', 'the caller\'s session settings are left alone');
  });
});

test('idle database: WAL that does not move, or moves without writes here, is a warning naming heartbeat.interval.ms', async () => {
  const r = await withClient(db('pf_idle'), (c) => runPreflight(c, { sampleSeconds: 0.5 }));
  const idle = byId(r, 'idle-database')!;
  assert.equal(idle.severity, 'warning');
  assert.match(idle.fix, /heartbeat\.interval\.ms/);
  assert.equal(byId(r, 'scope')?.title, 'no tables to check');
});

test('a database being written: write activity with its WAL rate, not idle', async () => {
  await withClient(db('pf_clean'), async (writer) => {
    let writing = true;
    const loop = (async () => {
      for (let i = 0; writing; i++) await writer.query('INSERT INTO orders VALUES ($1, 1, 1, now())', [1_000_000 + i]);
    })();
    try {
      await new Promise((r) => setTimeout(r, 1200)); // let the writer's counters reach the statistics
      const r = await withClient(db('pf_clean'), (c) => runPreflight(c, { sampleSeconds: 1.5 }));
      const activity = byId(r, 'write-activity');
      assert.ok(activity, ids(r).join(' '));
      assert.equal(activity.severity, 'info');
      assert.match(activity.evidence, /over 1\.\d s: WAL moved [\d.]+ (B|kB|MB)/);
    } finally {
      writing = false;
      await loop;
      await writer.query('DELETE FROM orders WHERE id >= 1000000');
    }
  });
});
