import { calibrationSamples, type CalibrationSample } from './calibration-samples.js';
import { nonNegativeLeastSquares } from './least-squares.js';
import type { RunResult } from './run-result.js';
import { median, sumIfEvery } from './statistics.js';
import { MIN_JOB_CYCLES } from './capacity-model.js';

/** One job's chunks at its readers' cadence. */
export interface JobCadence {
  parallelism: number;
  /** Chunk cycles between its readers' first and last records: chunks − readers. */
  cycles: number;
  /** The readers' first-to-last spans, summed: reader-seconds spent on those cycles. */
  readerSeconds: number;
  /** The job was the first on its local Flink JVM (absent: not known, e.g. a remote cluster). */
  coldJvm?: boolean;
  /** Of its cycles, those among each reader's first ten (run-result.ts); absent from jobs before the sink counted them. */
  earlyCycles?: number;
}

export interface SampleCosts {
  perTableSeconds: number;
  /**
   * The readers' start-up inside the job's reading time: the job running to its first record and
   * its last record to the job's end. Paid once a job, whatever its size, so it belongs with the
   * fixed start-up, not spread over the sample's few chunks.
   */
  startSeconds: number;
  /** Every job's cadence: the per-chunk cost and the scaling law are fitted on these (capacity-model.ts). */
  cadence: JobCadence[];
  /** How much one chunk's cycle varies (standard deviation over mean), pooled over the readers; absent when no reader paused twice. */
  cycleCv?: number;
  /** What a chunk's on-disk bytes add to its cycle; absent when the sampled tables' sizes are unknown. */
  chunkBytes?: ChunkBytesCost;
}

/** A table read in part (run-sample.ts, readPartially): its first chunks' cycles at p = 1, in a job of its own. */
export interface PartialCycles {
  table: string;
  cycles: number;
  cycleSeconds: number;
  /** Of the cycles, the job's first ten, and their seconds (absent: not counted). */
  earlyCycles?: number;
  earlyCycleSeconds?: number;
}

/**
 * What a chunk of a table read in part costs once past a job's first ten cycles, which is nearly
 * every cycle of a full snapshot: the mean of its later cycles when there are MIN_JOB_CYCLES of
 * them (`after`), else the mean of all its cycles, dearer.
 */
export function steadyCycle(p: PartialCycles): { seconds: number; cycles: number; after: boolean } {
  const later = p.cycles - (p.earlyCycles ?? p.cycles);
  if (p.earlyCycleSeconds !== undefined && later >= MIN_JOB_CYCLES) return { seconds: (p.cycleSeconds - p.earlyCycleSeconds) / later, cycles: later, after: true };
  return { seconds: p.cycleSeconds / p.cycles, cycles: p.cycles, after: false };
}

/** Its first cycles, as the sample's jobs are mostly first cycles too: what joins the per-GB line. */
function firstCyclesOf(p: PartialCycles): { table: string; cycles: number; seconds: number } {
  return p.earlyCycles !== undefined && p.earlyCycleSeconds !== undefined && p.earlyCycles > 0 ? { table: p.table, cycles: p.earlyCycles, seconds: p.earlyCycleSeconds } : { table: p.table, cycles: p.cycles, seconds: p.cycleSeconds };
}

/** A sampled table as the catalog has it: its on-disk bytes (heap and TOAST) and the chunks the connector cuts it into. */
export interface SampledTableSize {
  diskBytes: number;
  chunks: number;
}

/**
 * What a chunk's on-disk bytes add to its cycle: cycle ≈ a0 + perGbSeconds · GB of the chunk. The
 * readers' cadence is measured at the sample's own mix of chunks, so that mix is kept beside it.
 */
export interface ChunkBytesCost {
  /** Mean on-disk GB of the sample's chunks, each weighted by the cycles it was read in (by chunks when the sink did not count cycles per table). */
  sampleGbPerChunk: number;
  /** Seconds a p = 1 cycle gains per on-disk GB of its chunk, ≥ 0; absent when the sample could not tell it (`unfitted` says why). */
  perGbSeconds?: number;
  /** The sample's tables with at least MIN_TABLE_CYCLES cycles and their range of GB per chunk: what the fit stood on. */
  tables: number;
  /** Of those, the tables read in part (absent: none). */
  partialTables?: string[];
  gbPerChunk: [number, number];
  unfitted?: string;
}

/**
 * What a sampled run measures directly, so that the fit (capacity-model.ts) has only the scaling
 * law left to judge. A sample is too small for the joint fit to tell the per-table cost apart: two
 * parallelisms over a handful of tables, and contention, serial per-table work and per-chunk work
 * all explain the same two times. What is measured is the per-table serial work the model means,
 * the enumerator's splitting queries on the server; so a table costs its measured splitting.
 *
 * The chunks' cost is read off the records' cadence at the sink, per reader: a reader that read
 * k chunks put k − 1 cycles between its first record and its last, so a job's cycles are its
 * chunks less its readers, and their cost is the readers' spans added up. That leaves out the
 * job's start-up (≈ 2.5 s before the first record, which over a sample's 11 chunks made each
 * look 25 % dearer) and a reader's idle end once the chunks ran out (two readers of 11 unequal
 * chunks rarely finish together), neither of which a full snapshot's chunks pay. The start-up is
 * counted as fixed instead: the p = 1 jobs' reading time less their records' span, stretched by
 * c / (c − 1) to cover the first chunk's cycle.
 *
 * A chunk's bytes enter its cost when `sizes` (the sampled tables' on-disk bytes and chunks, from
 * the catalog) are given: see chunkBytesCost.
 *
 * Undefined when a p = 1 job is missing at the chunk size, or a job has no per-reader records (a
 * result from before the sink kept them): the joint fit takes over.
 */
