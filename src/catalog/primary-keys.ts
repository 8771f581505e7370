import type pg from 'pg';

export interface KeyColumn {
  name: string;
  /** format_type() of the column, as declared: `bigint`, `character varying(40)`, a domain's name. */
  type: string;
  /** pg_type name with a domain resolved to its base type: `int8`, `varchar`. */
  baseType: string;
}

/**
 * Primary-key columns in key order, per table (partitioned parents included). Read from the
 * constraint, not the index: a key's index also lists its INCLUDE columns.
 */
export async function readPrimaryKeys(client: pg.Client, oids: number[]): Promise<Map<number, KeyColumn[]>> {
  const { rows } = await client.query<{ rel: string; name: string; type: string; base: string }>(
    `SELECT con.conrelid::int8 AS rel, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, coalesce(bt.typname, t.typname)::text AS base
     FROM pg_constraint con
     CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
     JOIN pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd'
     WHERE con.contype = 'p' AND con.conrelid = ANY ($1::oid[])
     ORDER BY con.conrelid, k.ord`,
    [oids],
  );
  const out = new Map<number, KeyColumn[]>();
  for (const r of rows) {
    const rel = Number(r.rel);
    out.set(rel, [...(out.get(rel) ?? []), { name: r.name, type: r.type, baseType: r.base }]);
  }
  return out;
}
