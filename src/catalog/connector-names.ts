import type pg from 'pg';
import { namePattern, type NamedTable } from './table-selection.js';

/*
 * Table names Flink CDC's PostgreSQL source cannot capture, whatever the harness passes it.
 *
 * The job hands the connector each table as a literal (see the job's TableName), but the connector
 * itself, in 3.4.0 and 3.5.0 alike, turns names back into text in two places:
 * - each snapshot chunk's reader sets Debezium's `table.include.list` to the chunk's table id as
 *   plain `schema.table` (PostgresSourceFetchTaskContext.configure). Debezium splits that list at
 *   commas and reads each entry as a case-insensitive regular expression over the whole
 *   `schema.table`; a name that, read so, does not match itself leaves the chunk's backfill
 *   publication empty ("No table filters found for filtered publication") or is not a valid
 *   expression;
 * - the enumerator parses a chunk's id (`schema.table:n`) back into a table id on every completed
 *   checkpoint (SnapshotSplit.extractTableId, TableId.parse), whose parser splits at blanks and reads
 *   a part that begins with a quote as quoted ("Unexpected input", "Invalid identifier").
 * A dot does not stop the capture: as an expression it matches itself (and look-alikes, see
 * overmatchedTables), and the misparsed id only names the enumerator's per-table metrics. Found by running every printable ASCII character (and Unicode
 * blanks) at the start, middle and end of a name through both code paths of both versions, and
 * confirmed by snapshot runs.
 */

/** Characters a regular expression reads as syntax; `]` and `}` alone stay literal in Java's. */
const REGEX_SYNTAX = /[\\^$|()[{*+?]/gu;
/**
 * What Java's Character.isWhitespace calls blank (no-break spaces are not), and the other C0
 * controls (Debezium trims them off the end of a filter entry; refused wherever they stand).
 */
const BLANK = /[\u0000-\u0020\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/u;

/** Why the connector cannot capture `schema.name`, or undefined when it can. */
export function uncapturableReason(schema: string, name: string): string | undefined {
  const id = `${schema}.${name}`;
  if (id.includes(',')) return 'its name holds a comma, where Flink CDC splits the table list of each chunk it reads';
  const blank = BLANK.exec(id);
  if (blank) return `its name holds ${blank[0] === ' ' ? 'a space' : `the blank or control character U+${blank[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`}, at which Flink CDC splits a chunk's table id when it reads it back`;
  const syntax = [...new Set(id.match(REGEX_SYNTAX) ?? [])];
  if (syntax.length > 0) return `its name holds ${syntax.map((c) => `"${c}"`).join(', ')}, which Flink CDC reads as a regular expression in the table list of each chunk it reads`;
  const piece = id.split('.').find((p) => p === '' || /^["'`]/u.test(p));
  if (piece !== undefined) return `${piece === '' ? 'a dot begins or ends a part of its name' : `a part of its name begins with ${piece[0]}`}, and Flink CDC cannot read a chunk's table id back`;
  return undefined;
}

export interface UncapturableTable {
  schema: string;
  name: string;
  /** The partitioned table it belongs to, when it is a partition (the connector reads partitions). */
  partitionOf?: { schema: string; name: string };
  reason: string;
}

/**
 * The tables among `oids` (ordinary or partitioned) the connector cannot capture by name; a
 * partitioned table is read as its leaf partitions (the harness passes those), so theirs are the
 * names that count.
 */
export async function uncapturableTables(client: pg.Client, oids: number[]): Promise<UncapturableTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; root_schema: string; root_name: string; is_root: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS name, rn.nspname AS root_schema, r.relname AS root_name, c.oid = r.oid AS is_root
     FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace
     CROSS JOIN LATERAL (SELECT r.oid AS relid WHERE r.relkind <> 'p' UNION ALL SELECT relid FROM pg_partition_tree(r.oid) WHERE isleaf AND level > 0) p
     JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE r.oid = ANY($1::oid[])
     ORDER BY rn.nspname, r.relname, c.oid <> r.oid, n.nspname, c.relname`,
    [oids],
  );
  const out: UncapturableTable[] = [];
  for (const r of rows) {
    const reason = uncapturableReason(r.schema, r.name);
    if (reason) out.push({ schema: r.schema, name: r.name, ...(r.is_root ? {} : { partitionOf: { schema: r.root_schema, name: r.root_name } }), reason });
  }
  return out;
}

/** `--exclude '…'` naming exactly these tables, quoted for a POSIX shell: the way out to print. */
export function excludeOption(tables: readonly NamedTable[]): string {
  const list = [...new Set(tables.map(namePattern))].join(',');
  return `--exclude ${/^[\w.*?$-]+$/u.test(list) ? list : `'${list.replace(/'/g, `'\\''`)}'`}`;
}

/** `public."a,b": its name holds a comma, …`: one table's refusal, naming the partitioned table it belongs to. */
export function uncapturableText(t: UncapturableTable): string {
  return `${namePattern(t)}${t.partitionOf ? ` (a partition of ${namePattern(t.partitionOf)})` : ''}: ${t.reason}`;
}

/** Java's `.` (no DOTALL): any code point but a line terminator. */
const LINE_END = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);
/** Java's CASE_INSENSITIVE without UNICODE_CASE folds US-ASCII letters only. */
const fold = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/**
 * Whether the filter the connector sets for a chunk of `table` (its `schema.table` read as a
 * case-insensitive expression) matches `other` too: a capturable name's only syntax is the dot.
 */
export function chunkFilterMatches(table: NamedTable, other: NamedTable): boolean {
  const p = [...`${table.schema}.${table.name}`].map((c) => c.codePointAt(0)!);
  const o = [...`${other.schema}.${other.name}`].map((c) => c.codePointAt(0)!);
  return p.length === o.length && p.every((c, i) => (c === 0x2e ? !LINE_END.has(o[i]!) : fold(c) === fold(o[i]!)));
}

export interface OvermatchedTable {
  /** A table whose chunks are read. */
  table: NamedTable;
  /** Other tables its chunk filter matches, which join the job's publication while those chunks are read. */
  alsoMatches: NamedTable[];
}

/**
 * The tables among `oids` (ordinary, or partitioned as their leaves) whose chunk filter also matches
 * another table of the schemas they are in (the connector's schema list is exact): measured right
 * when nothing writes, but the other table is published for the chunk's backfill and its changes
 * in that window are read. Seen in a run: public.orders brought public."ORDERS" into the publication.
 */
export async function overmatchedTables(client: pg.Client, oids: number[]): Promise<OvermatchedTable[]> {
  const { rows: read } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
     FROM pg_class r CROSS JOIN LATERAL (SELECT r.oid AS relid WHERE r.relkind <> 'p' UNION ALL SELECT relid FROM pg_partition_tree(r.oid) WHERE isleaf AND level > 0) p
     JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE r.oid = ANY($1::oid[]) ORDER BY 1, 2`,
    [oids],
  );
  const { rows: all } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`,
    [[...new Set(read.map((t) => t.schema))]],
  );
  return read
    .filter((t) => uncapturableReason(t.schema, t.name) === undefined)
    .map((t) => ({ table: t, alsoMatches: all.filter((o) => (o.schema !== t.schema || o.name !== t.name) && chunkFilterMatches(t, o)) }))
    .filter((x) => x.alsoMatches.length > 0);
}

/** `public.orders also brings in public."ORDERS"`: one over-matching table, for a warning. */
export function overmatchText(x: OvermatchedTable): string {
  return `${namePattern(x.table)} also brings in ${x.alsoMatches.map(namePattern).join(', ')}`;
}
