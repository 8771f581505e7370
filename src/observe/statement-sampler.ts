import type pg from 'pg';
import { ident } from '../sql/identifiers.js';

export interface StatementTotals {
  calls: number;
  totalMillis: number;
  rows: number;
}

/** What the connector ran against the measured schemas' tables, by purpose. */
export interface ConnectorQueries {
  /** Chunk reads: `SELECT * FROM "schema"."table"` with a key-range WHERE (or none for a one-chunk table). */
  chunkReads: StatementTotals;
  /** Chunk splitting: the enumerator's `SELECT MIN(…), MAX(…)` and next-chunk-boundary `SELECT MAX(…) … LIMIT n` queries. */
  splitQueries: StatementTotals;
  /** The splitting queries by the table they ran on (schema.table). */
  splitByTable: Map<string, StatementTotals>;
}

/**
 * The connector's statements as pg_stat_statements counts them; the harness's own reads are COPY
 * statements and do not match. Sampling once a second cannot see 40 ms queries; the statement
 * statistics can, but only once a statement ends (a cursor still open is counted when it closes).
 * Read-only: when the extension is not installed in the database, there is nothing to read.
 */
export async function connectorQueryTotals(client: pg.Client, schemas: string | readonly string[]): Promise<ConnectorQueries | undefined> {
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (!installed.rowCount) return undefined;
  const { rows } = await client.query<{ query: string; calls: string; total: number; rows: string }>(
    `SELECT query, calls::bigint AS calls, total_exec_time::float8 AS total, rows::bigint AS rows
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS s(name)
                   WHERE starts_with(query, 'SELECT * FROM ' || s.name || '.')
                      OR ((starts_with(query, 'SELECT MIN(') OR starts_with(query, 'SELECT MAX(')) AND strpos(query, 'FROM ' || s.name || '.') > 0))`,
    [[schemas].flat().map((s) => ident(s))],
  );
  const zero = (): StatementTotals => ({ calls: 0, totalMillis: 0, rows: 0 });
  const add = (t: StatementTotals, r: (typeof rows)[number]) => {
    t.calls += Number(r.calls);
    t.totalMillis += r.total;
    t.rows += Number(r.rows);
  };
  const out: ConnectorQueries = { chunkReads: zero(), splitQueries: zero(), splitByTable: new Map() };
  for (const r of rows) {
    if (r.query.startsWith('SELECT * FROM ')) {
      add(out.chunkReads, r);
      continue;
    }
    add(out.splitQueries, r);
    const table = tableOf(r.query);
    if (!table) continue;
    if (!out.splitByTable.has(table)) out.splitByTable.set(table, zero());
    add(out.splitByTable.get(table)!, r);
  }
  return out;
}

/** `"schema"."table"` after the first FROM, unquoted. */
export function tableOf(query: string): string | undefined {
  const m = /FROM "((?:[^"]|"")+)"\."((?:[^"]|"")+)"/.exec(query);
  return m ? `${m[1]!.replaceAll('""', '"')}.${m[2]!.replaceAll('""', '"')}` : undefined;
}

export function queriesBetween(before: ConnectorQueries | undefined, after: ConnectorQueries | undefined): ConnectorQueries | undefined {
  if (!before || !after) return undefined;
  const diff = (a: StatementTotals, b: StatementTotals) => ({ calls: b.calls - a.calls, totalMillis: b.totalMillis - a.totalMillis, rows: b.rows - a.rows });
  const splitByTable = new Map([...after.splitByTable].map(([t, a]) => [t, diff(before.splitByTable.get(t) ?? { calls: 0, totalMillis: 0, rows: 0 }, a)] as const));
  return { chunkReads: diff(before.chunkReads, after.chunkReads), splitQueries: diff(before.splitQueries, after.splitQueries), splitByTable };
}
