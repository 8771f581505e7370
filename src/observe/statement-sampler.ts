import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';

export interface StatementTotals {
  calls: number;
  totalMillis: number;
  rows: number;
}

/** What the connector ran against the job's captured tables, by purpose. */
export interface ConnectorQueries {
  /** Chunk reads: `SELECT * FROM "schema"."table"` with a key-range WHERE (or none for a one-chunk table). */
  chunkReads: StatementTotals;
  /** Chunk splitting: the enumerator's `SELECT MIN(…), MAX(…)` and next-chunk-boundary `SELECT MAX(…) … LIMIT n` queries. */
  splitQueries: StatementTotals;
  /** The splitting queries by the table they ran on (schema.table). */
  splitByTable: Map<string, StatementTotals>;
}

/** One pg_stat_statements entry, as read. */
export interface StatementRow {
  userid: number;
  dbid: number;
  queryid: string;
  /** PostgreSQL 14+: top-level or nested (the same queryid can have both entries). */
  toplevel?: boolean;
  query: string;
  calls: number;
  totalMillis: number;
  rows: number;
  /** PostgreSQL 17+: when this entry began counting (a reset or an eviction and re-creation moves it). */
  statsSince?: string;
}

/** Whose statements are the job's: the connector's role and database, on the job's captured tables. */
export interface StatementScope {
  userid: number;
  dbid: number;
  /** The tables the connector reads (leaf partitions, not their parents), with the column it splits them by. */
  tables: { schema: string; name: string; splitColumn?: string }[];
}

/** The job's own statements at one moment, with what tells a reset or an eviction (PostgreSQL 14+). */
export interface StatementSnapshot {
  rows: StatementRow[];
  /** pg_stat_statements_info.stats_reset: moves when every entry is reset. */
  statsReset?: string;
  /** pg_stat_statements_info.dealloc: entries evicted since the last reset. */
  dealloc?: number;
}

/** A snapshot, or why there is none (extension not installed, not loaded, not readable). */
export type StatementReading = StatementSnapshot | { unavailable: string };

/** The job's statement deltas, or why they are unknown: never a negative or silently smaller number. */
export type StatementDelta = { queries: ConnectorQueries } | { unknown: string };

/** The tables a job over `tables` reads, with their split column, for {@link StatementScope}. */
export function scopeTables(tables: readonly SourceTable[]): StatementScope['tables'] {
  return tables.flatMap((t) => {
    const splitColumn = t.key[0]?.name;
    const one = (name: string) => ({ schema: t.schema, name, ...(splitColumn !== undefined ? { splitColumn } : {}) });
    return t.partitions ? t.partitions.map(one) : [one(t.name)];
  });
}

/**
 * The connector's statements on the job's tables as pg_stat_statements counts them; the harness's own
 * reads are COPY statements and do not match. Sampling once a second cannot see 40 ms queries; the
 * statement statistics can, but only once a statement ends (a cursor still open is counted when it
 * closes). Read-only: when the extension is not installed in the database, there is nothing to read.
 *
 * Only the run's own queries count: entries of the role the connector connects as (the harness's
 * role: `current_user` here) in this database, whose text is one of the connector's shapes naming
 * exactly one of the job's captured tables, quoted as the connector writes it. pg_stat_statements
 * keeps no application name or session, so what remains indistinguishable is another session of the
 * same role in the same database running the connector's own statements on the same tables during
 * the job (a second cdc-sizer or Flink CDC job over the same tables as the same user): docs/model.md.
 */
