import type pg from 'pg';

export interface StatementTotals {
  calls: number;
  totalMillis: number;
  rows: number;
}

/** What the connector ran against the scenario's tables, by purpose. */
export interface ConnectorQueries {
  /** Chunk reads: `SELECT * FROM "schema"."table"` with a key-range WHERE (or none for a one-chunk table). */
  chunkReads: StatementTotals;
  /** Chunk splitting: the enumerator's `SELECT MIN(…), MAX(…)` and next-chunk-boundary `SELECT MAX(…) … LIMIT n` queries. */
  splitQueries: StatementTotals;
}

/**
 * The connector's statements as pg_stat_statements counts them; the harness's own reads are COPY
 * statements and do not match. Sampling once a second cannot see 40 ms queries; the statement
 * statistics can, but only once a statement ends (a cursor still open is counted when it closes).
 * Read-only: when the extension is not installed in the database, there is nothing to read.
 */
export async function connectorQueryTotals(client: pg.Client, schema: string): Promise<ConnectorQueries | undefined> {
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (!installed.rowCount) return undefined;
  const { rows } = await client.query<{ kind: 'read' | 'split'; calls: string; total: number; rows: string }>(
    `SELECT CASE WHEN starts_with(query, 'SELECT * FROM ') THEN 'read' ELSE 'split' END AS kind,
            coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(total_exec_time), 0)::float8 AS total, coalesce(sum(rows), 0)::bigint AS rows
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND (starts_with(query, $1) OR ((starts_with(query, 'SELECT MIN(') OR starts_with(query, 'SELECT MAX(')) AND strpos(query, $2) > 0))
     GROUP BY 1`,
    [`SELECT * FROM ${client.escapeIdentifier(schema)}.`, `FROM ${client.escapeIdentifier(schema)}.`],
  );
  const totals = (kind: 'read' | 'split'): StatementTotals => {
    const r = rows.find((x) => x.kind === kind);
    return r ? { calls: Number(r.calls), totalMillis: r.total, rows: Number(r.rows) } : { calls: 0, totalMillis: 0, rows: 0 };
  };
  return { chunkReads: totals('read'), splitQueries: totals('split') };
}

export function queriesBetween(before: ConnectorQueries | undefined, after: ConnectorQueries | undefined): ConnectorQueries | undefined {
  if (!before || !after) return undefined;
  const diff = (a: StatementTotals, b: StatementTotals) => ({ calls: b.calls - a.calls, totalMillis: b.totalMillis - a.totalMillis, rows: b.rows - a.rows });
  return { chunkReads: diff(before.chunkReads, after.chunkReads), splitQueries: diff(before.splitQueries, after.splitQueries) };
}
