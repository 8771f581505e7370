/**
 * The databases bench:sample can size besides its default (`crm`, bench/sample-database.ts), each
 * a plain SQL script (CREATE TABLE, then INSERT … SELECT over generate_series; deterministic) of a
 * shape unlike `crm` and unlike each other. They were written before the model of issue 18 was
 * changed and are not to be tuned on afterwards: a shape's tables, rows and widths are its
 * definition; `scale` multiplies every table's rows, as for `crm`.
 *
 * - `many-small`: 300 tables in four schemas, 292 of one chunk and 8 of 2–6 chunks: the full job
 *   captures hundreds of tables, and the connector re-reads every captured table's schema per chunk.
 * - `wide-toast`: 4 large tables of wide rows whose text and jsonb values (2–20 kB) are stored out
 *   of line in TOAST, plus 12 small narrow ones: bytes, not chunks, weigh.
 * - `partitioned`: 3 partitioned parents (32 range, 24 list and 40 range partitions) with composite
 *   primary keys (tenant_id, id), chunked by tenant_id, plus 9 plain tables.
 * - `mixed-width` (added 2026-12-06 21:45 UTC, before its first run, as a hold-out for the split of
 *   contention by a chunk's parts): chunks of every width in one schema, narrow tables of many
 *   chunks beside inline 1 kB rows, out-of-line 3–6 kB rows and 20–40 kB documents, and 20 small
 *   tables; no one kind of chunk dominates the bytes or the count.
 * - `tenant-schemas` (added 2026-12-07 07:15 UTC, before its first run and before the estimate's
 *   splitting overlap was changed, as a hold-out for that change): one schema per tenant, 20 of
 *   them, each with the same 10 tables (200 tables, their names repeated in every schema, which
 *   the connector's schema reads match across schemas), tenants of very unequal size: most tables
 *   one chunk, a few large tenants' tables many.
 * - `media-catalog` (added 2026-12-07 08:14 UTC, before its first run and before any change to how
 *   contention is carried from the sample to the catalog, as a hold-out for such a change): wide
 *   out-of-line rows in tables of a few chunks that a sample can read, beside many narrow tables of
 *   a few chunks and one large narrow table: the catalog's chunks are mostly narrow, a sample that
 *   reads a wide table is wider than they are.
 * - `scan-archive` (added 2026-12-07 08:38 UTC, before its first run, as a hold-out for carrying
 *   the sample's contention to the catalog by the chunks' bytes share): one table of very wide rows
 *   that a sample reads (scans, ≈ 12 kB out of line, 5 chunks), a larger table of 4 kB rows of
 *   many chunks that it does not, a large narrow table and 12 small narrow ones: most chunks are
 *   narrow, the sample's are not.
 * - `support-desk` (added 2026-12-07 10:52 UTC, before its first run and after the sample plan's
 *   ten narrow-end chunks, as a hold-out for that change): a large table of medium inline rows
 *   with a uuid key, a large narrow audit table, messages of ≈ 1.5 kB out of line with a text key
 *   in a table of a few chunks, and 30 small narrow tables with composite keys.
 * - `ledger` (added 2026-12-07 17:25 UTC, before its first run, with no model change since the
 *   last recordings, as a hold-out for a chunk's cost carried by its rows' many typed columns
 *   rather than by their bytes): a large entries table of 36 numeric, timestamp, integer and flag
 *   columns, daily balances of 16 high-precision numeric columns keyed (account_id, day), accounts
 *   with a uuid key and a jsonb profile, and 24 small reference tables of 12 typed columns.
 *
 * Sized for a full snapshot of roughly 3–6 minutes at p = 1 with the connector's defaults (chunk
 * size 8,096, ≈ 1 s a chunk cycle on the project's 2-core machine; for `wide-toast` a guess of
 * ≈ 1 s a chunk plus ≈ 25 MB/s of rows, since wide rows were never measured).
 */
import { sampleDatabaseShapes, sampleDatabaseSql } from './sample-database.js';

/** One table of a shape: what the loader reports before loading (partitions count as tables). */
export interface ShapeTable {
  /** schema-qualified */
  name: string;
  rows: number;
}

export interface DatabaseShape {
  name: string;
  summary: string;
  /** The tables holding rows (partitions, not their parents). */
  tables(scale: number): ShapeTable[];
  sql(scale: number): string;
}

const rowsAt = (scale: number) => (n: number) => Math.max(10, Math.round(n * scale));
/** A deterministic spread in [0, 1) for table i (a multiplicative hash; no randomness). */
const spread = (i: number, salt = 0) => (((i + 1) * 2_654_435_761 + salt * 40_503) % 4_294_967_296) / 4_294_967_296;
const pad = (i: number, n = 3) => String(i).padStart(n, '0');

// ───────────────────────────── many-small ─────────────────────────────

type SmallKind = 'ref' | 'entity' | 'uuid' | 'text' | 'pair';

interface SmallTable extends ShapeTable {
  kind: SmallKind;
}

const SMALL_SCHEMAS = ['core', 'sales', 'support', 'ops'] as const;