export async function connectorStatements(client: pg.Client, tables: StatementScope['tables']): Promise<StatementReading> {
  try {
    const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    if (!installed.rowCount) return { unavailable: `pg_stat_statements is not installed in database ${(await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db}` };
    // pg_stat_statements reads shared memory at each call: not the per-transaction snapshot of the
    // cumulative statistics views (stats_fetch_consistency), so two readings in one session differ.
    const who = await client.query<{ userid: number; dbid: number }>(`SELECT (SELECT oid FROM pg_roles WHERE rolname = current_user)::int8 AS userid, (SELECT oid FROM pg_database WHERE datname = current_database())::int8 AS dbid`);
    const scope: StatementScope = { userid: Number(who.rows[0]!.userid), dbid: Number(who.rows[0]!.dbid), tables };
    const columns = new Set((await client.query<{ name: string }>(`SELECT attname AS name FROM pg_attribute WHERE attrelid = 'pg_stat_statements'::regclass AND attnum > 0 AND NOT attisdropped`)).rows.map((r) => r.name));
    const { rows } = await client.query<{ userid: string; dbid: string; queryid: string; toplevel: boolean | null; query: string; calls: string; total: number; rows: string; since: string | null }>(
      `SELECT userid::int8 AS userid, dbid::int8 AS dbid, queryid::text AS queryid, ${columns.has('toplevel') ? 'toplevel' : 'NULL::bool'} AS toplevel,
              query, calls::int8 AS calls, total_exec_time::float8 AS total, rows::int8 AS rows,
              ${columns.has('stats_since') ? 'stats_since::text' : 'NULL::text'} AS since
       FROM pg_stat_statements
       WHERE userid = $1 AND dbid = $2 AND (starts_with(query, 'SELECT * FROM ') OR starts_with(query, 'SELECT MIN(') OR starts_with(query, 'SELECT MAX('))`,
      [scope.userid, scope.dbid],
    );
    const info = await client.query<{ reset: string; dealloc: string }>(`SELECT stats_reset::text AS reset, dealloc::int8 AS dealloc FROM pg_stat_statements_info`).catch(() => undefined); // before PostgreSQL 14: no such view
    return {
      rows: ownStatements(
        rows.map((r) => ({ userid: Number(r.userid), dbid: Number(r.dbid), queryid: r.queryid, ...(r.toplevel !== null ? { toplevel: r.toplevel } : {}), query: r.query, calls: Number(r.calls), totalMillis: r.total, rows: Number(r.rows), ...(r.since !== null ? { statsSince: r.since } : {}) })),
        scope,
      ),
      ...(info?.rows[0] ? { statsReset: info.rows[0].reset, dealloc: Number(info.rows[0].dealloc) } : {}),
    };
  } catch (err) {
    // The extension cannot be read here (not preloaded: 55000; no privilege: 42501; …): the job's
    // times stand, its statement times are unknown. A lost connection is the harness's failure: thrown.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^(42|55|0A)/.test(code)) return { unavailable: `pg_stat_statements could not be read: ${(err as Error).message.split('\n')[0]}` };
    throw err;
  }
}

type Kind = 'chunk' | 'split';
type ScopeTable = StatementScope['tables'][number];

/** The scope's tables by their quoted name, built once per scope: every statement row looks one up. */
const quotedNames = new WeakMap<StatementScope['tables'], Map<string, ScopeTable>>();
function byQuotedName(tables: StatementScope['tables']): Map<string, ScopeTable> {
  let map = quotedNames.get(tables);
  if (!map) quotedNames.set(tables, (map = new Map(tables.map((t) => [qualified(t.schema, t.name), t]))));
  return map;
}

/** Which of the connector's statements a query text is, on one of the scope's tables; undefined for anything else. */
export function kindOf(query: string, tables: StatementScope['tables']): { kind: Kind; table: string } | undefined {
  const find = (quoted: string) => byQuotedName(tables).get(quoted);
  const chunk = /^SELECT \* FROM ("(?:[^"]|"")+"\."(?:[^"]|"")+")(?: |$)/.exec(query);
  if (chunk) {
    const t = find(chunk[1]!);
    return t ? { kind: 'chunk', table: qualifiedName(t) } : undefined;
  }
  if (!query.startsWith('SELECT MIN(') && !query.startsWith('SELECT MAX(')) return undefined;
  // The first table after FROM: the connector's next-boundary query reads its table in a subquery.
  const from = /FROM ("(?:[^"]|"")+"\."(?:[^"]|"")+")(?: |\)|$)/.exec(query);
  const t = from ? find(from[1]!) : undefined;
  // The connector's MIN/MAX name the column it splits by, quoted.
  if (!t || (t.splitColumn !== undefined && !query.includes(ident(t.splitColumn)))) return undefined;
  return { kind: 'split', table: qualifiedName(t) };
}

