import type pg from 'pg';
import { qualified } from '../sql/identifiers.js';

/** A table an engine reads, with its chunk key as the catalog says (primary key, or a chosen NOT NULL column). */
export interface SourceTable {
  schema: string;
  name: string;
  /** Key columns in key order with their SQL types; empty when the table has no key to chunk by. */
  key: { name: string; type: string }[];
  /** The key is a chosen chunk-key column, not a primary key (the connector must be told). */
  keyIsChunkColumn?: boolean;
  /** Leaf partitions of a partitioned table: the connector reads these, not the parent. */
  partitions?: string[];
}

/**
 * The primary key of each table from the catalog, or a chunk key column for tables without one:
 * `chunkKeyColumn` names it for every table (the scenarios' `row_no`) or per table.
 */
export async function describeTables(client: pg.Client, tables: { schema: string; name: string }[], chunkKeyColumn?: string | ((t: { schema: string; name: string }) => string | undefined)): Promise<SourceTable[]> {
  const out: SourceTable[] = [];
  for (const t of tables) {
    const { rows } = await client.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey, a.attnum)`,
      [qualified(t.schema, t.name)],
    );
    const partitions = await leafPartitions(client, t.schema, t.name);
    const withParts = partitions.length ? { partitions } : {};
    const column = typeof chunkKeyColumn === 'function' ? chunkKeyColumn(t) : chunkKeyColumn;
    if (rows.length > 0 || !column) {
      out.push({ schema: t.schema, name: t.name, key: rows, ...withParts });
      continue;
    }
    const col = await client.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2 AND NOT attisdropped`,
      [qualified(t.schema, t.name), column],
    );
    out.push({ schema: t.schema, name: t.name, key: col.rows, keyIsChunkColumn: col.rows.length > 0, ...withParts });
  }
  return out;
}

async function leafPartitions(client: pg.Client, schema: string, name: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_partition_tree($1::regclass) p JOIN pg_class c ON c.oid = p.relid WHERE p.isleaf AND p.level > 0 ORDER BY 1`,
    [qualified(schema, name)],
  );
  return rows.map((r) => r.name);
}