/** Columns and their INSERT expressions per kind: five kinds of small table, 3 to 11 columns. */
const SMALL_KINDS: Record<SmallKind, { ddl: string; select: (t: SmallTable) => string; pk: string }> = {
  // A lookup table: integer key, code, name, flag.
  ref: {
    ddl: 'id integer NOT NULL, code varchar(16) NOT NULL, name text NOT NULL, active boolean NOT NULL',
    select: () => "g, 'C' || g, 'name ' || md5(g::text), g % 9 <> 0",
    pk: 'id',
  },
  // An entity: bigint key, a dozen mixed columns.
  entity: {
    ddl: 'id bigint NOT NULL, owner_id bigint, status smallint, title text, amount numeric(14,2), currency char(3), created_at timestamptz, updated_at timestamptz, tags text[], score double precision, note text',
    select: () =>
      "g, g % 4000, (g % 6)::smallint, 'title ' || md5(g::text), (g * 1.37)::numeric(14,2), (ARRAY['EUR','USD','GBP'])[1 + g % 3], timestamptz '2024-01-01' + g * interval '37 seconds', timestamptz '2024-06-01' + g * interval '11 seconds', ARRAY['t' || g % 5, 't' || g % 7], g * 0.001, CASE WHEN g % 4 = 0 THEN NULL ELSE repeat(md5(g::text), 2) END",
    pk: 'id',
  },
  // uuid key, a small json settings document.
  uuid: {
    ddl: 'id uuid NOT NULL, account_id bigint NOT NULL, kind text, settings jsonb, created_at timestamptz',
    select: (t) => `md5(g::text || '${t.name}')::uuid, g % 900, 'k' || g % 12, jsonb_build_object('v', g, 'enabled', g % 2 = 0, 'limit', g % 100), timestamptz '2023-01-01' + g * interval '1 minute'`,
    pk: 'id',
  },
  // text natural key.
  text: {
    ddl: 'slug text NOT NULL, title text, body text, position integer',
    select: () => "'s-' || md5(g::text), 'title ' || g, repeat(md5((g * 3)::text), 3), g % 500",
    pk: 'slug',
  },
  // A link table: composite key of two bigints.
  pair: {
    ddl: 'left_id bigint NOT NULL, right_id bigint NOT NULL, created_at timestamptz',
    select: () => "g / 3, g, timestamptz '2022-01-01' + g * interval '5 minutes'",
    pk: 'left_id, right_id',
  },
};

const SMALL_KIND_CYCLE: SmallKind[] = ['entity', 'ref', 'entity', 'uuid', 'entity', 'text', 'pair', 'entity', 'ref', 'uuid'];

function manySmallTables(scale: number): SmallTable[] {
  const rows = rowsAt(scale);
  const tables: SmallTable[] = [];
  // 292 one-chunk tables: most are small (a few dozen to a few thousand rows), some near a chunk.
  for (let i = 0; i < 292; i++) {
    const schema = SMALL_SCHEMAS[i % SMALL_SCHEMAS.length]!;
    const u = spread(i);
    const n = Math.round(20 + 7_900 * u ** 3); // skewed toward small: median ≈ 1,000 rows
    tables.push({ name: `${schema}.t_${pad(i + 1)}`, rows: rows(n), kind: SMALL_KIND_CYCLE[i % SMALL_KIND_CYCLE.length]! });
  }
  // 8 mid-size tables of 2–6 chunks.
  const mid = [14_000, 19_500, 24_000, 28_000, 33_000, 38_500, 43_000, 47_500];
  const midKinds: SmallKind[] = ['entity', 'uuid', 'entity', 'text', 'entity', 'pair', 'uuid', 'entity'];
  mid.forEach((n, i) => tables.push({ name: `${SMALL_SCHEMAS[i % SMALL_SCHEMAS.length]}.mid_${i + 1}`, rows: rows(n), kind: midKinds[i]! }));
  return tables;
}

const manySmall: DatabaseShape = {
  name: 'many-small',
  summary: '300 tables in 4 schemas (core, sales, support, ops): 292 of one chunk (20–7,920 rows, median ≈ 1,000), 8 of 2–6 chunks; 5 table kinds (lookup, 11-column entity, uuid + jsonb, text key, composite link)',
  tables: manySmallTables,
  sql(scale) {
    const statements = SMALL_SCHEMAS.map((s) => `CREATE SCHEMA ${s};`);
    for (const t of manySmallTables(scale)) {
      const k = SMALL_KINDS[t.kind];
      statements.push(`CREATE TABLE ${t.name} (${k.ddl});`, `INSERT INTO ${t.name} SELECT ${k.select(t)} FROM generate_series(1, ${t.rows}) g;`, `ALTER TABLE ${t.name} ADD PRIMARY KEY (${k.pk});`);
    }
    statements.push('ANALYZE;');
    return statements.join('\n');
  },
};

// ───────────────────────────── wide-toast ─────────────────────────────

interface WideTable extends ShapeTable {
  ddl: string;
  select: string;
  pk: string;
  /** columns stored out of line without compression (STORAGE EXTERNAL), so their bytes stay bytes */
  external: string[];
}

/** `kB` kilobytes of text from md5 of `seed` (out of line with STORAGE EXTERNAL, so not compressed away). */
const textOf = (kB: string, seed: string) => `repeat(md5(${seed}), (${kB}) * 32)`;

/** `n` small narrow tables `prefix_01` … (prefix schema-qualified): from `min` rows up to `max`, skewed small (spread(i, salt)²). */
function smallTables(prefix: string, n: number, [min, max]: [number, number], salt: number, columns: Pick<WideTable, 'ddl' | 'select'>, scale: number): WideTable[] {
  const rows = rowsAt(scale);
  return [...Array(n).keys()].map((i) => ({ name: `${prefix}_${pad(i + 1, 2)}`, rows: rows(Math.round(min + (max - min) * spread(i, salt) ** 2)), ...columns, pk: 'id', external: [] }));
}

function wideToastTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  const wide: WideTable[] = [
    {
      // Articles: a 2–6 kB body (mean ≈ 4 kB), bigint key.
      name: 'docs.articles',
      rows: rows(160_000),
      ddl: 'id bigint NOT NULL, title text NOT NULL, author_id integer, published_at timestamptz, body text NOT NULL',
      select: `g, 'title ' || md5(g::text), g % 3000, timestamptz '2015-01-01' + g * interval '17 minutes', ${textOf('2 + g % 5', 'g::text')}`,
      pk: 'id',
      external: ['body'],
    },
    {
      // Events: a jsonb payload of 2–8 kB (an array of 64–256 strings of 32 characters), uuid key.
      name: 'docs.events',
      rows: rows(120_000),
      ddl: 'id uuid NOT NULL, source text NOT NULL, received_at timestamptz NOT NULL, payload jsonb NOT NULL',
      select: `md5(g::text || 'events')::uuid, 'src-' || g % 40, timestamptz '2022-01-01' + g * interval '9 seconds', jsonb_build_object('seq', g, 'kind', 'k' || g % 17, 'lines', to_jsonb(string_to_array(rtrim(repeat(md5(g::text) || ',', 64 * (1 + g % 4)), ','), ',')))`,
      pk: 'id',
      external: ['payload'],
    },
    {
      // Attachments: 8–20 kB of content (mean ≈ 14 kB) and a small jsonb header, bigint key.
      name: 'docs.attachments',
      rows: rows(36_000),
      ddl: 'id bigint NOT NULL, article_id bigint NOT NULL, file_name text NOT NULL, mime text NOT NULL, header jsonb, content text NOT NULL',
      select: `g, g * 4, 'file-' || g || '.txt', (ARRAY['text/plain','text/html','application/json'])[1 + g % 3], jsonb_build_object('size', (8 + g % 13) * 1024, 'sha', md5(g::text)), ${textOf('8 + g % 13', "g::text || 'a'")}`,
      pk: 'id',
      external: ['content'],
    },
    {
      // Revisions: composite key (doc_id, rev), a 2–3 kB diff out of line and a ≈ 3 kB jsonb of
      // repetitive metadata left to PostgreSQL's default (compressed, so it stays in the row).
      name: 'docs.revisions',
      rows: rows(200_000),
      ddl: 'doc_id bigint NOT NULL, rev integer NOT NULL, edited_at timestamptz NOT NULL, diff text NOT NULL, meta jsonb NOT NULL',
      select: `g / 5, g % 5, timestamptz '2018-01-01' + g * interval '3 minutes', ${textOf('2 + g % 2', "g::text || 'r'")}, jsonb_build_object('editor', 'user-' || g % 700, 'history', to_jsonb(string_to_array(rtrim(repeat('edited by the migration assistant,', 90), ','), ',')))`,
      pk: 'doc_id, rev',
      external: ['diff'],
    },
  ];
  const small = smallTables('docs.lookup', 12, [100, 30_000], 7, { ddl: 'id integer NOT NULL, code text NOT NULL, label text, weight numeric(8,3)', select: "g, 'c' || g, 'label ' || md5(g::text), (g % 1000) / 7.0" }, scale);
  return [...wide, ...small];
}

/** Plain tables: each schema created before its first table, each table created, its wide columns set out of line, filled, then keyed; ANALYZE at the end. */
function plainTablesSql(tables: readonly WideTable[]): string {
  const statements: string[] = [];
  const schemas = new Set<string>();
  for (const t of tables) {
    const schema = t.name.split('.')[0]!;
    if (!schemas.has(schema)) statements.push(`CREATE SCHEMA ${schema};`);
    schemas.add(schema);
    statements.push(`CREATE TABLE ${t.name} (${t.ddl});`);
    for (const c of t.external) statements.push(`ALTER TABLE ${t.name} ALTER COLUMN ${c} SET STORAGE EXTERNAL;`);
    statements.push(`INSERT INTO ${t.name} SELECT ${t.select} FROM generate_series(1, ${t.rows}) g;`, `ALTER TABLE ${t.name} ADD PRIMARY KEY (${t.pk});`);
  }
  statements.push('ANALYZE;');
  return statements.join('\n');
}

const wideToast: DatabaseShape = {
  name: 'wide-toast',
  summary: 'schema docs: 4 large tables of wide rows (articles 160k rows × ≈ 4 kB, events 120k × ≈ 5 kB jsonb, attachments 36k × ≈ 14 kB, revisions 200k × ≈ 2.5 kB + a compressed 3 kB jsonb; the wide values stored out of line, uncompressed) and 12 small narrow lookup tables',
  tables: wideToastTables,
  sql: (scale) => plainTablesSql(wideToastTables(scale)),
};

// ───────────────────────────── partitioned ─────────────────────────────

interface Partition extends ShapeTable {
  bound: string;
  /** the generate_series range of this partition's rows */
  from: number;
  to: number;
}

interface PartitionedTable {
  parent: string;
  ddl: string;
  partitionBy: string;
  /** the INSERT's select list over g (the row number of the whole table) */
  select: string;
  partitions: Partition[];
}

