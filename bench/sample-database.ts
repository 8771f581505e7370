/**
 * The database bench:sample sizes, as one plain SQL script (CREATE TABLE, then INSERT … SELECT
 * over generate_series): shaped unlike the shipped scenarios, which our generator makes. 59
 * tables in schema crm: 40 small ones (one chunk each), 14 of a few chunks, 5 large ones, in
 * three row widths (narrow numbers and dates; a 96-character label and an int[] added; a jsonb
 * document of ≈ 700 bytes added) and five key kinds (dense bigint, sparse bigint, uuid, text,
 * composite with few distinct leading values, which the connector chunks by its first column).
 * `scale` multiplies every table's rows.
 */
type Width = 'narrow' | 'medium' | 'wide';
type Key = 'bigint' | 'sparse' | 'uuid' | 'text' | 'composite';

interface TableShape {
  name: string;
  rows: number;
  width: Width;
  key: Key;
  /** composite keys: distinct leading values (tenants). */
  tenants?: number;
}

const KEY_COLUMNS: Record<Key, { ddl: string; select: (t: TableShape) => string; pk: string }> = {
  bigint: { ddl: 'id bigint NOT NULL', select: () => 'g', pk: 'id' },
  sparse: { ddl: 'id bigint NOT NULL', select: () => 'g * 7', pk: 'id' },
  uuid: { ddl: 'id uuid NOT NULL', select: (t) => `md5(g::text || '${t.name}')::uuid`, pk: 'id' },
  text: { ddl: 'code text NOT NULL', select: () => "md5(g::text) || '-' || g", pk: 'code' },
  composite: { ddl: 'tenant_id integer NOT NULL, seq bigint NOT NULL', select: (t) => `g % ${t.tenants ?? 50}, g`, pk: 'tenant_id, seq' },
};

const WIDTH_COLUMNS: Record<Width, { ddl: string; select: string }> = {
  narrow: { ddl: 'qty integer, amount numeric(12,2), day date', select: "g % 1000, (g * 0.37)::numeric(12,2), date '2020-01-01' + (g % 2000)" },
  medium: { ddl: 'qty integer, amount numeric(12,2), day date, label text, codes integer[]', select: "g % 1000, (g * 0.37)::numeric(12,2), date '2020-01-01' + (g % 2000), md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text), ARRAY[g % 7, g % 11, g % 13]" },
  wide: {
    ddl: 'qty integer, amount numeric(12,2), day date, label text, codes integer[], doc jsonb',
    select: "g % 1000, (g * 0.37)::numeric(12,2), date '2020-01-01' + (g % 2000), md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text), ARRAY[g % 7, g % 11, g % 13], jsonb_build_object('id', g, 'note', repeat(md5(g::text), 20), 'flags', jsonb_build_array(g % 2 = 0, g % 3 = 0))",
  },
};

const WIDTHS: Width[] = ['narrow', 'medium', 'wide'];

export function sampleDatabaseShapes(scale = 1): TableShape[] {
  const rows = (n: number) => Math.max(10, Math.round(n * scale));
  const small = [...Array(40).keys()].map((i): TableShape => ({ name: `s_${String(i + 1).padStart(2, '0')}`, rows: rows(300 + ((i * 997) % 5500)), width: WIDTHS[i % 3]!, key: (['bigint', 'bigint', 'bigint', 'uuid', 'text'] as const)[i % 5]! }));
  const few = [...Array(14).keys()].map((i): TableShape => ({ name: `m_${String(i + 1).padStart(2, '0')}`, rows: rows(12_000 + i * 3_500), width: WIDTHS[i % 3]!, key: (['bigint', 'uuid', 'composite', 'text'] as const)[i % 4]! }));
  const large: TableShape[] = [
    { name: 'big_ledger', rows: rows(1_200_000), width: 'narrow', key: 'bigint' },
    { name: 'big_sessions', rows: rows(500_000), width: 'medium', key: 'uuid' },
    { name: 'big_tenant_events', rows: rows(400_000), width: 'narrow', key: 'composite', tenants: 40 },
    { name: 'big_docs', rows: rows(120_000), width: 'wide', key: 'text' },
    { name: 'big_orders', rows: rows(300_000), width: 'medium', key: 'sparse' },
  ];
  return [...small, ...few, ...large];
}

/** The SQL script: schema, tables, rows, keys, statistics. */
export function sampleDatabaseSql(scale = 1): string {
  const statements = ['CREATE SCHEMA crm;'];
  for (const t of sampleDatabaseShapes(scale)) {
    const k = KEY_COLUMNS[t.key];
    const w = WIDTH_COLUMNS[t.width];
    statements.push(
      `CREATE TABLE crm.${t.name} (${k.ddl}, ${w.ddl});`,
      `INSERT INTO crm.${t.name} SELECT ${k.select(t)}, ${w.select} FROM generate_series(1, ${t.rows}) g;`,
      `ALTER TABLE crm.${t.name} ADD PRIMARY KEY (${k.pk});`,
    );
  }
  statements.push('ANALYZE;');
  return statements.join('\n');
}
