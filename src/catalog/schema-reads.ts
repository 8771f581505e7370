import type pg from 'pg';
import { readOnly } from './read-only.js';

/**
 * What the connector's schema reads cost the enumerator, measured on the server read-only.
 *
 * Flink CDC 3.5.0 reads a table's schema before splitting it (JdbcSourceChunkSplitter.analyzeTable
 * → Debezium's JdbcConnection.readSchema), with a filter of every captured table and keeping only
 * the one: one getTables over the database, then a getColumns and a getPrimaryKeys for each
 * captured table (docs/model.md, "Captured tables"). So with N tables captured, each table costs
 * the enumerator T(N) = g + q·N before its first chunk, one table after another: N·T(N) in all,
 * which a sample capturing a few tables never pays and a job of hundreds of tables is paced by.
 *
 * Measured by sending the same catalog queries the JDBC driver sends (pgjdbc 42.7.3's
 * getTables, getColumns and getPrimaryKeys, the versions Flink CDC 3.5.0 pins) for prefixes of the
 * captured tables, one after another on one warm connection, as the enumerator does; a line fitted
 * through them gives T(n) for any n. The driver's and Debezium's work in Java on the result
 * (a few rows per table) is not in it: the figure is the server and the round trips.
 */
export interface SchemaReadCost {
  /** Tables the full job captures (leaf partitions): the N of T(N). */
  capturedTables: number;
  /** One pass over the first n captured tables: the fastest of the repeats. */
  points: { tables: number; seconds: number }[];
  /** T(n) = fixedSeconds + perTableSeconds · n, least squares over the points. */
  fixedSeconds: number;
  perTableSeconds: number;
}

/** The prefixes measured: tens to hundreds of tables, then every captured table up to MAX_MEASURED. */
const PREFIXES = [10, 30, 100, 300] as const;
/** Beyond this many captured tables T(N) is extrapolated along the line (a pass costs ≈ 2 ms a table). */
const MAX_MEASURED = 1000;
const REPEATS = 3;

/** The captured tables (schema, name), in the order the job lists them. */
export async function measureSchemaReads(client: pg.Client, captured: readonly { schema: string; name: string }[]): Promise<SchemaReadCost> {
  const n = captured.length;
  const sizes = [...new Set([...PREFIXES.filter((p) => p < n), Math.min(n, MAX_MEASURED)])].filter((p) => p > 0);
  const points = await readOnly(client, async (c) => {
    const out: { tables: number; seconds: number }[] = [];
    await onePass(c, captured.slice(0, 1)); // warms the connection's catalog caches, as a job's first table does
    for (const size of sizes) {
      let best = Infinity;
      for (let i = 0; i < REPEATS; i++) best = Math.min(best, await onePass(c, captured.slice(0, size)));
      out.push({ tables: size, seconds: best });
    }
    return out;
  });
  return { capturedTables: n, points, ...fitLine(points) };
}

/** T(n) for a job capturing n tables: what the enumerator spends reading schemas before each table's first chunk. */
export function schemaReadSeconds(cost: Pick<SchemaReadCost, 'fixedSeconds' | 'perTableSeconds'>, tables: number): number {
  return cost.fixedSeconds + cost.perTableSeconds * tables;
}

/** One readSchema as the enumerator runs it for one table, with these tables captured. */
async function onePass(c: pg.ClientBase, tables: readonly { schema: string; name: string }[]): Promise<number> {
  const started = performance.now();
  await c.query(GET_TABLES);
  for (const t of tables) {
    // Debezium passes the bare table name as the pattern (no schema): same-named tables of other schemas are read too.
    await c.query(GET_COLUMNS, [t.name]);
    await c.query(GET_PRIMARY_KEYS, [t.schema, t.name]);
  }
  return (performance.now() - started) / 1000;
}

export function fitLine(points: readonly { tables: number; seconds: number }[]): { fixedSeconds: number; perTableSeconds: number } {
  if (points.length === 1) return { fixedSeconds: 0, perTableSeconds: points[0]!.seconds / Math.max(1, points[0]!.tables) };
  const mx = points.reduce((a, p) => a + p.tables, 0) / points.length;
  const my = points.reduce((a, p) => a + p.seconds, 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p.tables - mx) ** 2, 0);
  const slope = Math.max(0, points.reduce((a, p) => a + (p.tables - mx) * (p.seconds - my), 0) / sxx);
  return { fixedSeconds: Math.max(0, my - slope * mx), perTableSeconds: slope };
}

// pgjdbc 42.7.3's statements, with the table name as a parameter instead of an inlined literal.
const GET_TABLES = `SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,
  CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS TABLE_TYPE,
  d.description AS REMARKS, '' AS TYPE_CAT, '' AS TYPE_SCHEM, '' AS TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION
 FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0 AND d.classoid = 'pg_class'::regclass)
 WHERE c.relnamespace = n.oid AND (false
  OR (c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')
  OR (c.relkind = 'p' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')
  OR (c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema')
  OR (c.relkind = 'm'))
 ORDER BY TABLE_TYPE, TABLE_SCHEM, TABLE_NAME`;

const GET_COLUMNS = `SELECT * FROM (SELECT n.nspname, c.relname, a.attname, a.atttypid, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,
  a.atttypmod, a.attlen, t.typtypmod, row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum,
  nullif(a.attidentity, '') AS attidentity, nullif(a.attgenerated, '') AS attgenerated,
  pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc, dsc.description, t.typbasetype, t.typtype
 FROM pg_catalog.pg_namespace n
 JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)
 JOIN pg_catalog.pg_attribute a ON (a.attrelid = c.oid)
 JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
 LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid = def.adrelid AND a.attnum = def.adnum)
 LEFT JOIN pg_catalog.pg_description dsc ON (c.oid = dsc.objoid AND a.attnum = dsc.objsubid)
 LEFT JOIN pg_catalog.pg_class dc ON (dc.oid = dsc.classoid AND dc.relname = 'pg_class')
 LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace = dn.oid AND dn.nspname = 'pg_catalog')
 WHERE c.relkind IN ('r','p','v','f','m') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname LIKE $1) c
 WHERE true ORDER BY nspname, c.relname, attnum`;

const GET_PRIMARY_KEYS = `SELECT result.TABLE_CAT, result.TABLE_SCHEM, result.TABLE_NAME, result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME
 FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,
   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,
   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM
  FROM pg_catalog.pg_class ct
  JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)
  JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)
  JOIN pg_catalog.pg_index i ON (a.attrelid = i.indrelid)
  JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)
  WHERE true AND n.nspname = $1 AND ct.relname = $2 AND i.indisprimary) result
 WHERE result.A_ATTNUM = (result.KEYS).x
 ORDER BY result.table_name, result.pk_name, result.key_seq`;