function partitionedTables(scale: number): { partitioned: PartitionedTable[]; plain: WideTable[] } {
  const rows = rowsAt(scale);
  // invoices: 32 range partitions by id (a month each), 500 tenants spread over every partition.
  // Partition sizes grow over time (the business grew): 3,000 to 24,000 rows.
  const invoices: Partition[] = [];
  let next = 1;
  for (let m = 0; m < 32; m++) {
    const n = rows(Math.round(3_000 + (21_000 * m) / 31));
    invoices.push({ name: `billing.invoices_m${pad(m + 1, 2)}`, rows: n, from: next, to: next + n - 1, bound: `FOR VALUES FROM (${next}) TO (${next + n})` });
    next += n;
  }
  // usage_events: 24 list partitions by tenant_id, 10 tenants each (tenant t in partition t % 24),
  // skewed partition sizes (4,000 to 40,000 rows); within a partition few distinct tenant_id values,
  // so the chunks the connector cuts by tenant_id are uneven.
  const usage: Partition[] = [];
  next = 1;
  for (let k = 0; k < 24; k++) {
    const n = rows(Math.round(4_000 + 36_000 * spread(k, 3) ** 2));
    const tenants = [...Array(10).keys()].map((j) => k + 24 * j);
    usage.push({ name: `billing.usage_events_p${pad(k, 2)}`, rows: n, from: next, to: next + n - 1, bound: `FOR VALUES IN (${tenants.join(', ')})` });
    next += n;
  }
  // ledger_entries: 40 range partitions by tenant_id (100 tenants each), 1,500 to 16,000 rows.
  const ledger: Partition[] = [];
  next = 1;
  for (let k = 0; k < 40; k++) {
    const n = rows(Math.round(1_500 + 14_500 * spread(k, 5)));
    ledger.push({ name: `billing.ledger_entries_r${pad(k, 2)}`, rows: n, from: next, to: next + n - 1, bound: `FOR VALUES FROM (${k * 100}) TO (${(k + 1) * 100})` });
    next += n;
  }
  const partitioned: PartitionedTable[] = [
    {
      parent: 'billing.invoices',
      ddl: 'tenant_id integer NOT NULL, id bigint NOT NULL, customer_id bigint, issued_on date, due_on date, total numeric(14,2), currency char(3), status text, PRIMARY KEY (tenant_id, id)',
      partitionBy: 'RANGE (id)',
      select: "g % 500, g, g % 20000, date '2023-01-01' + (g / 6000), date '2023-01-31' + (g / 6000), (g % 100000) / 3.0, (ARRAY['EUR','USD','CHF'])[1 + g % 3], (ARRAY['open','paid','void','late'])[1 + g % 4]",
      partitions: invoices,
    },
    {
      parent: 'billing.usage_events',
      ddl: 'tenant_id integer NOT NULL, id bigint NOT NULL, meter text NOT NULL, quantity numeric(12,3), recorded_at timestamptz, attributes jsonb, PRIMARY KEY (tenant_id, id)',
      partitionBy: 'LIST (tenant_id)',
      // the tenant is chosen so that the row lands in this partition: partition k holds tenants k + 24 j
      select: "__K__ + 24 * (g % 10), g, 'meter-' || g % 30, (g % 5000) / 7.0, timestamptz '2024-01-01' + g * interval '13 seconds', jsonb_build_object('region', 'r' || g % 8, 'sku', md5(g::text))",
      partitions: usage,
    },
    {
      parent: 'billing.ledger_entries',
      ddl: 'tenant_id integer NOT NULL, id bigint NOT NULL, account text NOT NULL, debit numeric(14,2), credit numeric(14,2), booked_at timestamptz, memo text, PRIMARY KEY (tenant_id, id)',
      partitionBy: 'RANGE (tenant_id)',
      select: "__K__ * 100 + g % 100, g, 'acct-' || g % 250, CASE WHEN g % 2 = 0 THEN (g % 9000) / 3.0 END, CASE WHEN g % 2 = 1 THEN (g % 9000) / 3.0 END, timestamptz '2021-01-01' + g * interval '41 seconds', 'memo ' || md5(g::text)",
      partitions: ledger,
    },
  ];
  const plainRow = (name: string, n: number, ddl: string, select: string, pk: string): WideTable => ({ name, rows: rows(n), ddl, select, pk, external: [] });
  const plain: WideTable[] = [
    plainRow('billing.tenants', 4_000, 'id integer NOT NULL, name text NOT NULL, plan_id integer, created_at timestamptz', "g - 1, 'tenant ' || md5(g::text), g % 12, timestamptz '2019-01-01' + g * interval '1 day'", 'id'),
    plainRow('billing.plans', 12, 'id integer NOT NULL, name text NOT NULL, monthly numeric(10,2)', "g, 'plan ' || g, g * 9.99", 'id'),
    plainRow('billing.currencies', 40, 'code text NOT NULL, name text, decimals smallint', "'C' || chr(65 + g % 26) || g, 'currency ' || g, (g % 4)::smallint", 'code'),
    plainRow('billing.customers', 60_000, 'tenant_id integer NOT NULL, id bigint NOT NULL, email text, country char(2), created_at timestamptz', "g % 4000, g, 'c' || g || '@example.com', (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5], timestamptz '2020-01-01' + g * interval '7 minutes'", 'tenant_id, id'),
    plainRow('billing.payments', 150_000, 'id bigint NOT NULL, invoice_id bigint NOT NULL, amount numeric(14,2), paid_at timestamptz, method text', "g * 3, g * 2, (g % 77777) / 3.0, timestamptz '2023-02-01' + g * interval '2 minutes', (ARRAY['card','sepa','wire'])[1 + g % 3]", 'id'),
    plainRow('billing.price_points', 9_000, 'plan_id integer NOT NULL, meter text NOT NULL, valid_from date NOT NULL, unit_price numeric(12,5)', "g % 12, 'meter-' || g % 30, date '2020-01-01' + g, (g % 1000) / 997.0", 'plan_id, meter, valid_from'),
    plainRow('billing.webhooks', 2_500, 'id uuid NOT NULL, tenant_id integer, url text, secret text', "md5(g::text || 'hook')::uuid, g % 4000, 'https://hooks.example.com/' || g, md5(g::text)", 'id'),
    plainRow('billing.tax_rates', 300, 'country char(2) NOT NULL, region text NOT NULL, rate numeric(6,4)', "chr(65 + g % 26) || chr(65 + (g / 26) % 26), 'r' || g, (g % 25) / 100.0", 'country, region'),
    plainRow('billing.audit_log', 45_000, 'id bigint NOT NULL, tenant_id integer, action text, at timestamptz, detail jsonb', "g, g % 4000, (ARRAY['create','update','delete'])[1 + g % 3], timestamptz '2024-03-01' + g * interval '30 seconds', jsonb_build_object('by', 'u' || g % 300, 'ip', '10.0.' || g % 250 || '.' || g % 200)", 'id'),
  ];
  return { partitioned, plain };
}