export function sampleCosts(results: readonly RunResult[], sourceOptions: Record<string, string>, chunkSize: number, sizes?: ReadonlyMap<string, SampledTableSize>, partial: readonly PartialCycles[] = []): SampleCosts | undefined {
  const all = calibrationSamples(results, sourceOptions).filter((s) => s.chunkSize === chunkSize);
  if (all.some((s) => s.readers === undefined)) return undefined;
  // A job with no more chunks than readers put no cycle between any reader's first record and last.
  const jobs = all.map((s) => ({ s, readers: s.readers!.length, readerSeconds: s.readers!.reduce((a, r) => a + r.spanSeconds, 0) })).filter((j) => j.s.chunks > j.readers);
  const serial = jobs.filter((j) => j.s.parallelism === 1);
  // A job whose splitting the statement statistics could not tell is left out of the per-table cost (estimate lists it).
  const split = serial.filter((j) => j.s.splitSeconds !== undefined);
  if (split.length === 0) return undefined;
  const cv = cycleCv(jobs.map((j) => j.s));
  const bytes = sizes !== undefined && sizes.size > 0 ? chunkBytesCost(jobs.map((j) => j.s), sizes, partial) : undefined;
  return {
    perTableSeconds: median(split.map((j) => j.s.splitSeconds! / Math.max(1, j.s.tables))),
    startSeconds: median(serial.map((j) => Math.max(0, j.s.readSeconds - (j.readerSeconds * j.s.chunks) / (j.s.chunks - 1)))),
    cadence: jobs.map((j): JobCadence => ({ parallelism: j.s.parallelism, cycles: j.s.chunks - j.readers, readerSeconds: j.readerSeconds, ...(j.s.coldJvm !== undefined ? { coldJvm: j.s.coldJvm } : {}), ...earlyOf(j.s) })),
    ...(cv !== undefined ? { cycleCv: cv } : {}),
    ...(bytes !== undefined ? { chunkBytes: bytes } : {}),
  };
}

/** The job's cycles among each reader's first ten, when every reader counted them. */
function earlyOf(s: CalibrationSample): { earlyCycles?: number } {
  const early = sumIfEvery(s.readers ?? [], (r) => r.earlyCycles);
  return early !== undefined ? { earlyCycles: early } : {};
}

/** A table's mean cycle is judged on at least this many of its cycles (one says nothing of its spread). */
const MIN_TABLE_CYCLES = 2;
/** The sample's chunks must differ this much in bytes for their cycles to tell a per-GB cost from a per-chunk one. */
export const MIN_WIDTH_RATIO = 3;

/**
 * Fits mean cycle = a0 + β · GB per chunk over the sampled tables by least squares weighted by
 * each table's cycles, a0 and β ≥ 0. On wide-toast a sample that read only 115 MB chunks cycled at
 * 2.46 s while the full snapshot's chunks averaged 1.35 s: a per-chunk cost alone carried the
 * sample's width to every chunk (+63 % at p = 1). The jobs are pooled on p = 1's scale: each
 * table's cycles in a job at p are divided by that parallelism's slowdown over p = 1 on the same
 * tables (contention), which holds contention out of the widths. β is only fitted when the
 * widest table's chunks are at least MIN_WIDTH_RATIO× the narrowest's: over alike widths the
 * slope is chance. Tables read in part (`partial`: a large table's first chunks, in a job of its
 * own at p = 1) join the line, not the sample's mix: the readers' cadence was not measured on them.
 */
