import { tableChunks } from './workload.js';
import { MIN_WIDTH_RATIO } from './sample-costs.js';

/**
 * Which tables a sampled sizing measures with the connector. The capacity model needs evidence
 * for each of its terms: the per-chunk cost at every row width present (a full chunk of wide rows
 * costs more than one of narrow rows), full chunks as well as one-chunk tables (per-chunk against
 * per-byte cost), each key shape (splitting cost) and the type mixes (conversion cost). So the
 * selection's tables are classed along four dimensions and the measured tables are picked to
 * cover every class present, greedily, and so that the sample's chunks have the selection's mix
 * of row widths (the cost is taken per chunk, so a sample of wider rows would make every chunk
 * look dearer). The largest tables are never read whole (that is the
 * full run): their chunk behaviour is taken from the connector's own boundary queries, run by the
 * harness (see catalog/chunk-boundaries.ts).
 */
export type SampleSpec = { tables: number } | { percent: number };

export type TypeMix = 'plain' | 'json' | 'array' | 'special';

export interface SampleCandidate {
  /** schema.table (a partitioned table as its root, with its partitions' figures summed). */
  table: string;
  rows: number;
  /** Heap + TOAST: what a snapshot reads. */
  diskBytes: number;
  keyShape: string;
  typeMix: TypeMix;
  /** The connector's own chunk count, when its boundary queries were run on the table; rows / chunk size otherwise. */
  chunks?: number;
}

export type Dimension = 'size' | 'width' | 'key' | 'types';

/** A table read in part: its first `chunks` chunks, then the job is stopped. */
export interface PartialPlan {
  table: string;
  chunks: number;
}

export interface SampleClass {
  dimension: Dimension;
  value: string;
  /** Tables of the selection in this class. */
  tables: number;
  /** The measured table that stands for the class; null when the budget did not reach it. */
  measuredBy: string | null;
}

export interface SamplePlan {
  /** Tables the connector measures: the budget, and more when those fall short of `minChunks`. */
  measured: string[];
  /** Chunks the measured tables make at the plan's chunk size. */
  chunks: number;
  /** The fewest chunks the sample reads (see MIN_CHUNKS). */
  minChunks: number;
  /** Tables added so that both ends of the sample's chunk widths are read in several chunks, and the narrow end in NARROW_END_CHUNKS (see widthEnds). */
  addedForWidths: string[];
  /** The largest tables: their chunk boundaries are probed, not their rows read. */
  largest: string[];
  /** Unread tables that hold much of the selection's chunks or bytes, in chunks unlike the sample's: read in part, their first `chunks` (see partialReads). */
  partial: PartialPlan[];
  classes: SampleClass[];
}

/**
 * The fewest chunks a sample reads, so that it knows the per-chunk cost: at the connector's
 * defaults a chunk's cycle is about 0.6 or 1.1 s, half of each (coefficient of variation ≈ 0.28,
 * measured over 411 chunks), so the mean of k − 1 cycles is off by 0.28 / √(k − 1) by chance
 * alone: ±9 % from a sample of 11 chunks, ±6.4 % from 20. Tables are added past the budget until
 * the sample has them…
 */
const MIN_CHUNKS = 20;
/** …but never more than this share of the selection's chunks, which is about the sample's share of the full snapshot's time. */
const MIN_CHUNKS_SHARE = 0.05;
/** From this many chunks on, a table is "many chunks": full chunks dominate its cost. */
const MANY_CHUNKS = 10;
/** The largest tables hold at least this share of the selection's bytes… */
const LARGEST_SHARE = 0.5;
/** …but are at most this share of its tables (and at least one). */
const LARGEST_TABLES = 0.1;
// Size classes weigh more in the greedy cover: full chunks vs one-chunk tables is the costliest mistake.
const WEIGHT: Record<Dimension, number> = { size: 2, width: 1, key: 1, types: 1 };
/**
 * The table preferred within a class: a one-chunk table as small as any; a table of a few chunks
 * with about five, mostly full chunks (the large tables' chunks are full) for a few seconds of
 * reading.
 */
const cost = (t: { chunks: number }) => (t.chunks <= 1 ? 0 : Math.abs(t.chunks - 5));