/**
 * The entries of the scope's role and database that are the connector's statements on its tables.
 * The connector sends its statements itself: a nested one (pg_stat_statements.track = all: the
 * SELECT inside the harness's own `COPY (SELECT * FROM …)`, or inside a function) is not its.
 */
export function ownStatements(rows: readonly StatementRow[], scope: StatementScope): StatementRow[] {
  return rows.filter((r) => r.userid === scope.userid && r.dbid === scope.dbid && r.toplevel !== false && kindOf(r.query, scope.tables) !== undefined);
}

const keyOf = (r: StatementRow) => `${r.userid}/${r.dbid}/${r.queryid}/${r.toplevel ?? ''}`;

/**
 * What the job ran between two snapshots of its statements. Unknown, with the reason, when the
 * statistics cannot tell: a reset (stats_reset moved, or an entry lost counts or began counting
 * anew), an eviction (dealloc grew: an entry of the job's may have been evicted and re-created with
 * part of its calls; or an entry present before is gone). Before PostgreSQL 14 there is no dealloc:
 * an entry created and evicted within the job cannot be seen (docs/model.md).
 */
export function queriesBetween(before: StatementReading, after: StatementReading, tables: StatementScope['tables']): StatementDelta {
  if ('unavailable' in before) return { unknown: before.unavailable };
  if ('unavailable' in after) return { unknown: after.unavailable };
  if (before.statsReset !== after.statsReset) return { unknown: `pg_stat_statements was reset during the job (stats_reset ${before.statsReset ?? 'unknown'} → ${after.statsReset ?? 'unknown'})` };
  if (before.dealloc !== undefined && after.dealloc !== undefined && after.dealloc > before.dealloc)
    return { unknown: `pg_stat_statements evicted ${after.dealloc - before.dealloc} entries during the job (pg_stat_statements.max is small for this server's statements), this job's may be among them` };
  const now = new Map(after.rows.map((r) => [keyOf(r), r] as const));
  for (const b of before.rows) {
    const a = now.get(keyOf(b));
    const what = `the entry of ${JSON.stringify(b.query.slice(0, 80))}`;
    if (!a) return { unknown: `${what} was evicted or reset during the job` };
    if (a.calls < b.calls || a.totalMillis < b.totalMillis || a.rows < b.rows || a.statsSince !== b.statsSince) return { unknown: `${what} was reset during the job (its counts began anew)` };
  }
  const was = new Map(before.rows.map((r) => [keyOf(r), r] as const));
  const zero = (): StatementTotals => ({ calls: 0, totalMillis: 0, rows: 0 });
  const out: ConnectorQueries = { chunkReads: zero(), splitQueries: zero(), splitByTable: new Map() };
  const add = (t: StatementTotals, a: StatementRow, b: StatementRow | undefined) => {
    t.calls += a.calls - (b?.calls ?? 0);
    t.totalMillis += a.totalMillis - (b?.totalMillis ?? 0);
    t.rows += a.rows - (b?.rows ?? 0);
  };
  for (const a of after.rows) {
    const k = kindOf(a.query, tables);
    if (!k) continue;
    const b = was.get(keyOf(a));
    if (k.kind === 'chunk') {
      add(out.chunkReads, a, b);
      continue;
    }
    add(out.splitQueries, a, b);
    if (!out.splitByTable.has(k.table)) out.splitByTable.set(k.table, zero());
    add(out.splitByTable.get(k.table)!, a, b);
  }
  return { queries: out };
}
