import pg from 'pg';

/**
 * What cdc-sizer created in a database is recognised by a comment on the object. Nothing
 * without that comment is ever dropped, and a database holding other tables is refused unless
 * the user says --allow-existing.
 */
const MARKER_PREFIX = 'cdc-sizer ';

export interface TableMarker {
  scenario: string;
  hash: string;
  /** Rows loaded; absent while loading, so a crashed load is recognisable as incomplete. */
  rows?: number;
}

export function markerComment(marker: TableMarker): string {
  return MARKER_PREFIX + JSON.stringify(marker);
}

export function parseMarker(comment: string | null): TableMarker | undefined {
  if (!comment?.startsWith(MARKER_PREFIX)) return undefined;
  try {
    return JSON.parse(comment.slice(MARKER_PREFIX.length)) as TableMarker;
  } catch {
    return undefined; // a comment that only looks like our marker: the table is not known to be ours
  }
}

export interface ExistingTable {
  schema: string;
  name: string;
  marker?: TableMarker;
  /** A partition of another table (dropped with its parent). */
  isPartition: boolean;
}

/** Every user table, view and foreign table outside system schemas and extensions. */
export async function listTables(client: pg.Client): Promise<ExistingTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; comment: string | null; is_partition: boolean }>(`
    SELECT n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment, c.relispartition AS is_partition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1, 2`);
  return rows.map((r) => {
    const marker = parseMarker(r.comment);
    return { schema: r.schema, name: r.name, isPartition: r.is_partition, ...(marker ? { marker } : {}) };
  });
}

/** A type (enum, composite, domain) of that name in the schema, and whether cdc-sizer made it. */
export async function typeOwnership(client: pg.Client, schema: string, name: string): Promise<'absent' | 'ours' | 'foreign'> {
  const { rows } = await client.query<{ comment: string | null }>(
    `SELECT obj_description(t.oid, 'pg_type') AS comment FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2`,
    [schema, name],
  );
  if (rows.length === 0) return 'absent';
  return rows[0]!.comment?.startsWith(MARKER_PREFIX) ? 'ours' : 'foreign';
}

/** Whether the database already holds this scenario as generated (same hash, every table complete). */
export async function datasetPresent(client: pg.Client, schema: string, tables: { name: string; rows: number }[], hash: string): Promise<boolean> {
  const existing = new Map((await listTables(client)).filter((t) => t.schema === schema).map((t) => [t.name, t.marker]));
  return tables.every((t) => {
    const m = existing.get(t.name);
    return m?.hash === hash && m.rows === t.rows;
  });
}

/**
 * Before a workload writes into a scenario's tables: their markers lose the row count, so the next
 * run finds the dataset incomplete and generates it again instead of verifying changed tables
 * against the generated counts.
 */
export async function markWritten(client: pg.Client, schema: string, tables: string[], scenario: string, hash: string): Promise<void> {
  for (const name of tables) await client.query(`COMMENT ON TABLE ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(markerComment({ scenario, hash }))}`);
}
