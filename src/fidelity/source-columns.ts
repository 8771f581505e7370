import type pg from 'pg';
import { qualified } from '../sql/identifiers.js';

/** A source column with what decoding its emitted value needs to know about its type. */
export interface SourceColumn {
  name: string;
  /** format_type: `numeric(12,2)`, `integer[]`, `character(10)`, or the user type's name. */
  formatType: string;
  /** The label the fidelity matrix groups by: format_type, with user-defined types by kind (`enum`, `composite`, `domain over text`, `enum[]`). */
  pgType: string;
  /** The type that decides the value's form: a domain's base type, an array's element type, else the type itself (format_type). */
  baseType: string;
  /** pg_type.typtype of that base type: b base, e enum, c composite, r range, m multirange, p pseudo. */
  baseKind: string;
  /** An array (PostgreSQL ignores declared dimensions, so [] and [][] are both just arrays). */
  isArray: boolean;
}

/** Every column of a table in column order, with its type resolved through domains and arrays. */
export async function describeColumns(client: pg.Client, schema: string, table: string): Promise<SourceColumn[]> {
  const { rows } = await client.query<{ name: string; format_type: string; typtype: string; base: string; base_kind: string; is_array: boolean}>(
    `WITH cols AS (
       SELECT a.attnum, a.attname, a.atttypid, a.atttypmod, t.typtype, t.typbasetype, t.typelem, t.typcategory
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped)
     SELECT c.attname AS name,
            format_type(c.atttypid, c.atttypmod) AS format_type,
            c.typtype,
            CASE WHEN c.typtype = 'd' THEN format_type(c.typbasetype, NULL)
                 WHEN c.typcategory = 'A' THEN format_type(c.typelem, NULL)
                 ELSE format_type(c.atttypid, c.atttypmod) END AS base,
            coalesce(b.typtype, c.typtype) AS base_kind,
            c.typcategory = 'A' AS is_array
     FROM cols c
     LEFT JOIN pg_type b ON b.oid = CASE WHEN c.typtype = 'd' THEN c.typbasetype WHEN c.typcategory = 'A' THEN c.typelem END
     ORDER BY c.attnum`,
    [qualified(schema, table)],
  );
  return rows.map((r) => ({ name: r.name, formatType: r.format_type, pgType: label(r), baseType: r.base, baseKind: r.base_kind, isArray: r.is_array }));
}

function label(r: { format_type: string; typtype: string; base: string; base_kind: string; is_array: boolean }): string {
  const kinds: Record<string, string> = { e: 'enum', c: 'composite' };
  if (r.typtype === 'd') return `domain over ${r.base}`;
  if (r.is_array && kinds[r.base_kind]) return `${kinds[r.base_kind]}[]`;
  return kinds[r.typtype] ?? r.format_type;
}