export function chunkBytesCost(jobs: readonly CalibrationSample[], sizes: ReadonlyMap<string, SampledTableSize>, partial: readonly PartialCycles[] = []): ChunkBytesCost {
  const gbPerChunk = (t: SampledTableSize) => t.diskBytes / 1e9 / Math.max(1, t.chunks);
  const measured = (rows: readonly { table: string; cycles: number; seconds: number }[]) => rows.filter((t) => sizes.has(t.table) && t.cycles > 0).map((t) => ({ ...t, x: gbPerChunk(sizes.get(t.table)!), y: t.seconds / t.cycles }));
  const tables = measured(cyclesByTable(jobs));
  const weight = tables.reduce((a, t) => a + t.cycles, 0);
  const all = [...sizes.values()];
  // The readers' cadence is the jobs' own: their mix of widths, not the tables read in part.
  // Without cycles per table (a job built before the sink counted them) it is the chunks' mean.
  const sampleGbPerChunk = weight > 0 ? tables.reduce((a, t) => a + t.cycles * t.x, 0) / weight : all.reduce((a, t) => a + t.diskBytes, 0) / 1e9 / Math.max(1, all.reduce((a, t) => a + t.chunks, 0));
  // A table read in part is at p = 1 already, in a job of its own: its first cycles join the line as they are.
  const parts = measured(partial.filter((p) => !tables.some((t) => t.table === p.table)).map(firstCyclesOf));
  const fit = [...tables, ...parts].filter((t) => t.cycles >= MIN_TABLE_CYCLES);
  const xs = fit.map((t) => t.x);
  const range: [number, number] = xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [sampleGbPerChunk, sampleGbPerChunk];
  const partialTables = parts.filter((t) => t.cycles >= MIN_TABLE_CYCLES).map((t) => t.table);
  const base = { sampleGbPerChunk, tables: fit.length, gbPerChunk: range, ...(partialTables.length > 0 ? { partialTables } : {}) };
  if (weight === 0) return { ...base, unfitted: 'the job counted no cycles per table (a jar built before it did)' };
  if (fit.length < 2 || range[1] < MIN_WIDTH_RATIO * range[0]) return { ...base, unfitted: `the sampled tables read in ${MIN_TABLE_CYCLES} cycles or more differ less than ${MIN_WIDTH_RATIO}× in bytes per chunk` };
  return { ...base, perGbSeconds: weightedSlope(fit) };
}

/** Each table's cycles and seconds over the jobs, every job's cycles brought to p = 1's scale. */
function cyclesByTable(jobs: readonly CalibrationSample[]): { table: string; cycles: number; seconds: number }[] {
  const counted = jobs.filter((s) => s.tableCycles !== undefined);
  const byP = new Map([...new Set(counted.map((s) => s.parallelism))].map((p) => [p, sumByTable(counted.filter((s) => s.parallelism === p))]));
  const one = byP.get(1);
  if (one === undefined || one.size === 0) return [];
  const by = new Map<string, { table: string; cycles: number; seconds: number }>();
  for (const [p, tables] of byP) {
    const scale = p === 1 ? 1 : 1 / contention(tables, one);
    for (const [table, c] of tables) {
      const row = by.get(table) ?? { table, cycles: 0, seconds: 0 };
      row.cycles += c.cycles;
      row.seconds += c.seconds * scale;
      by.set(table, row);
    }
  }
  return [...by.values()];
}

function sumByTable(jobs: readonly CalibrationSample[]): Map<string, { cycles: number; seconds: number }> {
  const by = new Map<string, { cycles: number; seconds: number }>();
  for (const t of jobs.flatMap((s) => s.tableCycles!)) {
    const row = by.get(t.table) ?? { cycles: 0, seconds: 0 };
    row.cycles += t.cycles;
    row.seconds += t.cycleSeconds;
    by.set(t.table, row);
  }
  return by;
}

/**
 * How much slower a parallelism's cycles were than p = 1's, on the tables both read: each table's
 * cycles at p against as many of its p = 1 cycles, so that a job that happened to end more of its
 * pauses on wide tables does not read as contention. Over no common table, the ratio of the means.
 */
function contention(p: Map<string, { cycles: number; seconds: number }>, one: Map<string, { cycles: number; seconds: number }>): number {
  const common = [...p].filter(([t, c]) => c.cycles > 0 && (one.get(t)?.cycles ?? 0) > 0);
  const mean = (m: Map<string, { cycles: number; seconds: number }>) => [...m.values()].reduce((a, c) => a + c.seconds, 0) / Math.max(1, [...m.values()].reduce((a, c) => a + c.cycles, 0));
  const expected = common.reduce((a, [t, c]) => a + (c.cycles * one.get(t)!.seconds) / one.get(t)!.cycles, 0);
  const ratio = expected > 0 ? common.reduce((a, [, c]) => a + c.seconds, 0) / expected : mean(p) / mean(one);
  return ratio > 0 ? ratio : 1;
}

/**
 * β of y = a0 + β·x by least squares weighted by the tables' cycles, a0 and β ≥ 0 (a negative
 * intercept gives the line through the origin). The intercept's column comes first: when the data
 * cannot tell, the per-chunk cost takes it, as in the joint fit (capacity-model.ts).
 */
function weightedSlope(points: readonly { cycles: number; x: number; y: number }[]): number {
  const w = points.map((p) => Math.sqrt(p.cycles));
  return nonNegativeLeastSquares(points.map((p, i) => [w[i]!, w[i]! * p.x]), points.map((p, i) => w[i]! * p.y), 0).coefficients[1]!;
}

function cycleCv(jobs: readonly CalibrationSample[]): number | undefined {
  const readers = jobs.flatMap((s) => s.readers ?? []);
  const n = readers.reduce((a, r) => a + r.cycles, 0);
  if (n < 2) return undefined;
  const mean = readers.reduce((a, r) => a + r.cycleSeconds, 0) / n;
  const variance = Math.max(0, (readers.reduce((a, r) => a + r.cycleSquaredSeconds, 0) - n * mean * mean) / (n - 1));
  return mean > 0 ? Math.sqrt(variance) / mean : undefined;
}
