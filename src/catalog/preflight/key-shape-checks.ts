import type pg from 'pg';
import { readPrimaryKeys, type KeyColumn } from '../primary-keys.js';
import { scopeOids, type Check, type CheckContext } from './check.js';
import { countText, listText, plural } from './evidence-text.js';
import type { Finding } from './finding.js';
import { keySpread, parseBounds } from './key-spread.js';
import type { ScopedTable } from './scope.js';

const INTEGER = new Set(['int2', 'int4', 'int8']);
const TEXT = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);

interface KeyStats {
  nDistinct: number;
  bounds?: number[];
}

/** pg_stats of each table's leading key column (the connector's default chunk key). */
async function leadingColumnStats(client: pg.Client, keyed: { table: ScopedTable; key: KeyColumn[] }[]): Promise<Map<number, KeyStats>> {
  const { rows } = await client.query<{ oid: number; n_distinct: number; bounds: string | null }>(
    `SELECT w.oid, s.n_distinct::float8 AS n_distinct, s.histogram_bounds::text AS bounds
     FROM unnest($1::oid[], $2::text[]) AS w(oid, col)
     JOIN pg_class c ON c.oid = w.oid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = w.col AND s.inherited = (c.relkind = 'p')`,
    [keyed.map((k) => k.table.oid), keyed.map((k) => k.key[0]!.name)],
  );
  return new Map(rows.map((r) => [r.oid, { nDistinct: r.n_distinct, ...(r.bounds ? { bounds: parseBounds(r.bounds) } : {}) }]));
}

interface Keyed {
  table: ScopedTable;
  key: KeyColumn[];
  stats?: KeyStats;
}

const keyShapes: Check = {
  name: 'key-shapes',
  async run(ctx) {
    const keys = await readPrimaryKeys(ctx.client, scopeOids(ctx));
    const keyed = ctx.scope.tables.filter((t) => keys.has(t.oid)).map((table) => ({ table, key: keys.get(table.oid)! }));
    const stats = await leadingColumnStats(ctx.client, keyed);
    const all: Keyed[] = keyed.map((k) => ({ ...k, ...(stats.has(k.table.oid) ? { stats: stats.get(k.table.oid)! } : {}) }));
    return [...uuidKeys(all), ...textKeys(all), ...sparseKeys(all, ctx), ...compositeKeys(all, ctx), ...unanalyzed(ctx)];
  },
};

const leading = (k: Keyed) => k.key[0]!.baseType;
const keyText = (k: Keyed) => `${k.table.qualified} (${k.key.map((c) => c.name).join(', ')})`;

function uuidKeys(all: Keyed[]): Finding[] {
  const hit = all.filter((k) => leading(k) === 'uuid');
  if (hit.length === 0) return [];
  return [
    {
      id: 'uuid-key',
      severity: 'warning',
      title: `${plural(hit.length, 'table')} keyed by uuid`,
      evidence: `${listText(hit.map(keyText))}: a uuid key cannot be split into even ranges; some connector versions fail on min(uuid) (flink-cdc#3108), others find every chunk boundary with a query`,
      fix: 'measure it with your connector version before the cut-over (cdc-sizer run scenarios/pk-pathologies.yaml); or point scan.incremental.snapshot.chunk.key-column at an indexed NOT NULL integer column',
      tables: hit.map((k) => k.table.qualified),
    },
  ];
}

function textKeys(all: Keyed[]): Finding[] {
  const hit = all.filter((k) => TEXT.has(leading(k)));
  if (hit.length === 0) return [];
  return [
    {
      id: 'text-key',
      severity: 'warning',
      title: `${plural(hit.length, 'table')} keyed by text`,
      evidence: `${listText(hit.map(keyText))}: text keys are split by one boundary query per chunk, in collation order; shared prefixes and skew give uneven chunks`,
      fix: 'prefer an indexed NOT NULL integer column as scan.incremental.snapshot.chunk.key-column; otherwise expect the splitting phase to grow with the table (cdc-sizer run scenarios/pk-pathologies.yaml measures it)',
      tables: hit.map((k) => k.table.qualified),
    },
  ];
}