const partitioned: DatabaseShape = {
  name: 'partitioned',
  summary: 'schema billing: 3 partitioned parents with composite keys (tenant_id, id): invoices (32 range partitions by id, 500 tenants in each), usage_events (24 list partitions by tenant_id, 10 tenants each, skewed sizes), ledger_entries (40 range partitions by tenant_id, 100 tenants each); and 9 plain tables',
  tables(scale) {
    const { partitioned: parents, plain } = partitionedTables(scale);
    return [...parents.flatMap((p) => p.partitions.map(({ name, rows }) => ({ name, rows }))), ...plain.map(({ name, rows }) => ({ name, rows }))];
  },
  sql(scale) {
    const { partitioned: parents, plain } = partitionedTables(scale);
    const statements = ['CREATE SCHEMA billing;'];
    for (const p of parents) {
      statements.push(`CREATE TABLE ${p.parent} (${p.ddl}) PARTITION BY ${p.partitionBy};`);
      p.partitions.forEach((part, k) => {
        statements.push(`CREATE TABLE ${part.name} PARTITION OF ${p.parent} ${part.bound};`);
        statements.push(`INSERT INTO ${p.parent} SELECT ${p.select.replaceAll('__K__', String(k))} FROM generate_series(${part.from}, ${part.to}) g;`);
      });
    }
    for (const t of plain) statements.push(`CREATE TABLE ${t.name} (${t.ddl});`, `INSERT INTO ${t.name} SELECT ${t.select} FROM generate_series(1, ${t.rows}) g;`, `ALTER TABLE ${t.name} ADD PRIMARY KEY (${t.pk});`);
    statements.push('ANALYZE;');
    return statements.join('\n');
  },
};

// ───────────────────────────── mixed-width ─────────────────────────────

function mixedWidthTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  const large: WideTable[] = [
    {
      // Orders: narrow (≈ 150 B a row), bigint key: many cheap chunks.
      name: 'shop.orders',
      rows: rows(300_000),
      ddl: 'id bigint NOT NULL, customer_id bigint NOT NULL, status smallint NOT NULL, total numeric(12,2), currency char(3), placed_at timestamptz NOT NULL, note text',
      select: "g, g % 50000, (g % 7)::smallint, (g * 0.73)::numeric(12,2), (ARRAY['EUR','USD','GBP'])[1 + g % 3], timestamptz '2023-01-01' + g * interval '53 seconds', CASE WHEN g % 5 = 0 THEN 'gift ' || md5(g::text) END",
      pk: 'id',
      external: [],
    },
    {
      // Order lines: narrower still, composite key (order_id, line).
      name: 'shop.order_lines',
      rows: rows(400_000),
      ddl: 'order_id bigint NOT NULL, line integer NOT NULL, product_id integer NOT NULL, qty integer NOT NULL, price numeric(10,2) NOT NULL',
      select: 'g / 4, g % 4, g % 40000, 1 + g % 9, (g % 997) / 3.0',
      pk: 'order_id, line',
      external: [],
    },
    {
      // Products: ≈ 1 kB of description kept inline (under TOAST's 2 kB threshold), integer key.
      name: 'shop.products',
      rows: rows(40_000),
      ddl: 'id integer NOT NULL, sku text NOT NULL, name text NOT NULL, description text NOT NULL, price numeric(10,2)',
      select: "g, 'SKU-' || g, 'product ' || md5(g::text), repeat(md5(g::text || 'd'), 28 + g % 8), (g % 5000) / 7.0",
      pk: 'id',
      external: [],
    },
    {
      // Reviews: 3–6 kB of text out of line, uuid key.
      name: 'shop.reviews',
      rows: rows(60_000),
      ddl: 'id uuid NOT NULL, product_id integer NOT NULL, stars smallint NOT NULL, written_at timestamptz NOT NULL, body text NOT NULL',
      select: `md5(g::text || 'reviews')::uuid, g % 40000, (1 + g % 5)::smallint, timestamptz '2022-06-01' + g * interval '7 minutes', ${textOf('3 + g % 4', "g::text || 'rv'")}`,
      pk: 'id',
      external: ['body'],
    },
    {
      // Invoice documents: 20–40 kB each out of line, bigint key: few, very wide chunks.
      name: 'shop.invoice_documents',
      rows: rows(10_000),
      ddl: 'id bigint NOT NULL, order_id bigint NOT NULL, rendered_at timestamptz NOT NULL, document text NOT NULL',
      select: `g, g * 30, timestamptz '2023-02-01' + g * interval '1 hour', ${textOf('20 + g % 21', "g::text || 'inv'")}`,
      pk: 'id',
      external: ['document'],
    },
    {
      // Sessions: narrow, uuid key (the splitter queries its boundaries chunk by chunk).
      name: 'shop.sessions',
      rows: rows(150_000),
      ddl: 'id uuid NOT NULL, customer_id bigint, started_at timestamptz NOT NULL, agent text',
      select: "md5(g::text || 'sessions')::uuid, g % 50000, timestamptz '2024-01-01' + g * interval '13 seconds', 'agent ' || g % 40",
      pk: 'id',
      external: [],
    },
  ];
  const small = smallTables('shop.ref', 20, [500, 20_000], 11, { ddl: 'id integer NOT NULL, code text NOT NULL, label text, updated_at timestamptz', select: "g, 'r' || g, 'label ' || md5(g::text), timestamptz '2024-03-01' + g * interval '1 minute'" }, scale);
  return [...large, ...small];
}

const mixedWidth: DatabaseShape = {
  name: 'mixed-width',
  summary: 'schema shop: narrow tables of many chunks (orders 300k rows, order_lines 400k with a composite key, sessions 150k with a uuid key), products 40k × ≈ 1 kB inline, reviews 60k × 3–6 kB out of line, invoice_documents 10k × 20–40 kB out of line, and 20 small narrow tables',
  tables: mixedWidthTables,
  sql: (scale) => plainTablesSql(mixedWidthTables(scale)),
};

// ───────────────────────────── tenant-schemas ─────────────────────────────

const TENANT_COUNT = 20;

