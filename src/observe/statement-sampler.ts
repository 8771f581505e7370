import type pg from 'pg';

export interface StatementTotals {
  calls: number;
  totalMillis: number;
  rows: number;
}

/**
 * The connector's chunk queries as pg_stat_statements counts them (SELECT * FROM "schema"."table",
 * with a key-range WHERE, or without one for a table that is a single chunk; the harness's own
 * reads are COPY statements and do not match). Sampling once a second cannot see 40 ms queries; the statement statistics
 * can. Read-only: when the extension is not installed in the database, there is nothing to read.
 */
export async function chunkQueryTotals(client: pg.Client, schema: string): Promise<StatementTotals | undefined> {
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (!installed.rowCount) return undefined;
  const { rows } = await client.query<{ calls: string; total: number; rows: string }>(
    `SELECT coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(total_exec_time), 0)::float8 AS total, coalesce(sum(rows), 0)::bigint AS rows
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query LIKE $1`,
    [`SELECT * FROM "${schema}".%`],
  );
  const r = rows[0]!;
  return { calls: Number(r.calls), totalMillis: r.total, rows: Number(r.rows) };
}

export function totalsBetween(before: StatementTotals | undefined, after: StatementTotals | undefined): StatementTotals | undefined {
  if (!before || !after) return undefined;
  return { calls: after.calls - before.calls, totalMillis: after.totalMillis - before.totalMillis, rows: after.rows - before.rows };
}
