import type pg from 'pg';
import { qualified, qualifiedName } from '../../sql/identifiers.js';
import type { SourceColumn } from './source-column.js';

interface ColumnRow {
  schema: string;
  table: string;
  column: string;
  declared: string;
  typname: string;
  typtype: string;
  typmod: number;
  elem_typname: string | null;
  elem_typtype: string | null;
  key: boolean;
  not_null: boolean;
}

// A domain is followed down to its root type, as Debezium does; its modifier applies when the
// column has none of its own (CREATE DOMAIN price AS numeric(12,2)).
const COLUMNS_SQL = `
WITH RECURSIVE root(start, oid, typmod, depth) AS (
  SELECT t.oid, t.oid, t.typtypmod, 0 FROM pg_type t
  WHERE t.oid IN (SELECT atttypid FROM pg_attribute WHERE attrelid = ANY($1::oid[]))
  UNION ALL
  SELECT r.start, t.typbasetype, CASE WHEN r.typmod >= 0 THEN r.typmod ELSE t.typtypmod END, r.depth + 1
  FROM root r JOIN pg_type t ON t.oid = r.oid WHERE t.typtype = 'd'
), resolved AS (
  SELECT DISTINCT ON (start) start, oid, typmod FROM root ORDER BY start, depth DESC
)
SELECT n.nspname::text AS schema, c.relname::text AS table, a.attname::text AS column,
       format_type(a.atttypid, a.atttypmod) AS declared,
       t.typname::text AS typname, t.typtype::text AS typtype,
       CASE WHEN a.atttypmod >= 0 THEN a.atttypmod ELSE r.typmod END AS typmod,
       et.typname::text AS elem_typname, et.typtype::text AS elem_typtype,
       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS key,
       a.attnotnull AS not_null
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN resolved r ON r.start = a.atttypid
JOIN pg_type t ON t.oid = r.oid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum`;

/** The columns of the given tables (pg_class OIDs), each resolved as the connector resolves it. Read-only. */
export async function readSourceColumns(client: pg.Client, tableOids: number[]): Promise<SourceColumn[]> {
  const { rows } = await client.query<ColumnRow>(COLUMNS_SQL, [tableOids]);
  return rows.map((r) => ({
    table: qualifiedName({ schema: r.schema, name: r.table }),
    name: r.column,
    declared: r.declared,
    typname: r.typname,
    typtype: r.typtype,
    ...(r.elem_typname ? { element: { typname: r.elem_typname, typtype: r.elem_typtype ?? 'b' } } : {}),
    typmod: r.typmod,
    key: r.key,
    notNull: r.not_null,
  }));
}

/** The same for tables named by schema and name (a run's tables). */
export async function readTableColumns(client: pg.Client, tables: readonly { schema: string; name: string }[]): Promise<SourceColumn[]> {
  const { rows } = await client.query<{ oid: number }>('SELECT to_regclass(t)::oid::int AS oid FROM unnest($1::text[]) AS t', [tables.map((t) => qualified(t.schema, t.name))]);
  return readSourceColumns(client, rows.map((r) => r.oid));
}