/** The 10 tables every tenant's schema holds, with their rows for a tenant of size 1. */
const TENANT_TABLES: ReadonlyArray<Omit<WideTable, 'name' | 'rows'> & { table: string; base: number }> = [
  { table: 'customers', base: 3_000, ddl: 'id bigint NOT NULL, email text NOT NULL, name text, country char(2), created_at timestamptz NOT NULL', select: "g, 'c' || g || '@example.org', 'name ' || md5(g::text), (ARRAY['DE','FR','US','BR'])[1 + g % 4], timestamptz '2021-01-01' + g * interval '17 minutes'", pk: 'id', external: [] },
  { table: 'orders', base: 12_000, ddl: 'id bigint NOT NULL, customer_id bigint NOT NULL, status smallint NOT NULL, total numeric(12,2), placed_at timestamptz NOT NULL', select: "g, g % 3000, (g % 5)::smallint, (g * 0.91)::numeric(12,2), timestamptz '2022-01-01' + g * interval '41 seconds'", pk: 'id', external: [] },
  { table: 'order_items', base: 30_000, ddl: 'order_id bigint NOT NULL, line integer NOT NULL, product_id integer NOT NULL, qty integer NOT NULL, price numeric(10,2) NOT NULL', select: 'g / 3, g % 3, g % 1500, 1 + g % 7, (g % 811) / 3.0', pk: 'order_id, line', external: [] },
  { table: 'invoices', base: 8_000, ddl: 'id bigint NOT NULL, order_id bigint NOT NULL, amount numeric(12,2) NOT NULL, issued_at timestamptz NOT NULL, pdf_ref text', select: "g * 7, g, (g * 1.13)::numeric(12,2), timestamptz '2022-02-01' + g * interval '1 minute', 'inv/' || md5(g::text)", pk: 'id', external: [] },
  { table: 'products', base: 1_500, ddl: 'id integer NOT NULL, sku text NOT NULL, title text NOT NULL, attributes jsonb', select: "g, 'SKU' || g, 'product ' || md5(g::text), jsonb_build_object('color', g % 12, 'size', g % 5)", pk: 'id', external: [] },
  { table: 'events', base: 20_000, ddl: 'id uuid NOT NULL, customer_id bigint, kind text NOT NULL, at timestamptz NOT NULL, payload jsonb', select: "md5(g::text || 'ev')::uuid, g % 3000, 'k' || g % 20, timestamptz '2024-01-01' + g * interval '9 seconds', jsonb_build_object('n', g, 'ok', g % 3 = 0)", pk: 'id', external: [] },
  { table: 'notes', base: 2_000, ddl: 'slug text NOT NULL, body text, updated_at timestamptz', select: "'n-' || md5(g::text), repeat(md5(g::text), 4), timestamptz '2023-05-01' + g * interval '1 hour'", pk: 'slug', external: [] },
  { table: 'settings', base: 50, ddl: 'key text NOT NULL, value text', select: "'k' || g, 'v' || g", pk: 'key', external: [] },
  { table: 'audit', base: 15_000, ddl: 'entity_id bigint NOT NULL, seq integer NOT NULL, action text NOT NULL, at timestamptz NOT NULL', select: "g / 10, g % 10, (ARRAY['create','update','delete'])[1 + g % 3], timestamptz '2023-01-01' + g * interval '23 seconds'", pk: 'entity_id, seq', external: [] },
  { table: 'tags', base: 300, ddl: 'id integer NOT NULL, label text NOT NULL', select: "g, 'tag ' || g", pk: 'id', external: [] },
];

/** Tenant k's size: most tenants small, a few large (0.05 to ≈ 3 times the base rows). */
const tenantFactor = (k: number) => 0.05 + 3 * spread(k, 29) ** 3;

function tenantTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  return [...Array(TENANT_COUNT).keys()].flatMap((k) => TENANT_TABLES.map(({ table, base, ...t }) => ({ ...t, name: `tenant_${pad(k + 1, 2)}.${table}`, rows: rows(Math.round(base * tenantFactor(k))) })));
}

const tenantSchemas: DatabaseShape = {
  name: 'tenant-schemas',
  summary: `${TENANT_COUNT} schemas (tenant_01 …), each with the same 10 tables (customers, orders, order_items with a composite key, invoices with a sparse key, products, events with a uuid key, notes with a text key, settings, audit with a composite key, tags): 200 tables, tenants of 0.05–3× a base of ≈ 92k rows`,
  tables: tenantTables,
  sql: (scale) => plainTablesSql(tenantTables(scale)),
};

// ───────────────────────────── media-catalog ─────────────────────────────

function mediaCatalogTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  // 6 tables of 3–8 kB text out of line (bigint key), 16,000–40,000 rows: 2–5 chunks of ≈ 56 MB.
  const assets: WideTable[] = [...Array(6).keys()].map((i) => ({
    name: `media.assets_${pad(i + 1, 2)}`,
    rows: rows(16_000 + 4_800 * i),
    ddl: 'id bigint NOT NULL, owner_id integer NOT NULL, kind text NOT NULL, uploaded_at timestamptz NOT NULL, transcript text NOT NULL',
    select: `g, g % 900, (ARRAY['audio','video','image'])[1 + g % 3], timestamptz '2020-01-01' + g * interval '5 minutes', ${textOf(`3 + (g + ${i}) % 6`, `g::text || 'as${i}'`)}`,
    pk: 'id',
    external: ['transcript'],
  }));
  // 2 tables of ≈ 1.5 kB inline jsonb, 60,000 rows each (8 chunks).
  const metadata: WideTable[] = ['metadata_a', 'metadata_b'].map((t) => ({
    name: `media.${t}`,
    rows: rows(60_000),
    ddl: 'asset_id bigint NOT NULL, doc jsonb NOT NULL',
    select: `g, jsonb_build_object('codec', 'c' || g % 9, 'tags', to_jsonb(string_to_array(rtrim(repeat(md5(g::text || '${t}') || ',', 40), ','), ',')))`,
    pk: 'asset_id',
    external: [],
  }));
  // 24 narrow tables of 9,000–60,000 rows (2–8 chunks).
  const refs = smallTables('media.ref', 24, [9_000, 60_000], 47, { ddl: 'id bigint NOT NULL, code text NOT NULL, weight double precision, updated_at timestamptz', select: "g, 'r' || g, g * 0.01, timestamptz '2024-01-01' + g * interval '1 minute'" }, scale);
  // One large narrow table: plays, 600,000 rows (75 chunks), composite key (asset_id, seq).
  const plays: WideTable = {
    name: 'media.plays',
    rows: rows(600_000),
    ddl: 'asset_id bigint NOT NULL, seq integer NOT NULL, played_at timestamptz NOT NULL, seconds integer NOT NULL',
    select: "g / 8, g % 8, timestamptz '2023-01-01' + g * interval '2 seconds', g % 3600",
    pk: 'asset_id, seq',
    external: [],
  };
  return [...assets, ...metadata, ...refs, plays];
}