export function widthClass(bytesPerRow: number): string {
  if (bytesPerRow < 120) return 'narrow';
  return bytesPerRow < 1000 ? 'medium' : 'wide';
}

function sizeClass(chunks: number): string {
  if (chunks <= 1) return 'one-chunk';
  return chunks < MANY_CHUNKS ? 'few-chunks' : 'many-chunks';
}

interface Classed extends SampleCandidate {
  chunks: number;
  classes: Record<Dimension, string>;
}

/** A table's class in each dimension (a largest table's size class is "many-chunks" here: planSample names it apart). */
export function tableClasses(c: SampleCandidate, chunkSize: number): Record<Dimension, string> {
  return { size: sizeClass(tableChunks(c, chunkSize)), width: widthClass(c.rows > 0 ? c.diskBytes / c.rows : 0), key: c.keyShape, types: c.typeMix };
}

function classify(c: SampleCandidate, chunkSize: number): Classed {
  return { ...c, chunks: tableChunks(c, chunkSize), classes: tableClasses(c, chunkSize) };
}

/** How many tables a spec asks for out of `selected`: N as given, P% rounded, at least one. */
export function sampleBudget(spec: SampleSpec, selected: number): number {
  const n = 'tables' in spec ? spec.tables : Math.round((spec.percent / 100) * selected);
  return Math.max(1, Math.min(selected, n));
}

/** Biggest first, by bytes, then name: deterministic. */
const bySize = (a: Classed, b: Classed) => b.diskBytes - a.diskBytes || a.table.localeCompare(b.table);

/**
 * The tables the sample does not read: those holding half the bytes (at most 10 % of the tables,
 * at least the largest one), and every table of many chunks, whose cost is its full chunks, which
 * a table of a few chunks shows at a fraction of the time.
 */
export function largestTables(candidates: readonly SampleCandidate[], chunkSize: number): string[] {
  const many = candidates.filter((c) => tableChunks(c, chunkSize) >= MANY_CHUNKS).map((c) => c.table);
  return [...new Set([...heaviest(candidates), ...many])];
}

function heaviest(candidates: readonly SampleCandidate[]): string[] {
  const sorted = [...candidates].sort((a, b) => b.diskBytes - a.diskBytes || a.table.localeCompare(b.table));
  const total = sorted.reduce((a, t) => a + t.diskBytes, 0);
  const cap = Math.max(1, Math.floor(sorted.length * LARGEST_TABLES));
  const out: string[] = [];
  let bytes = 0;
  for (const t of sorted) {
    if (out.length >= cap || (out.length > 0 && bytes >= total * LARGEST_SHARE)) break;
    out.push(t.table);
    bytes += t.diskBytes;
  }
  return out;
}

export function planSample(candidates: readonly SampleCandidate[], spec: SampleSpec, chunkSize: number): SamplePlan {
  const all = candidates.map((c) => classify(c, chunkSize)).sort(bySize);
  const largest = largestTables(all, chunkSize);
  // A selection of only large tables still needs some read: some of them then.
  const pool = all.length > largest.length ? all.filter((t) => !largest.includes(t.table)) : all;
  const budget = Math.min(sampleBudget(spec, all.length), pool.length);
  const minChunks = Math.min(MIN_CHUNKS, Math.round(MIN_CHUNKS_SHARE * all.reduce((a, t) => a + t.chunks, 0)));
  const picked = pick(pool, all, budget, minChunks);
  const measured = widthEnds(pool, picked);
  return { measured: measured.map((t) => t.table), chunks: measured.reduce((a, t) => a + t.chunks, 0), minChunks, addedForWidths: measured.slice(picked.length).map((t) => t.table), largest, partial: partialReads(all, measured), classes: classesOf(all, largest, measured) };
}

/** A table the sample does not read is read in part when it holds this share of the selection's chunks or of its bytes, or more… */
export const PARTIAL_SHARE = 0.25;
/**
 * …its first this many chunks (about as many cycles: one reader reads them one after another):
 * the first ten of a job's cycles run dearer (docs/model.md, "A job's first cycles"), and the
 * ten after them are what a full snapshot's chunks mostly cost…
 */
