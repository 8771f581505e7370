import type pg from 'pg';
import type { CatalogColumn, ColumnCategory } from '../catalog.js';
import type { Relation } from './relations.js';

interface ColumnRow {
  rel: string;
  name: string;
  type: string;
  nullable: boolean;
  dims: number;
  typtype: string;
  typcategory: string;
  extension: string | null;
  element_type: string | null;
  element_typtype: string | null;
  element_typcategory: string | null;
  element_extension: string | null;
  base_type: string | null;
}

/** The extension a type belongs to (hstore, citext…), if any. */
const EXTENSION_OF = (typeOid: string) => `(SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
   WHERE d.classid = 'pg_type'::regclass AND d.objid = ${typeOid} AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' LIMIT 1)`;

/** Every live column of the given tables with its type's category; statistics are joined in by `withStatistics`. */
export async function readColumns(client: pg.Client, oids: number[]): Promise<Map<number, CatalogColumn[]>> {
  const { rows } = await client.query<ColumnRow>(
    `SELECT a.attrelid::int8 AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, a.attndims AS dims, t.typtype, t.typcategory, ${EXTENSION_OF('t.oid')} AS extension,
            format_type(et.oid, a.atttypmod) AS element_type, et.typtype AS element_typtype, et.typcategory AS element_typcategory,
            CASE WHEN et.oid IS NOT NULL THEN ${EXTENSION_OF('et.oid')} END AS element_extension,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type
     FROM pg_attribute a
     JOIN pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typtype = 'b' AND t.typcategory = 'A'
     WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  const out = new Map<number, CatalogColumn[]>();
  for (const r of rows) {
    const rel = Number(r.rel);
    out.set(rel, [...(out.get(rel) ?? []), toColumn(r)]);
  }
  return out;
}

function toColumn(r: ColumnRow): CatalogColumn {
  const category = categoryOf(r.typtype, r.typcategory, r.extension);
  const column: CatalogColumn = { name: r.name, type: r.type, category, nullable: r.nullable };
  if (category === 'array' && r.element_type && r.element_typtype && r.element_typcategory) {
    column.elementType = r.element_type;
    column.elementCategory = categoryOf(r.element_typtype, r.element_typcategory, r.element_extension);
    column.dimensions = Math.max(1, r.dims);
  }
  if (r.base_type) column.baseType = r.base_type;
  const extension = r.extension ?? r.element_extension;
  if (extension) column.extension = extension;
  return column;
}

/** A domain copies its base type's typcategory, so typtype decides first; arrays are base types of category A. */
export function categoryOf(typtype: string, typcategory: string, extension: string | null): ColumnCategory {
  switch (typtype) {
    case 'd':
      return 'domain';
    case 'e':
      return 'enum';
    case 'c':
      return 'composite';
    case 'r':
      return 'range';
    case 'm':
      return 'multirange';
    case 'p':
      return 'pseudo';
    default:
      if (typcategory === 'A') return 'array';
      return extension ? 'extension' : 'base';
  }
}

interface StatsRow {
  schema: string;
  table: string;
  column: string;
  inherited: boolean;
  null_frac: number;
  avg_width: number;
}

/**
 * Adds pg_stats' null fraction and average width where ANALYZE left them. A partitioned parent's
 * statistics are the inherited ones (over all its partitions).
 */
export async function withStatistics(client: pg.Client, relations: Relation[], columns: Map<number, CatalogColumn[]>): Promise<void> {
  const schemas = [...new Set(relations.map((r) => r.schema))];
  const { rows } = await client.query<StatsRow>(
    `SELECT schemaname AS schema, tablename AS table, attname AS column, inherited, null_frac::float8 AS null_frac, avg_width
     FROM pg_stats WHERE schemaname = ANY ($1::text[])`,
    [schemas],
  );
  const stats = new Map(rows.map((r) => [statsKey(r.schema, r.table, r.column, r.inherited), r]));
  for (const rel of relations) {
    for (const c of columns.get(rel.oid) ?? []) {
      const s = stats.get(statsKey(rel.schema, rel.name, c.name, rel.partitioned));
      if (!s) continue;
      c.nullFraction = Number(s.null_frac);
      c.avgWidth = Number(s.avg_width);
    }
  }
}

const statsKey = (schema: string, table: string, column: string, inherited: boolean) => JSON.stringify([schema, table, column, inherited]);