function sparseKeys(all: Keyed[], ctx: CheckContext): Finding[] {
  const lines: string[] = [];
  const tables: string[] = [];
  for (const k of all) {
    const rows = k.table.rows ?? 0;
    if (!INTEGER.has(leading(k)) || !k.stats?.bounds || rows <= ctx.chunkSize) continue;
    const s = keySpread(k.stats.bounds, rows, ctx.chunkSize);
    if (!s) continue;
    const range = `${k.table.qualified}.${k.key[0]!.name}: ≈${countText(rows)} rows over ${countText(s.min)}…${countText(s.max)} (${countText(s.factor)} values per row)`;
    if (!s.even && s.factor > 1) lines.push(`${range}, beyond the even-split bound: ${countText(s.chunks)} boundary queries`);
    else if (s.even && (s.thinChunks > s.chunks / 2 || s.largestChunkRows > 10 * ctx.chunkSize))
      lines.push(`${range}, clustered: ≈${countText(s.thinChunks)} of ${countText(s.chunks)} even chunks under a tenth of the chunk size, the largest ≈${countText(s.largestChunkRows)} rows`);
    else continue;
    tables.push(k.table.qualified);
  }
  if (tables.length === 0) return [];
  return [
    {
      id: 'sparse-key',
      severity: 'warning',
      title: `${plural(tables.length, 'table')} with a sparse or clustered integer key`,
      evidence: `${listText(lines, 3)} (from pg_stats histogram bounds and reltuples, chunk size ${countText(ctx.chunkSize)})`,
      fix: 'measure the splitting phase (cdc-sizer run scenarios/pk-pathologies.yaml has such keys); tune chunk-key.even-distribution.factor.upper-bound (and .lower-bound) or pick a denser chunk key column',
      tables,
    },
  ];
}

/** The connector cuts chunks on the first key column only: all rows sharing its value land in one chunk. */
function compositeKeys(all: Keyed[], ctx: CheckContext): Finding[] {
  const hit = all.filter((k) => k.key.length > 1);
  if (hit.length === 0) return [];
  const rowsPerValue = (k: Keyed): number | undefined => {
    const rows = k.table.rows;
    const nd = k.stats?.nDistinct;
    if (!rows || nd === undefined || nd === 0) return undefined;
    return rows / (nd > 0 ? nd : -nd * rows);
  };
  const lumpy = hit.filter((k) => (rowsPerValue(k) ?? 0) > ctx.chunkSize);
  const describe = (k: Keyed) => {
    const r = rowsPerValue(k);
    return `${keyText(k)}${r !== undefined ? `: ≈${countText(r)} rows per ${k.key[0]!.name}` : ''}`;
  };
  return [
    {
      id: 'composite-key',
      severity: lumpy.length > 0 ? 'warning' : 'info',
      title: `${plural(hit.length, 'table')} with a composite key${lumpy.length ? `, ${countText(lumpy.length)} with chunks larger than ${countText(ctx.chunkSize)} rows` : ''}`,
      evidence: `${listText((lumpy.length ? lumpy : hit).map(describe))}; chunks are cut on the first key column only`,
      fix: lumpy.length
        ? 'set scan.incremental.snapshot.chunk.key-column to a more selective key column, or expect a chunk to hold every row of one leading value (memory and time per chunk grow)'
        : 'nothing to do while the leading column is selective; a chunk holds at least every row sharing one leading value',
      tables: (lumpy.length ? lumpy : hit).map((k) => k.table.qualified),
    },
  ];
}

/** Key checks read statistics: say which tables have none rather than pass them silently. */
function unanalyzed(ctx: CheckContext): Finding[] {
  const hit = ctx.scope.tables.filter((t) => t.rows === undefined);
  if (hit.length === 0) return [];
  return [
    {
      id: 'no-statistics',
      severity: 'info',
      title: `${plural(hit.length, 'table')} never analyzed`,
      evidence: `${listText(hit.map((t) => t.qualified))}: no row estimate or key statistics, so key spread was not judged`,
      fix: 'ANALYZE them (cheap, reads a sample) and run preflight again',
      tables: hit.map((t) => t.qualified),
    },
  ];
}

export const keyShapeChecks: Check[] = [keyShapes];
