/**
 * How an integer key splits into chunks, estimated from the planner's statistics only (the
 * histogram bounds of pg_stats), never by reading the table.
 *
 * The connector splits an integer key evenly when (max − min + 1) / rows lies within
 * [0.05, 1000] (its even-distribution factor bounds): chunks are key ranges of
 * chunkSize × factor values each. Outside those bounds it finds every boundary with a query.
 * Even ranges over clustered ids give thin or empty chunks where ids are sparse and huge ones where dense.
 */

export const EVEN_FACTOR_LOWER = 0.05;
export const EVEN_FACTOR_UPPER = 1000;

export interface KeySpread {
  min: number;
  max: number;
  /** Key values per row: (max − min + 1) / rows. */
  factor: number;
  /** Whether the connector would cut even key ranges (else one boundary query per chunk). */
  even: boolean;
  /** Estimated chunks; for even splitting, how many are thin (under a tenth of the chunk size, yet each costs a whole chunk cycle) and the largest's rows. */
  chunks: number;
  thinChunks: number;
  largestChunkRows: number;
}

/** `bounds`: pg_stats.histogram_bounds of the key column (equi-depth: each bucket holds the same rows). */
export function keySpread(bounds: readonly number[], rows: number, chunkSize: number): KeySpread | undefined {
  const sorted = [...bounds].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < 2 || rows <= 0) return undefined;
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const span = max - min + 1;
  const factor = span / rows;
  const even = factor >= EVEN_FACTOR_LOWER && factor <= EVEN_FACTOR_UPPER;
  if (!even) return { min, max, factor, even, chunks: Math.ceil(rows / chunkSize), thinChunks: 0, largestChunkRows: chunkSize };
  const step = Math.max(chunkSize * factor, 1);
  const chunks = Math.ceil(span / step);
  const perBucket = rows / (sorted.length - 1);
  // Rows per chunk, by chunk index; a chunk wholly inside one bucket gets that bucket's density.
  const edges = new Map<number, number>();
  const thin = chunkSize / 10;
  let inner = { thin: 0, largest: 0 };
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]! - min;
    // Buckets share their bounds; only the last one includes its upper bound.
    const hi = sorted[i + 1]! - min + (i + 2 === sorted.length ? 1 : 0);
    const density = perBucket / Math.max(hi - lo, 1);
    const first = Math.floor(lo / step);
    const last = Math.max(first, Math.min(Math.floor((hi - 1) / step), chunks - 1));
    for (const j of first === last ? [first] : [first, last]) {
      const overlap = Math.min(hi, (j + 1) * step) - Math.max(lo, j * step);
      edges.set(j, (edges.get(j) ?? 0) + density * overlap);
    }
    const whole = Math.max(last - first - 1, 0);
    if (whole > 0) inner = { thin: inner.thin + (density * step < thin ? whole : 0), largest: Math.max(inner.largest, density * step) };
  }
  const edgeRows = [...edges.values()];
  return {
    min,
    max,
    factor,
    even,
    chunks,
    thinChunks: inner.thin + edgeRows.filter((r) => r < thin).length,
    largestChunkRows: Math.max(inner.largest, ...edgeRows),
  };
}

/** `{1,5,9}` (pg_stats arrays cast to text) → numbers; undefined for non-numeric bounds. */
export function parseBounds(text: string | null): number[] | undefined {
  if (!text) return undefined;
  const values = text.replace(/^\{|\}$/g, '').split(',').map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}
