import type pg from 'pg';
import { qualifiedName } from '../../sql/identifiers.js';
import { namePattern, type NamedTable } from '../table-selection.js';

/** A table preflight looks at: an ordinary table or the root of a partitioned one (never a partition). */
export interface ScopedTable {
  oid: number;
  schema: string;
  name: string;
  /** `schema.table`, as findings name it. */
  qualified: string;
  partitioned: boolean;
  /** Leaf partitions under a partitioned table (0 for an ordinary table). */
  partitions: number;
  /** Planner's estimate (reltuples; summed over the leaves of a partitioned table); undefined before the first ANALYZE. */
  rows?: number;
  /** pg_class.relreplident: d default, n nothing, f full, i index. */
  replicaIdentity: 'd' | 'n' | 'f' | 'i';
}

export interface ScopeOptions {
  /** Schemas to check; every user schema when absent. */
  schemas?: string[];
  /**
   * Only these tables, each by its schema and name as a pair (compared exactly, never as a
   * `schema.table` string: `"Sales.EU"."Order.Items"` is not `"Sales"."EU.Order.Items"`, and
   * `a.t` is not `b.t`).
   */
  tables?: NamedTable[];
}

export interface Scope {
  schemas: string[];
  tables: ScopedTable[];
  /** Names asked for in the options that the catalog does not have. */
  missing: string[];
}

// Partitions are left out: they share the root's columns and keys, and the connector reads them
// through the root. Tables that belong to an extension (PostGIS' spatial_ref_sys…) are not the user's.
const TABLES_SQL = `
WITH RECURSIVE tree AS (
  SELECT inhparent AS root, inhrelid AS rel FROM pg_inherits
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.rel
), leaves AS (
  SELECT t.root, count(*)::int AS n, sum(l.reltuples) FILTER (WHERE l.reltuples >= 0)::float8 AS rows
  FROM tree t JOIN pg_class l ON l.oid = t.rel
  WHERE l.relkind IN ('r', 'f')
  GROUP BY t.root
)
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind = 'p' AS partitioned,
       coalesce(lv.n, 0) AS partitions, c.reltuples::float8 AS reltuples, lv.rows AS leaf_rows, c.relreplident AS replident
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN leaves lv ON lv.root = c.oid AND c.relkind = 'p'
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND CASE WHEN $1::text[] IS NULL
        THEN n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
        ELSE n.nspname = ANY($1::text[]) END
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname`;

interface Row {
  oid: number;
  schema: string;
  name: string;
  partitioned: boolean;
  partitions: number;
  reltuples: number;
  leaf_rows: number | null;
  replident: ScopedTable['replicaIdentity'];
}

/** The tables in scope, read from pg_class only (no table is opened). */
export async function tablesInScope(client: pg.Client, opts: ScopeOptions = {}): Promise<Scope> {
  const schemas = opts.schemas?.length ? opts.schemas : undefined;
  const { rows } = await client.query<Row>(TABLES_SQL, [schemas ?? null]);
  let tables = rows.map(toScoped);
  const missing: string[] = [];
  if (schemas) {
    const present = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])', [schemas]);
    missing.push(...schemas.filter((s) => !present.rows.some((r) => r.nspname === s)).map((s) => `schema ${s}`));
  }
  if (opts.tables?.length) {
    const wanted = opts.tables;
    const matches = (t: ScopedTable, w: NamedTable) => w.schema === t.schema && w.name === t.name;
    missing.push(...wanted.filter((w) => !tables.some((t) => matches(t, w))).map((w) => `table ${namePattern(w)}`));
    tables = tables.filter((t) => wanted.some((w) => matches(t, w)));
  }
  return { schemas: schemas ?? [...new Set(tables.map((t) => t.schema))], tables, missing };
}

function toScoped(r: Row): ScopedTable {
  const rows = r.partitioned ? (r.leaf_rows ?? undefined) : r.reltuples >= 0 ? r.reltuples : undefined;
  return {
    oid: r.oid,
    schema: r.schema,
    name: r.name,
    qualified: qualifiedName(r),
    partitioned: r.partitioned,
    partitions: r.partitions,
    ...(rows !== undefined ? { rows } : {}),
    replicaIdentity: r.replident,
  };
}
