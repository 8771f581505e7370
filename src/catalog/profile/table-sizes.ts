import type pg from 'pg';
import { qualified } from '../../sql/identifiers.js';
import type { CatalogTable } from '../catalog.js';
import { probe } from './read-only.js';
import type { Relation } from './relations.js';

export type TableBytes = Pick<CatalogTable, 'heapBytes' | 'toastBytes' | 'indexBytes'>;
export type RowFigures = Pick<CatalogTable, 'rows' | 'rowsSource' | 'statisticsRows' | 'exactRows'>;

/** count(*) reads every row: it may take longer than a catalog query, but not without end. */
export const COUNT_TIMEOUT = '5min';

/** Heap, TOAST and index bytes; they add up to pg_total_relation_size. A table dropped meanwhile reads as 0. */
export async function readSizes(client: pg.Client, oids: number[]): Promise<Map<number, TableBytes>> {
  const { rows } = await client.query<{ oid: string; table_bytes: string; toast: string; index: string }>(
    `SELECT c.oid::int8 AS oid,
            coalesce(pg_table_size(c.oid), 0) AS table_bytes,
            CASE WHEN c.reltoastrelid <> 0 THEN coalesce(pg_total_relation_size(c.reltoastrelid), 0) ELSE 0 END AS toast,
            coalesce(pg_indexes_size(c.oid), 0) AS index
     FROM pg_class c WHERE c.oid = ANY ($1::oid[])`,
    [oids],
  );
  return new Map(
    rows.map((r) => {
      const toast = Number(r.toast);
      return [Number(r.oid), { heapBytes: Math.max(0, Number(r.table_bytes) - toast), toastBytes: toast, indexBytes: Number(r.index) }];
    }),
  );
}

/**
 * reltuples is trusted when the table was vacuumed or analyzed. Before PostgreSQL 14 "never" reads
 * as 0 tuples in 0 pages, indistinguishable from empty unless the heap has pages.
 */
export function statisticsRows(rel: Relation, heapBytes: number): number | null {
  if (rel.reltuples < 0) return null;
  if (rel.reltuples === 0 && rel.relpages === 0 && heapBytes > 0) return null;
  return Math.round(rel.reltuples);
}

/**
 * Rows of a table that stores them (not a partitioned parent): count(*) when asked, else statistics,
 * else the planner's guess. A count that outlasts COUNT_TIMEOUT is skipped like a locked table.
 */
export async function rowFigures(client: pg.Client, rel: Relation, heapBytes: number, exact: boolean, warn: (line: string) => void): Promise<RowFigures> {
  const stats = statisticsRows(rel, heapBytes);
  if (exact) {
    const counted = await probe(client, rel, warn, 'count', async (c) => {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${qualified(rel.schema, rel.name)}`);
      return Number(rows[0]!.n);
    }, { statementTimeout: COUNT_TIMEOUT });
    if (counted !== undefined) return { rows: counted, rowsSource: 'exact', statisticsRows: stats, exactRows: counted };
  }
  if (stats !== null) return { rows: stats, rowsSource: 'statistics', statisticsRows: stats };
  // A table without pages holds no rows; the planner would assume ten pages' worth.
  if (heapBytes === 0) return { rows: 0, rowsSource: 'planner', statisticsRows: null };
  const guess = await probe(client, rel, warn, 'estimate', (c) => plannerRows(c, rel));
  return { rows: guess ?? 0, rowsSource: 'planner', statisticsRows: null };
}

/** EXPLAIN only plans: it reads no rows, and for a never-analyzed table sizes it from its current pages. */
async function plannerRows(client: pg.Client, rel: Relation): Promise<number> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ONLY ${qualified(rel.schema, rel.name)}`);
  return Math.round(rows[0]!['QUERY PLAN'][0].Plan['Plan Rows']);
}