const mediaCatalog: DatabaseShape = {
  name: 'media-catalog',
  summary: 'schema media: 6 asset tables of 3–8 kB out-of-line text (16k–40k rows, 2–5 chunks of ≈ 56 MB), 2 tables of ≈ 1.5 kB inline jsonb (60k rows), 24 narrow tables of 2–8 chunks, and plays, 600k narrow rows with a composite key',
  tables: mediaCatalogTables,
  sql: (scale) => plainTablesSql(mediaCatalogTables(scale)),
};

// ───────────────────────────── scan-archive ─────────────────────────────

function scanArchiveTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  const large: WideTable[] = [
    {
      // Scans: 10–14 kB of OCR text out of line, bigint key: 5 chunks of ≈ 100 MB.
      name: 'archive.scans',
      rows: rows(40_000),
      ddl: 'id bigint NOT NULL, box_id integer NOT NULL, scanned_at timestamptz NOT NULL, ocr text NOT NULL',
      select: `g, g % 700, timestamptz '2019-01-01' + g * interval '13 minutes', ${textOf('10 + g % 5', "g::text || 'scan'")}`,
      pk: 'id',
      external: ['ocr'],
    },
    {
      // Documents: 3–5 kB out of line, bigint key: 20 chunks, most of the bytes.
      name: 'archive.documents',
      rows: rows(160_000),
      ddl: 'id bigint NOT NULL, scan_id bigint, title text NOT NULL, body text NOT NULL',
      select: `g, g / 4, 'doc ' || md5(g::text), ${textOf('3 + g % 3', "g::text || 'doc'")}`,
      pk: 'id',
      external: ['body'],
    },
    {
      // Events: narrow, composite key (box_id, seq): 50 chunks.
      name: 'archive.events',
      rows: rows(400_000),
      ddl: 'box_id integer NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL, action smallint NOT NULL',
      select: "g / 100, g % 100, timestamptz '2020-01-01' + g * interval '30 seconds', (g % 6)::smallint",
      pk: 'box_id, seq',
      external: [],
    },
  ];
  const small = smallTables('archive.code', 12, [3_000, 30_000], 53, { ddl: 'id integer NOT NULL, code text NOT NULL, label text', select: "g, 'c' || g, 'label ' || md5(g::text)" }, scale);
  return [...large, ...small];
}

const scanArchive: DatabaseShape = {
  name: 'scan-archive',
  summary: 'schema archive: scans 40k rows × 10–14 kB out of line (5 chunks of ≈ 100 MB), documents 160k × 3–5 kB out of line (20 chunks), events 400k narrow rows with a composite key (50 chunks), and 12 small narrow tables',
  tables: scanArchiveTables,
  sql: (scale) => plainTablesSql(scanArchiveTables(scale)),
};

// ───────────────────────────── support-desk ─────────────────────────────

function supportDeskTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  const large: WideTable[] = [
    {
      // Tickets: ≈ 700 bytes inline (subject, description, tags), uuid key: ≈ 28 chunks, probed.
      name: 'desk.tickets',
      rows: rows(225_000),
      ddl: 'id uuid NOT NULL, opened_at timestamptz NOT NULL, status smallint NOT NULL, subject text NOT NULL, description text NOT NULL, tags text[] NOT NULL',
      select: "md5(g::text || 'ticket')::uuid, timestamptz '2021-01-01' + g * interval '2 minutes', (g % 5)::smallint, 'subject ' || md5(g::text), repeat(md5(g::text || 'd'), 16 + g % 4), ARRAY['t' || g % 30, 't' || g % 7]",
      pk: 'id',
      external: [],
    },
    {
      // Audit: narrow, bigint key: 101 chunks, probed.
      name: 'desk.audit',
      rows: rows(810_000),
      ddl: 'id bigint NOT NULL, ticket_no integer NOT NULL, at timestamptz NOT NULL, action smallint NOT NULL',
      select: "g, g / 4, timestamptz '2021-01-01' + g * interval '40 seconds', (g % 9)::smallint",
      pk: 'id',
      external: [],
    },
    {
      // Messages: ≈ 1.5 kB out of line, text key: 4 chunks of ≈ 12 MB.
      name: 'desk.messages',
      rows: rows(30_000),
      ddl: 'ref text NOT NULL, ticket_no integer NOT NULL, sent_at timestamptz NOT NULL, body text NOT NULL',
      select: `'msg-' || lpad(g::text, 8, '0'), g / 3, timestamptz '2021-06-01' + g * interval '9 minutes', ${textOf('1 + g % 2', "g::text || 'm'")}`,
      pk: 'ref',
      external: ['body'],
    },
  ];
  const small = smallTables('desk.dim', 30, [500, 20_000], 71, { ddl: 'id integer NOT NULL, locale text NOT NULL, name text NOT NULL', select: "g, (ARRAY['en','de','fr'])[1 + g % 3], 'name ' || md5(g::text)" }, scale);
  // Composite keys on the small tables: (locale, id).
  return [...large, ...small.map((t) => ({ ...t, pk: 'locale, id' }))];
}

const supportDesk: DatabaseShape = {
  name: 'support-desk',
  summary: 'schema desk: tickets 225k rows × ≈ 700 B inline with a uuid key (28 chunks), audit 810k narrow rows (101 chunks), messages 30k × ≈ 1.5 kB out of line with a text key (4 chunks), and 30 small narrow tables keyed (locale, id)',
  tables: supportDeskTables,
  sql: (scale) => plainTablesSql(supportDeskTables(scale)),
};