export const PARTIAL_CHUNKS = 20;
/**
 * …or as many as this many bytes hold, and at least PARTIAL_MIN_CHUNKS: a wide chunk's cycle is
 * mostly its bytes, which its first cycles measure as well as later ones (the first cycles' premium,
 * ≈ 0.3 s, is a small part of a cycle of seconds), and twenty 100 MB chunks would cost a minute…
 */
const PARTIAL_BYTES = 256e6;
const PARTIAL_MIN_CHUNKS = 5;
/** …and at most this many such tables, the ones of the largest share. */
const PARTIAL_TABLES = 2;

/**
 * The tables read in part: where a table the sample may not read whole holds a large share of the
 * chunks or bytes, its chunks are much of what the estimate costs, and costing them as the
 * sample's read a different kind of chunk (support-desk at 4×: 401 of 578 chunks in a narrow audit
 * table, costed from small tables whose chunks held twice its rows, +42 %; scan-archive at 4×:
 * every wide table among the largest, so the sample read only narrow chunks and costed 100 MB
 * ones as 0.6 MB ones). Its first chunks cost seconds; its cycles (after a job's first ten when
 * there are enough) cost its chunks in the estimate (estimate.ts), its first ten join the
 * sample's, mostly first cycles too, in the per-GB line (sample-costs.ts).
 *
 * Only a table whose chunks are narrower or wider than every sampled table's full chunks: between
 * them the per-GB line interpolates measured cycles, and a partial read took 10–33 s in the bench runs, which on a
 * database of minutes is the sampled sizing's share over again (crm, 484 kB chunks between the
 * sample's 415 kB and 1.6 MB: −0.5 / −3.9 % read in part, +1.0 / −2.5 % costed by the line).
 */
function partialReads(all: readonly Classed[], measured: readonly Classed[]): PartialPlan[] {
  const chunks = all.reduce((a, t) => a + t.chunks, 0);
  const bytes = all.reduce((a, t) => a + t.diskBytes, 0);
  const share = (t: Classed) => Math.max(t.chunks / Math.max(1, chunks), t.diskBytes / Math.max(1, bytes));
  const read = new Set(measured.map((t) => t.table));
  const [narrowest, widest] = fullChunkWidths(measured);
  return all
    .filter((t) => !read.has(t.table) && share(t) >= PARTIAL_SHARE && t.chunks > partialChunks(t))
    .filter((t) => !(chunkWidth(t) >= narrowest && chunkWidth(t) <= widest))
    .sort((a, b) => share(b) - share(a) || a.table.localeCompare(b.table))
    .slice(0, PARTIAL_TABLES)
    .map((t) => ({ table: t.table, chunks: partialChunks(t) }));
}

const chunkWidth = (t: Classed) => t.diskBytes / t.chunks;

/** How many of a table's first chunks a partial read reads: PARTIAL_CHUNKS, fewer for wide chunks. */
const partialChunks = (t: Classed) => Math.max(PARTIAL_MIN_CHUNKS, Math.min(PARTIAL_CHUNKS, Math.floor(PARTIAL_BYTES / chunkWidth(t))));

/**
 * The bytes per chunk of the sampled tables of two chunks or more: full chunks, as a large table's
 * are (a table of one chunk holds fewer rows, narrower by its size, not by its rows). Empty
 * (+∞, −∞) when the sample reads none.
 */
function fullChunkWidths(measured: readonly Classed[]): [number, number] {
  const widths = measured.filter((t) => t.chunks >= 2).map(chunkWidth);
  return [Math.min(...widths), Math.max(...widths)];
}

const classKey = (d: Dimension, v: string) => `${d}=${v}`;
const keysOf = (t: Classed, size = true) => (Object.keys(t.classes) as Dimension[]).filter((d) => size || d !== 'size').map((d) => classKey(d, t.classes[d]));

/**
 * Greedy: each pick covers the most classes not yet stood for (size classes weigh double); among
 * equals, and once every class is covered, the pick that brings the sample's chunks closest to the
 * selection's mix of row widths (chunk-weighted: a sample of wider rows than the selection makes
 * every chunk look dearer, since its cost is taken per chunk), then the preferred table, then the name.
 * Past the budget, picks made to reach `minChunks` take tables of full chunks first (the chunks
 * that dominate a full snapshot are the large tables' full ones) and overshoot it little.
 */
