import type pg from 'pg';
import { ident, qualified } from '../sql/identifiers.js';

/** A table the workload writes into, as the catalog describes it. */
export interface WriteTarget {
  schema: string;
  name: string;
  /** Primary key columns in key order, with their SQL types. */
  key: { name: string; type: string; typmod: number }[];
  /** Columns an INSERT … SELECT copies (not generated, not in the key). */
  copied: string[];
  /** The column a narrow update rewrites (a non-key column; the key's first when there is none). */
  narrow: string;
  /** The widest text-like column and how to rewrite it as a fresh, equal value; absent when there is none. */
  wide?: { column: string; rewrite: string };
  /** Unique constraints besides the key: an insert copying a row would break them. */
  otherUnique: string[];
  /** Leading key column's greatest value, when it is the column new keys are counted from. */
  counterStart?: bigint;
  /** Index (in `key`) of the column new keys differ in, and how its values are made. */
  fresh: { column: number; kind: 'counter' | 'uuid' | 'text' } | undefined;
}

const COLUMNS_SQL = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.atttypmod AS typmod,
       t.typname AS base, a.attgenerated <> '' AS generated,
       coalesce(s.avg_width, 0) AS avg_width,
       -- indkey is an int2vector, subscripted from 0: the position is counted from its lower bound.
       coalesce(array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1, 0) AS key_position
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
LEFT JOIN pg_stats s ON s.schemaname = $1 AND s.tablename = $2 AND s.attname = a.attname
WHERE a.attrelid = $3::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

const UNIQUE_SQL = `
SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = $1::regclass AND i.indisunique AND NOT i.indisprimary`;

/** Why the workload cannot write a table as asked: said before anything is written. */
export class WriteTargetError extends Error {
  override name = 'WriteTargetError';
}

/** Reads what the workload needs to know of a table; refuses one it cannot change row by row. */
export async function describeWriteTarget(client: pg.Client, schema: string, name: string, needs: { inserts: boolean }): Promise<WriteTarget> {
  const rel = qualified(schema, name);
  const { rows } = await client.query<{ name: string; type: string; typmod: number; base: string; generated: boolean; avg_width: number; key_position: number }>(COLUMNS_SQL, [schema, name, rel]);
  const key = rows.filter((c) => c.key_position > 0).sort((a, b) => a.key_position - b.key_position);
  // Updates and deletes find their row by key; without one PostgreSQL refuses them on a published table anyway.
  if (key.length === 0) throw new WriteTargetError(`${schema}.${name} has no primary key: the workload changes rows by key (leave it out of the workload's tables)`);
  const plain = rows.filter((c) => c.key_position === 0 && !c.generated);
  const wide = plain.filter((c) => WIDE_REWRITE[c.base] !== undefined).sort((a, b) => b.avg_width - a.avg_width)[0];
  const otherUnique = (await client.query<{ relname: string }>(UNIQUE_SQL, [rel])).rows.map((r) => r.relname);
  const fresh = freshColumn(key);
  if (needs.inserts) {
    if (otherUnique.length > 0) throw new WriteTargetError(`${schema}.${name} has unique constraints besides its key (${otherUnique.join(', ')}): inserted rows copy an existing row's values and would break them; give this table no inserts`);
    if (!fresh) throw new WriteTargetError(`${schema}.${name}: the workload makes new keys in an integer, uuid or text key column, and this key (${key.map((k) => `${k.name} ${k.type}`).join(', ')}) has none; give this table no inserts`);
  }
  let counterStart: bigint | undefined;
  if (needs.inserts && fresh?.kind === 'counter') {
    const col = key[fresh.column]!.name;
    const { rows: m } = await client.query<{ max: string | null }>(`SELECT max(${ident(col)})::text AS max FROM ${rel}`);
    counterStart = BigInt(m[0]!.max ?? '0');
  }
  return {
    schema,
    name,
    key: key.map((k) => ({ name: k.name, type: k.type, typmod: k.typmod })),
    copied: plain.map((c) => c.name),
    narrow: (plain.find((c) => c.avg_width <= 16 && WIDE_REWRITE[c.base] === undefined) ?? plain[0] ?? key[0]!).name,
    ...(wide ? { wide: { column: wide.name, rewrite: WIDE_REWRITE[wide.base]!(ident(wide.name)) } } : {}),
    otherUnique,
    ...(counterStart !== undefined ? { counterStart } : {}),
    fresh,
  };
}

/** A new value equal to the old, so PostgreSQL stores (and, out of line, TOASTs) it again. */
const WIDE_REWRITE: Record<string, (col: string) => string> = {
  text: (c) => `${c} || ''`,
  varchar: (c) => `${c} || ''`,
  bytea: (c) => `${c} || ''::bytea`,
  jsonb: (c) => `${c}::text::jsonb`,
  json: (c) => `${c}::text::json`,
};

const INTEGER = /^(smallint|integer|bigint)$/;

/** The key column a new row gets a fresh value in: the last integer one (a counter past the max), else a uuid, else a text one. */
function freshColumn(key: { type: string }[]): WriteTarget['fresh'] {
  const last = (test: (t: string) => boolean) => key.map((k, i) => (test(k.type) ? i : -1)).filter((i) => i >= 0).pop();
  const integer = last((t) => INTEGER.test(t));
  if (integer !== undefined) return { column: integer, kind: 'counter' };
  const uuid = last((t) => t === 'uuid');
  if (uuid !== undefined) return { column: uuid, kind: 'uuid' };
  const text = last((t) => t === 'text' || t.startsWith('character varying'));
  return text !== undefined ? { column: text, kind: 'text' } : undefined;
}