// ───────────────────────────── ledger ─────────────────────────────

/** `n` columns `prefix1` … of one SQL type, with their INSERT expressions: the i-th from `expr(i)` (in terms of g). */
function typedColumns(prefix: string, n: number, type: string, expr: (i: number) => string): { ddl: string[]; select: string[] } {
  const cols = [...Array(n).keys()].map((i) => i + 1);
  return { ddl: cols.map((i) => `${prefix}${i} ${type}`), select: cols.map(expr) };
}

function columnsOf(...groups: { ddl: string[]; select: string[] }[]): Pick<WideTable, 'ddl' | 'select'> {
  return { ddl: groups.flatMap((g) => g.ddl).join(', '), select: groups.flatMap((g) => g.select).join(', ') };
}

function ledgerTables(scale: number): WideTable[] {
  const rows = rowsAt(scale);
  // Entries: 36 narrow typed columns, bigint key: ≈ 60 chunks.
  const entries = columnsOf(
    { ddl: ['id bigint NOT NULL', 'account_id integer NOT NULL', 'posted_at timestamptz NOT NULL', 'value_date date NOT NULL'], select: ['g', 'g % 5000', "timestamptz '2018-01-01' + g * interval '47 seconds'", "date '2018-01-01' + (g / 900)"] },
    typedColumns('amount_', 12, 'numeric(18,2)', (i) => `((g * ${i + 7}) % 1000003) / 100.0`),
    typedColumns('rate_', 4, 'numeric(12,6)', (i) => `1 + ((g + ${i}) % 9973) / 1000000.0`),
    typedColumns('at_', 5, 'timestamptz', (i) => `timestamptz '2019-06-01' + (g + ${i * 311}) * interval '13 seconds'`),
    typedColumns('ref_', 6, 'integer', (i) => `(g * ${i + 3}) % 65521`),
    typedColumns('kind_', 3, 'smallint', (i) => `((g + ${i}) % 17)::smallint`),
    typedColumns('flag_', 2, 'boolean', (i) => `(g + ${i}) % 3 = 0`),
  );
  // Balances: 16 high-precision numerics, composite key (account_id, day): split by account_id.
  const balances = columnsOf(
    { ddl: ['account_id integer NOT NULL', 'day date NOT NULL'], select: ['g / 40', "date '2022-01-01' + (g % 40)"] },
    typedColumns('b_', 16, 'numeric(24,8)', (i) => `(g::numeric * ${i + 11}) / 7 + ${i}.12345678`),
  );
  const large: WideTable[] = [
    { name: 'fin.entries', rows: rows(480_000), ...entries, pk: 'id', external: [] },
    { name: 'fin.balances', rows: rows(200_000), ...balances, pk: 'account_id, day', external: [] },
    {
      // Accounts: a uuid key and a ≈ 300-byte jsonb profile: ≈ 8 chunks, probed.
      name: 'fin.accounts',
      rows: rows(60_000),
      ddl: 'id uuid NOT NULL, opened_at timestamptz NOT NULL, currency char(3) NOT NULL, profile jsonb NOT NULL, tags text[] NOT NULL',
      select: "md5(g::text || 'acct')::uuid, timestamptz '2010-01-01' + g * interval '1 hour', (ARRAY['EUR','USD','GBP','CHF'])[1 + g % 4], jsonb_build_object('name', 'holder ' || md5(g::text), 'limits', jsonb_build_array(g % 1000, g % 5000, g % 20000), 'address', jsonb_build_object('street', md5(g::text || 's'), 'city', 'city ' || g % 300, 'zip', lpad((g % 99999)::text, 5, '0')), 'risk', (g % 7) / 7.0), ARRAY['seg' || g % 12, 'br' || g % 40]",
      pk: 'id',
      external: [],
    },
  ];
  const reference = columnsOf(
    { ddl: ['id integer NOT NULL', 'code text NOT NULL'], select: ['g', "'r' || g"] },
    typedColumns('v_', 5, 'numeric(14,4)', (i) => `(g * ${i + 5}) % 99991 / 10000.0`),
    typedColumns('t_', 3, 'timestamptz', (i) => `timestamptz '2020-01-01' + (g + ${i * 97}) * interval '1 minute'`),
    typedColumns('n_', 2, 'bigint', (i) => `g::bigint * ${i + 1_000_003}`),
  );
  return [...large, ...smallTables('fin.ref', 24, [200, 24_000], 89, reference, scale)];
}

const ledger: DatabaseShape = {
  name: 'ledger',
  summary: 'schema fin: entries 480k rows × 36 typed columns (numeric, timestamptz, integer, flags; ≈ 60 chunks), balances 200k × 16 numeric(24,8) keyed (account_id, day), accounts 60k with a uuid key and a jsonb profile, and 24 small reference tables of 12 typed columns',
  tables: ledgerTables,
  sql: (scale) => plainTablesSql(ledgerTables(scale)),
};

// ───────────────────────────── crm (today's) ─────────────────────────────

const crm: DatabaseShape = {
  name: 'crm',
  summary: "schema crm: 59 tables (40 of one chunk, 14 of 2–8, 5 large), three row widths, dense/sparse bigint, uuid, text and composite keys (bench/sample-database.ts)",
  tables: (scale) => sampleDatabaseShapes(scale).map((t) => ({ name: `crm.${t.name}`, rows: t.rows })),
  sql: sampleDatabaseSql,
};

export const DATABASE_SHAPES: Record<string, DatabaseShape> = { crm, 'many-small': manySmall, 'wide-toast': wideToast, partitioned, 'mixed-width': mixedWidth, 'tenant-schemas': tenantSchemas, 'media-catalog': mediaCatalog, 'scan-archive': scanArchive, 'support-desk': supportDesk, ledger };
