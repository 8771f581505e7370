import type pg from 'pg';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';
import { readOnly } from './read-only.js';

/**
 * The chunks Flink CDC's enumerator would cut a table into, found by running its own splitting
 * queries, read-only, and timed (JdbcSourceChunkSplitter, 3.x): the split column is the chunk key
 * column or the primary key's first column; an integer, bigint or numeric column (the connector's
 * BIGINT, INTEGER and DECIMAL; not smallint, real or double precision) whose keys are spread evenly
 * enough ((max − min + 1) / rows, rounded up to 4 decimals, between the connector's default bounds
 * 0.05 and 1000) is cut arithmetically after one MIN/MAX query; any other is walked one chunk at
 * a time, each boundary the last of the next chunk-size keys (and, when that equals the previous
 * boundary, the next distinct key: a composite key with few distinct leading values makes few,
 * large chunks). Only the key's index is read, never rows. This is a large table's chunk behaviour without reading it:
 * how many chunks, and the serial time the enumerator spends finding them.
 */
export interface ChunkProbe {
  /** schema.table as the connector reads it (a leaf partition for a partitioned table). */
  table: string;
  chunkSize: number;
  splitColumn: string;
  method: 'single' | 'even' | 'uneven';
  chunks: number;
  /** Boundary queries run. */
  queries: number;
  /** Wall time of those queries, one after another as the enumerator runs them. */
  millis: number;
  /** False when the time budget ran out: the chunks are then extrapolated from rows / chunk size. */
  complete: boolean;
}

export interface ProbeTarget {
  schema: string;
  name: string;
  column: { name: string; type: string };
  /** The statistics' row count (pg_class.reltuples), which the connector itself uses; 0 or less when the table has none. */
  rows: number;
  /** The best row figure known (a count or the planner's guess), for the chunks of a walk that ran out of time; `rows` when absent. */
  bestRows?: number;
}

const EVEN_LOWER = 0.05;
const EVEN_UPPER = 1000;
/** Split column types the connector cuts arithmetically (JdbcSourceChunkSplitter.isEvenlySplitColumn). */
const EVEN_SPLIT_TYPES = /^(integer|bigint|numeric)\b/;

/** Walks the split column's boundaries for at most `budgetMs`. */
export async function probeChunkBoundaries(client: pg.Client, t: ProbeTarget, chunkSize: number, budgetMs = 15_000): Promise<ChunkProbe> {
  const started = performance.now();
  const base = { table: qualifiedName(t), chunkSize, splitColumn: t.column.name };
  return readOnly(client, async (c) => {
    const from = `ONLY ${qualified(t.schema, t.name)}`;
    const k = ident(t.column.name);
    // The text is named v: ORDER BY would take an output column named like the key first, and sort text.
    const ends = await c.query<{ lo: string | null; hi: string | null }>(`SELECT (SELECT ${k}::text AS v FROM ${from} ORDER BY ${k} LIMIT 1) AS lo, (SELECT ${k}::text AS v FROM ${from} ORDER BY ${k} DESC LIMIT 1) AS hi`);
    const { lo, hi } = ends.rows[0]!;
    const elapsed = () => performance.now() - started;
    if (lo === null || hi === null || lo === hi) return { ...base, method: 'single', chunks: 1, queries: 1, millis: elapsed(), complete: true };
    // No statistics (0, or −1 before the first ANALYZE) make no even spread for the connector either.
    if (EVEN_SPLIT_TYPES.test(t.column.type) && t.rows > 0) {
      const factor = Math.ceil(((Number(hi) - Number(lo) + 1) * 10_000) / t.rows) / 10_000;
      if (factor >= EVEN_LOWER && factor <= EVEN_UPPER) {
        const step = Math.max(1, Math.trunc(factor * chunkSize));
        const chunks = t.rows <= chunkSize ? 1 : Math.floor((Number(hi) - Number(lo)) / step) + 1;
        return { ...base, method: 'even', chunks, queries: 1, millis: elapsed(), complete: true };
      }
    }
    const walked = await walk(c, from, k, t.column.type, lo, hi, chunkSize, () => elapsed() > budgetMs);
    const chunks = walked.complete ? walked.chunks : Math.max(walked.chunks, Math.ceil((t.bestRows ?? t.rows) / chunkSize));
    return { ...base, method: 'uneven', chunks, queries: walked.queries + 1, millis: elapsed(), complete: walked.complete };
  }, { statementTimeout: '120s' });
}

/** The connector's uneven splitting: next boundary = the last of the next chunk-size keys, or the next distinct key. */
async function walk(c: pg.Client, from: string, k: string, type: string, lo: string, hi: string, chunkSize: number, outOfTime: () => boolean) {
  let start = lo;
  let chunks = 0;
  let queries = 0;
  for (;;) {
    if (outOfTime()) return { chunks, queries, complete: false };
    queries++;
    let end = await one(c, `SELECT ${k}::text AS v FROM ${from} WHERE ${k} >= $1::${type} ORDER BY ${k} OFFSET ${chunkSize - 1} LIMIT 1`, start);
    if (end === start) {
      queries++;
      end = await one(c, `SELECT ${k}::text AS v FROM ${from} WHERE ${k} > $1::${type} ORDER BY ${k} LIMIT 1`, start);
    }
    // Fewer than chunk-size keys left, or the boundary reached the maximum: the last chunk is open-ended.
    if (end === null || end === hi) return { chunks: chunks + 1, queries, complete: true };
    chunks++;
    start = end;
  }
}

async function one(c: pg.Client, sql: string, value: string): Promise<string | null> {
  const { rows } = await c.query<{ v: string }>(sql, [value]);
  return rows[0]?.v ?? null;
}