interface Scored {
  t: Classed;
  gain: number;
  off: number;
  cost: number;
}

function pick(pool: Classed[], all: Classed[], budget: number, minChunks: number): Classed[] {
  const largest = new Set(all.filter((t) => !pool.includes(t)).map((t) => t.table));
  const open = new Set(all.flatMap((t) => keysOf(t, !largest.has(t.table))));
  const target = widthMix(all);
  const picked: Classed[] = [];
  const chosen = new Set<Classed>();
  // The sample's chunks per width, kept as it grows: scoring a candidate is then a few additions.
  const chunks = new Map<string, number>();
  let total = 0;
  const gain = (t: Classed) => (Object.keys(t.classes) as Dimension[]).reduce((a, d) => a + (open.has(classKey(d, t.classes[d])) ? WEIGHT[d] : 0), 0);
  const widths = [...target.keys()];
  const off = (t: Classed) => {
    const n = total + t.chunks;
    const d = widths.reduce((acc, w) => acc + Math.abs(((chunks.get(w) ?? 0) + (w === t.classes.width ? t.chunks : 0)) / n - target.get(w)!), 0);
    // In twentieths: near-equal mixes leave the choice to the preferred table.
    return Math.round(d * 20);
  };
  const better = (a: Scored, b: Scored) => b.gain - a.gain || a.off - b.off || a.cost - b.cost || a.t.table.localeCompare(b.t.table);
  // Reaching the floor: tables of full chunks, the classes still open, then the table of about
  // five chunks that least overshoots what is missing (each chunk costs the run a second or two),
  // then the width mix.
  const fits = (t: Classed) => Math.abs(Math.min(t.chunks, minChunks - total) - Math.min(minChunks - total, 5)) + 2 * Math.max(0, t.chunks - (minChunks - total));
  const fuller = (a: Scored, b: Scored) => Number(b.t.chunks > 1) - Number(a.t.chunks > 1) || b.gain - a.gain || fits(a.t) - fits(b.t) || a.off - b.off || a.t.table.localeCompare(b.t.table);
  while (picked.length < budget || total < minChunks) {
    const order = picked.length < budget ? better : fuller;
    let top: Scored | undefined;
    for (const t of pool) {
      if (chosen.has(t)) continue;
      const x = { t, gain: gain(t), off: off(t), cost: cost(t) };
      if (!top || order(x, top) < 0) top = x;
    }
    const best = top?.t;
    if (!best) break;
    picked.push(best);
    chosen.add(best);
    chunks.set(best.classes.width, (chunks.get(best.classes.width) ?? 0) + best.chunks);
    total += best.chunks;
    keysOf(best).forEach((k) => open.delete(k));
  }
  return picked;
}

/** A chunk's bytes are fitted over tables whose chunks differ MIN_WIDTH_RATIO× (model/sample-costs.ts), each read in this many chunks: at least two cycles of it even when one chunk is a reader's first, which counts none. */
const WIDTH_END_CHUNKS = 3;

/**
 * The narrow end's chunks when the widths are fitted. The per-chunk cost is the measured cycle less
 * the per-GB cost at the sample's mean width, and it is what every chunk of the catalog pays: on
 * scan-archive the sample's 3 narrow chunks cycled at 1.32 s in one run and 0.71 s in the next,
 * against 0.70 s over the full snapshot's 74, and the estimate erred by +32 % and +18 %. Narrow
 * chunks cost the sample well under a second each; ten of them give ≈ 17 cycles over p = 1 and
 * p = 2 (≈ 9 % by chance, cycle CV 0.37 / √17) and pull the sample's mean width, on which a wrong
 * per-GB cost tilts the per-chunk cost, towards the narrow end.
 */
const NARROW_END_CHUNKS = 10;

/**
 * When the sample's chunks differ MIN_WIDTH_RATIO× or more in bytes, a chunk's cost has a per-byte part
 * that only cycles at both ends can tell (sample-costs.ts chunkBytesCost); a one-chunk table at
 * one end gives no cycle or one. So each end gets a table of WIDTH_END_CHUNKS chunks or more: the
 * narrow end any table MIN_WIDTH_RATIO× narrower than the widest, the wide end any MIN_WIDTH_RATIO× wider
 * than the narrowest, the fewest chunks first. Then narrow-end tables are added until that end has
 * NARROW_END_CHUNKS chunks (narrowEnd). Without a table of several chunks at both ends in the pool,
 * nothing is added and the estimate says the per-GB cost could not be measured.
 */
function widthEnds(pool: readonly Classed[], measured: Classed[]): Classed[] {
  const x = (t: Classed) => t.diskBytes / Math.max(1, t.chunks);
  const xs = measured.map(x);
  const [narrow, wide] = [Math.min(...xs), Math.max(...xs)];
  if (measured.length < 2 || wide < MIN_WIDTH_RATIO * narrow) return measured;
  const ends = [(t: Classed) => x(t) * MIN_WIDTH_RATIO <= wide, (t: Classed) => x(t) >= MIN_WIDTH_RATIO * narrow];
  const enough = (t: Classed) => t.chunks >= WIDTH_END_CHUNKS;
  const added = ends.map((atEnd) => (measured.some((t) => atEnd(t) && enough(t)) ? null : pool.filter((t) => !measured.includes(t) && atEnd(t) && enough(t)).sort((a, b) => a.chunks - b.chunks || a.table.localeCompare(b.table))[0]));
  // One end alone tells nothing: read more only when both ends can be.
  if (added.some((t) => t === undefined)) return measured;
  const extra = added.filter((t): t is Classed => t !== null && t !== undefined);
  const withEnds = [...measured, ...extra.filter((t, i) => extra.indexOf(t) === i)];
  // The narrow end proper: rows within MIN_WIDTH_RATIO of the sample's narrowest (per row: a one-chunk
  // table's chunk is partial), not every table MIN_WIDTH_RATIO× narrower than the widest (4 kB rows beside 14 kB ones).
  const perRow = (t: Classed) => t.diskBytes / Math.max(1, t.rows);
  const narrowRows = Math.min(...measured.map(perRow));
  return [...withEnds, ...narrowEnd(pool, withEnds, (t) => ends[0]!(t) && perRow(t) <= MIN_WIDTH_RATIO * narrowRows)];
}

/** Narrow-end tables not yet read, until that end has NARROW_END_CHUNKS chunks: each time the largest that does not overshoot, else the smallest. */
function narrowEnd(pool: readonly Classed[], measured: readonly Classed[], atEnd: (t: Classed) => boolean): Classed[] {
  const left = pool.filter((t) => !measured.includes(t) && atEnd(t));
  const out: Classed[] = [];
  let need = NARROW_END_CHUNKS - measured.filter(atEnd).reduce((a, t) => a + t.chunks, 0);
  while (need > 0 && left.length > 0) {
    const fitting = left.filter((t) => t.chunks <= need).sort((a, b) => b.chunks - a.chunks || a.table.localeCompare(b.table));
    const next = fitting[0] ?? [...left].sort((a, b) => a.chunks - b.chunks || a.table.localeCompare(b.table))[0]!;
    out.push(next);
    left.splice(left.indexOf(next), 1);
    need -= next.chunks;
  }
  return out;
}

/** Each width class's share of the tables' chunks. */
function widthMix(tables: readonly Classed[]): Map<string, number> {
  const total = tables.reduce((a, t) => a + t.chunks, 0);
  const out = new Map<string, number>();
  for (const t of tables) out.set(t.classes.width, (out.get(t.classes.width) ?? 0) + t.chunks / Math.max(1, total));
  return out;
}

function classesOf(all: Classed[], largest: string[], measured: Classed[]): SampleClass[] {
  const out = new Map<string, SampleClass>();
  for (const t of all) {
    for (const d of Object.keys(t.classes) as Dimension[]) {
      const value = d === 'size' && largest.includes(t.table) ? 'largest (chunk boundaries probed)' : t.classes[d];
      const k = classKey(d, value);
      const c = out.get(k) ?? { dimension: d, value, tables: 0, measuredBy: measured.find((m) => m.classes[d] === value)?.table ?? null };
      c.tables++;
      out.set(k, c);
    }
  }
  return [...out.values()];
}
