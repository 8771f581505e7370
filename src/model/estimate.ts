import type { CapacityModel } from './capacity-model.js';
import { costMargin } from './cost-range.js';
import { chunkRounds, uslSpeedup } from './scaling-law.js';
import { tableChunks, workloadTotals, type Workload, type WorkloadTable } from './workload.js';
import { schemaReadSeconds, type SchemaReadCost } from './schema-reads.js';

export interface ParallelismEstimate {
  parallelism: number;
  seconds: number;
  low: number;
  high: number;
  /** Beyond what was measured: parallelism above the calibration's, or its machine's cores. */
  extrapolated: boolean;
  /** What sets this point: measured, or the bound that limits the extrapolation (see LIMITS). */
  limitedBy: Limit;
}

/**
 * What sets a prediction. measured: the connector was measured at this parallelism. Beyond it,
 * the largest of the bounds: source-scaling (the connector cannot scale better than raw-copy
 * measured the source serving at this p; beyond the highest raw-copy p, not at all),
 * cluster-slots (the Flink cluster runs no more readers than its task slots), long-pole (a
 * table's own chunks at one reader each), serial-splitting (the enumerator splits one table after
 * another: more than half the time is splitting), chunks-per-reader (⌈chunks / p⌉: readers beyond
 * the chunks idle), model (none of those: the fitted scaling law alone).
 */
export type Limit = 'measured' | 'source-scaling' | 'cluster-slots' | 'long-pole' | 'serial-splitting' | 'chunks-per-reader' | 'model';
export const LIMITS: readonly Limit[] = ['measured', 'source-scaling', 'cluster-slots', 'long-pole', 'serial-splitting', 'chunks-per-reader', 'model'];

/** Measurements that bound an extrapolation: the source's own scaling and the Flink cluster's capacity. */
export interface ExtrapolationBounds {
  /** Raw-copy of the sample's tables at each parallelism: reading seconds (splitting excluded). */
  sourceScaling?: { parallelism: number; readSeconds: number }[];
  /** The Flink cluster the connector ran on: task slots and CPU cores; remote: --flink-url, the team's cluster. */
  cluster?: { where: 'local' | 'remote'; slots: number; cores: number };
  /** The connector's schema reads, measured with its own code (model/schema-reads.ts): the enumerator's serial work per table grows with the tables captured. */
  schemaReads?: Pick<SchemaReadCost, 'fixedSeconds' | 'perTableSeconds' | 'points'>;
}

export interface LongPole {
  table: string;
  /** The table's own time at the recommended parallelism: it cannot finish sooner, whatever the others do. */
  seconds: number;
  chunks: number;
  boundsTotal: boolean;
}

export interface WalRisk {
  walBytesPerSecond?: number;
  /** WAL the slot retains until the snapshot ends and streaming catches up, at the upper estimate. */
  retainedBytes?: number;
  maxSlotWalKeepSizeBytes?: number;
  freeDiskBytes?: number;
  level: 'ok' | 'warning' | 'danger' | 'unknown';
  note: string;
}

export interface Estimate {
  workload: { name: string; tables: number; rows: number; diskBytes: number; chunks: number; tablesWithoutKey: string[] };
  chunkSize: number;
  predictions: ParallelismEstimate[];
  recommended: number;
  longPoles: LongPole[];
  wal: WalRisk;
  extrapolations: string[];
  /** What to measure to support a higher parallelism than the recommended; absent when nothing beyond it was asked. */
  nextMeasurement?: string;
  verdict: string;
}

const DAY = 86_400;

/** Predicts the snapshot of a workload at each parallelism, with a range, long poles, WAL risk and a verdict. */
export function estimateSnapshot(model: CapacityModel, workload: Workload, parallelisms: readonly number[], chunkSize: number, bounds: ExtrapolationBounds = {}): Estimate {
  const totals = workloadTotals(workload, chunkSize);
  const c = model.costs;
  const perChunk = c.perChunkSeconds + c.perChunkPerTableSeconds * totals.tables;
  // Splitting is serial (one enumerator); the readers share the rest. The fitted per-table cost
  // holds the calibration's average boundary queries per table; here each table gets its own,
  // by its chunks and its key shape, on top of what remains.
  const measuredShapes = Object.keys(model.splitting.millisPerChunkByShape).length > 0;
  const perTableBase = measuredShapes ? Math.max(0, c.perTableSeconds - model.splitting.meanMillisPerTable / 1000) : c.perTableSeconds;
  const splitFor = (t: WorkloadTable) => t.splitSeconds ?? (measuredShapes ? (tableChunks(t, chunkSize) * splitMillisPerChunk(model, t.keyShape)) / 1000 : 0);
  const splitting = workload.tables.reduce((a, t) => a + perTableBase + splitFor(t), 0);
  // A table read in part costs its measured cycle: the difference from the line, in p = 1 reader-seconds, shared by the readers as bytes are.
  const measuredDifference = (t: WorkloadTable) => (t.chunkSeconds === undefined ? 0 : tableChunks(t, chunkSize) * (t.chunkSeconds - perChunk) - (c.perGbSeconds * t.diskBytes) / 1e9);
  const difference = workload.tables.reduce((a, t) => a + measuredDifference(t), 0);
  const sharedReading = (chunks: number, gb: number, p: number, measured = difference) => perChunk * chunkRounds(model.law, chunks, p) + (c.perGbSeconds * gb + measured) / uslSpeedup(model.law, p);
  // A table's chunks spread over at most as many readers as it has chunks; its own splitting comes first.
  const tableFloor = (t: WorkloadTable, p: number) => {
    const chunks = tableChunks(t, chunkSize);
    return perTableBase + splitFor(t) + sharedReading(chunks, t.diskBytes / 1e9, Math.min(p, chunks), measuredDifference(t));
  };
  // The enumerator reads every captured table's schema before splitting each one, one table after
  // another, holding the split lock the readers' requests for chunks wait on (overlapWithSplitting).
  const enumerator = bounds.schemaReads ? splitting + totals.tables * schemaReadSeconds(bounds.schemaReads, totals.tables) : 0;
  const readingAt = (p: number) => overlapWithSplitting(enumerator, splitting, sharedReading(totals.chunks, totals.diskBytes / 1e9, p)).central;
  // The range: the calibration's own fit error (at least 10 %), plus 10 % for each way the workload
  // lies outside what was calibrated, plus 10 % per doubling of parallelism beyond the measured.
  const shape = shapeExtrapolations(model, workload, chunkSize, totals, bounds.schemaReads !== undefined);
  const margin = Math.max(0.1, model.fit.maxRelativeError) + 0.1 * shape.length;
  const maxMeasured = Math.max(...model.measured.parallelisms);
  const source = sourceSpeedup(bounds.sourceScaling, maxMeasured, model);
  const slots = bounds.cluster?.where === 'remote' ? bounds.cluster.slots : undefined;
  const shared = (p: number) => sharedReading(totals.chunks, totals.diskBytes / 1e9, p);
  // A raw-copy of a sample's few chunks on a small machine can show less speedup than the connector
  // was measured to reach (crm, 2026-12-06: raw-copy 1.55× at p = 2, the connector 1.8×): the
  // measured speedup then stands, the source bound never undercuts it.
  const measuredSpeedup = shared(1) / shared(maxMeasured);
  const predictions = [...new Set(parallelisms)].sort((a, b) => a - b).map((p): ParallelismEstimate => {
    const measured = model.measured.parallelisms.includes(p);
    // Beyond the measured: the cluster runs at most its slots' readers, and the readers together
    // read no faster than the source served raw-copy at that parallelism.
    const effective = !measured && slots !== undefined ? Math.min(p, slots) : p;
    const byModel = shared(effective);
    // The connector's speedup is at most the source's at p, and from its highest measured p it gains
    // at most what the source gains from there.
    const bySource = measured ? 0 : Math.max(shared(1) / Math.max(source.at(effective), measuredSpeedup), effective > maxMeasured ? (shared(maxMeasured) * source.at(maxMeasured)) / source.at(effective) : 0);
    const pole = Math.max(...workload.tables.map((t) => tableFloor(t, effective)));
    const readers = Math.max(byModel, bySource);
    const overlap = overlapWithSplitting(enumerator, splitting, readers);
    const reading = Math.max(overlap.central, pole);
    const seconds = model.fixedSeconds + reading;
    const limitedBy: Limit = enumerator > 0 && enumerator >= readers && overlap.central > pole
      ? 'serial-splitting'
      : measured
        ? 'measured'
        : pole >= overlap.central
          ? 'long-pole'
          : bySource > byModel
            ? 'source-scaling'
            : effective < p
              ? 'cluster-slots'
              : splitting >= readers
                ? 'serial-splitting'
                : p > totals.chunks
                  ? 'chunks-per-reader'
                  : 'model';
    // Each doubling beyond the measured parallelism widens the range by another 10 %, upwards only:
    // the bounds cap the optimistic side with measurements, what is unknown beyond them is a risk.
    // A sampled model's measured cadences add their chance on the chunks' share of the time
    // (cost-range.ts): both ways where measured, beyond it upwards only, for the same reason.
    const widen = p > maxMeasured ? 0.1 * Math.log2(p / maxMeasured) : 0;
    const chunkShare = Math.min(1, shared(p) / seconds);
    const chanceUp = costMargin(model, p) * chunkShare;
    const chanceDown = costMargin(model, Math.min(p, maxMeasured)) * chunkShare;
    // How much of the readers' work overlaps the splitting is not measured: the range spans both ends.
    const lowBase = model.fixedSeconds + Math.max(overlap.fed, pole);
    const highBase = model.fixedSeconds + Math.max(overlap.starved, pole);
    return { parallelism: p, seconds, low: lowBase * (1 - Math.min(0.9, margin + chanceDown)), high: highBase * (1 + margin + chanceUp + widen), extrapolated: p > maxMeasured || p > model.measured.cores, limitedBy };
  });
  // Only what the evidence supports is recommended: a measured parallelism, or one the source was
  // measured serving and the team's cluster has the slots for.
  const supported = (p: number) => p <= maxMeasured || (source.measured(p) && slots !== undefined && p <= slots);
  const recommended = recommend(predictions.filter((x) => supported(x.parallelism)));
  const beyond = predictions.filter((x) => x.parallelism > recommended && !supported(x.parallelism)).map((x) => x.parallelism);
  const nextMeasurement = beyond.length
    ? `p = ${beyond.join(', ')} ${beyond.length > 1 ? 'are' : 'is'} not recommended: not supported by measurements (the connector was measured at p ≤ ${maxMeasured}${source.maxMeasured > 0 ? `, the source's raw-copy at p ≤ ${source.maxMeasured}` : ', the source\'s scaling not at all'}${slots !== undefined ? `, the cluster has ${slots} slots` : ', on no cluster but this machine\'s'}); to know whether they help, measure them on the team's cluster: cdc-sizer run --pg-url … --flink-url <the team's Flink REST URL> --sample … --parallelism ${nextParallelisms(beyond, maxMeasured)}`
    : undefined;
  const atRecommended = predictions.find((x) => x.parallelism === recommended)!;
  const longPoles = workload.tables
    .map((t) => ({ table: t.name, seconds: tableFloor(t, recommended), chunks: tableChunks(t, chunkSize), boundsTotal: false }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5)
    .map((lp) => ({ ...lp, boundsTotal: lp.seconds >= readingAt(recommended) * 0.999 }));
  return {
    workload: { name: workload.name, ...totals, tablesWithoutKey: workload.tables.filter((t) => !t.hasKey).map((t) => t.name) },
    chunkSize,
    predictions,
    recommended,
    longPoles,
    wal: walRisk(workload, atRecommended.high),
    extrapolations: [...parallelismExtrapolations(model, predictions, source, bounds.cluster), ...schemaReadNote(bounds.schemaReads, totals.tables, enumerator, predictions), ...shape, 'measured with the discard sink: writing into StarRocks was not measured, so these are source-side times (a floor)'],
    ...(nextMeasurement ? { nextMeasurement } : {}),
    verdict: verdict(predictions, recommended),
  };
}

/** The next parallelisms worth measuring: those asked up to four times the highest measured (the first asked, if none). */
function nextParallelisms(beyond: readonly number[], maxMeasured: number): string {
  const near = beyond.filter((p) => p <= 4 * maxMeasured);
  return (near.length ? near : beyond.slice(0, 1)).join(',');
}

interface SourceSpeedup {
  /** The speedup the source allows at p: raw-copy's measured one (held flat between and beyond measured p), else the connector's at its highest measured p. */
  at: (p: number) => number;
  /** Whether raw-copy measured the source at p or above. */
  measured: (p: number) => boolean;
  maxMeasured: number;
}

/**
 * The source's own scaling, from raw-copy at several parallelisms: S_src(p) = t(1) / t(p') with p'
 * the highest raw-copy parallelism measured at or below p. Beyond the highest measured, the source
 * is not extrapolated. Without raw-copy (an older calibration), the source is taken to serve no
 * more than it served the connector at its highest measured parallelism.
 */
export function sourceSpeedup(scaling: ExtrapolationBounds['sourceScaling'], maxConnectorP: number, model: CapacityModel): SourceSpeedup {
  const runs = (scaling ?? []).filter((r) => r.readSeconds > 0);
  const one = runs.find((r) => r.parallelism === 1);
  if (!one) {
    const cap = uslSpeedup(model.law, maxConnectorP);
    return { at: (p) => Math.min(cap, uslSpeedup(model.law, p)), measured: () => false, maxMeasured: 0 };
  }
  const ps = [...new Set(runs.map((r) => r.parallelism))].sort((a, b) => a - b);
  const best = (p: number) => Math.min(...runs.filter((r) => r.parallelism === p).map((r) => r.readSeconds));
  // A speedup never falls with more readers here: the best time at or below p.
  const at = (p: number) => one.readSeconds / Math.min(...ps.filter((q) => q <= p).map(best));
  return { at: (p) => Math.max(1, at(p)), measured: (p) => ps.includes(p), maxMeasured: ps.at(-1)! };
}

/**
 * Where between fed and starved the estimate sits (0 fed, 1 starved). Measured on the three bench
 * runs that split for long (docs/benchmarks.md, "Sampled sizing accuracy on other shapes"): the six
 * full snapshots lay 27 %, 15 %, 5 %, 6 %, 75 % and 6 % of the way; a quarter is at or above five of
 * them. Fitted on those runs (many-small and partitioned are no longer hold-outs for it), tested on
 * tenant-schemas, a shape written before it.
 */
const SPLITTING_OVERLAP_POSITION = 0.25;

/**
 * The readers' work against the enumerator's serial splitting E (its schema reads included). Flink
 * CDC 3.5.0 splits each table inside `synchronized (lock)` on its splitting thread and enters the
 * lock again for the next table at once (SnapshotSplitAssigner.splitTable, release-3.5.0), while a
 * reader's request for its next chunk (getNext) needs the same lock: a Java monitor is not fair, so
 * a request gets in only when the enumerator's thread wins the race at a table's end. Two ends:
 * fed, it mostly wins and the time is max(E, the readers' work) (many-small, p = 2: a chunk handed
 * out for every table split); starved, it mostly loses and the time is E + the readers' work
 * (partitioned, p = 1). Which way a job goes is the scheduler's, not the sample's: the range spans
 * both ends, the estimate sits at SPLITTING_OVERLAP_POSITION. Without E (no schema reads
 * measured), the readers' work after the splitting queries.
 */
export function overlapWithSplitting(enumerator: number, splitting: number, readers: number): { fed: number; starved: number; central: number } {
  if (enumerator <= 0) return { fed: splitting + readers, starved: splitting + readers, central: splitting + readers };
  const fed = Math.max(enumerator, splitting + readers);
  const starved = enumerator + readers;
  return { fed, starved, central: fed + SPLITTING_OVERLAP_POSITION * (starved - fed) };
}

/** A shape the calibration never split costs as much as the dearest one it did. */
function splitMillisPerChunk(model: CapacityModel, shape: string | undefined): number {
  const by = model.splitting.millisPerChunkByShape;
  if (shape !== undefined && by[shape] !== undefined) return by[shape]!;
  return Math.max(0, ...Object.values(by));
}

/** The smallest parallelism after which the next candidate saves less than 10 % of the time. */
export function recommend(predictions: readonly ParallelismEstimate[]): number {
  let best = predictions[0]!;
  for (const next of predictions.slice(1)) {
    if (next.seconds > best.seconds * 0.9) break;
    best = next;
  }
  return best.parallelism;
}

function walRisk(w: Workload, seconds: number): WalRisk {
  const base = { ...(w.walBytesPerSecond !== undefined ? { walBytesPerSecond: w.walBytesPerSecond } : {}), ...(w.maxSlotWalKeepSizeBytes !== undefined ? { maxSlotWalKeepSizeBytes: w.maxSlotWalKeepSizeBytes } : {}), ...(w.freeDiskBytes !== undefined ? { freeDiskBytes: w.freeDiskBytes } : {}) };
  if (w.walBytesPerSecond === undefined) return { ...base, level: 'unknown', note: 'the write rate was not sampled (profile --sample-seconds); WAL retained by the slot is unknown' };
  const retainedBytes = w.walBytesPerSecond * seconds;
  const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
  if (w.maxSlotWalKeepSizeBytes !== undefined && retainedBytes > w.maxSlotWalKeepSizeBytes)
    return { ...base, retainedBytes, level: 'danger', note: `the slot would retain ≈ ${gb(retainedBytes)}, above max_slot_wal_keep_size (${gb(w.maxSlotWalKeepSizeBytes)}): PostgreSQL would invalidate the slot and the sync would have to start over` };
  if (w.freeDiskBytes !== undefined && retainedBytes > w.freeDiskBytes * 0.5)
    return { ...base, retainedBytes, level: 'danger', note: `the slot would retain ≈ ${gb(retainedBytes)}, more than half the ${gb(w.freeDiskBytes)} free disk` };
  if (w.maxSlotWalKeepSizeBytes === undefined && w.freeDiskBytes === undefined)
    return { ...base, retainedBytes, level: 'warning', note: `the slot would retain ≈ ${gb(retainedBytes)}; max_slot_wal_keep_size is unlimited and free disk unknown (--free-disk): check the WAL volume has room` };
  return { ...base, retainedBytes, level: 'ok', note: `the slot would retain ≈ ${gb(retainedBytes)}, within the limits given` };
}

function parallelismExtrapolations(m: CapacityModel, predictions: readonly ParallelismEstimate[], source: SourceSpeedup, cluster: ExtrapolationBounds['cluster']): string[] {
  const beyond = predictions.filter((x) => x.extrapolated).map((x) => x.parallelism);
  if (!beyond.length) return [];
  const src = source.maxMeasured > 0 ? `bounded by the source's own scaling, raw-copy measured at p ≤ ${source.maxMeasured} (${source.at(source.maxMeasured).toFixed(2)}× at p = ${source.maxMeasured}) and not extrapolated beyond` : `the source's scaling was not measured (a sampled run measures it with raw-copy): the speedup is held at the connector's at p = ${Math.max(...m.measured.parallelisms)}`;
  const cl = cluster ? (cluster.where === 'remote' ? `the Flink cluster has ${cluster.slots} task slots (readers beyond them wait) on ${cluster.cores > 0 ? `${cluster.cores} cores` : 'cores it did not report'}` : `the local cluster ran on this machine's ${cluster.cores} cores; the team's cluster's slots are unknown (run --flink-url)`) : `the Flink cluster's slots are unknown (run --flink-url)`;
  return [`p = ${beyond.join(', ')}: beyond the measured p ≤ ${Math.max(...m.measured.parallelisms)} on a ${m.measured.cores}-core machine; ${src}; ${cl}; each point says which bound limits it`];
}

function schemaReadNote(cost: ExtrapolationBounds['schemaReads'], tables: number, enumerator: number, predictions: readonly ParallelismEstimate[]): string[] {
  if (!cost) return [];
  const bound = predictions.filter((x) => x.limitedBy === 'serial-splitting').map((x) => x.parallelism);
  const measuredUpTo = Math.max(...cost.points.map((p) => p.tables));
  return [
    `the connector's enumerator reads the schema of all ${tables} captured tables before splitting each (Flink CDC 3.5.0): ${schemaReadSeconds(cost, tables).toFixed(2)} s a table, measured with the connector's own code at ${cost.points.map((p) => p.tables).join(', ')} tables captured${tables > measuredUpTo ? ` and extrapolated along that line to ${tables}` : ''}, so splitting alone takes ≈ ${fmtDuration(enumerator)} one table after another${bound.length ? `; that sets the time at p = ${bound.join(', ')}` : ''}`,
  ];
}

/** Ways the workload differs from what was calibrated, each of which widens the range. */
function shapeExtrapolations(m: CapacityModel, w: Workload, chunkSize: number, totals: ReturnType<typeof workloadTotals>, schemaReadsMeasured: boolean): string[] {
  const out: string[] = [];
  const [minBytes, maxBytes] = m.measured.diskBytes;
  if (totals.diskBytes > maxBytes * 4 || totals.diskBytes < minBytes / 4) out.push(`volume ${(totals.diskBytes / 1e9).toFixed(2)} GB vs ${(minBytes / 1e9).toFixed(2)}–${(maxBytes / 1e9).toFixed(2)} GB calibrated: the per-chunk and per-GB costs are carried over linearly`);
  const [minTables, maxTables] = m.measured.tables;
  // What the captured tables cost is measured when the connector's schema reads were (schemaReadNote says it).
  if (!schemaReadsMeasured && (w.tables.length > maxTables * 2 || w.tables.length < minTables / 2)) out.push(`${w.tables.length} tables vs ${minTables}–${maxTables} calibrated: the connector's per-chunk cost grows with the number of captured tables; calibrate on a scenario of the same shape (profile --emit-scenario)`);
  const bytesPerRow = totals.rows > 0 ? totals.diskBytes / totals.rows : 0;
  const [narrow, wide] = m.measured.bytesPerRow;
  if (bytesPerRow > wide * 1.5 || bytesPerRow < narrow / 1.5) out.push(`rows of ${Math.round(bytesPerRow)} bytes on average vs ${Math.round(narrow)}–${Math.round(wide)} calibrated: a chunk's cost depends on its rows' width; calibrate on a scenario of the same width (profile --emit-scenario)`);
  // A table whose splitting was probed (a sampled sizing's largest) needs no calibrated shape.
  const unseen = [...new Set(w.tables.filter((t) => t.splitSeconds === undefined).map((t) => t.keyShape).filter((k): k is string => k !== undefined && m.splitting.millisPerChunkByShape[k] === undefined))];
  if (unseen.length && Object.keys(m.splitting.millisPerChunkByShape).length) out.push(`key shapes ${unseen.join(', ')} were not in the calibration: their chunk splitting is taken at the dearest calibrated shape's cost`);
  const widths = chunkWidthLine(m, totals) ?? widerThanFitted(m, w, chunkSize, totals);
  if (widths !== undefined) out.push(widths);
  if (!m.measured.atChunkSize) out.push(`chunk size ${chunkSize} was not measured at p = 1 and above (fitted on chunk sizes ${m.measured.chunkSizes.join(', ')})`);
  return out;
}

/**
 * A fitted per-GB line costs chunks wider than any it was fitted on by extending it, which nothing
 * measured: support-desk ×4 (18:11) costed 6 and 16 MB chunks 1.5–3× too dear from a line over
 * 0.25–2.76 MB. Said, with the range widened, when such chunks (not measured in part) are 5 % of
 * the catalog's or more.
 */
function widerThanFitted(m: CapacityModel, w: Workload, chunkSize: number, totals: ReturnType<typeof workloadTotals>): string | undefined {
  const b = m.chunkBytes;
  if (b?.perGbSeconds === undefined || b.perGbSeconds === 0 || totals.chunks === 0) return undefined;
  const widest = b.gbPerChunk[1];
  const wider = w.tables.filter((t) => t.chunkSeconds === undefined && t.diskBytes / 1e9 / tableChunks(t, chunkSize) > widest * CHUNK_WIDTH_RATIO);
  const chunks = wider.reduce((a, t) => a + tableChunks(t, chunkSize), 0);
  if (chunks < WIDER_SHARE * totals.chunks) return undefined;
  const mb = (gb: number) => (gb * 1000).toFixed(gb * 1000 < 10 ? 2 : 1);
  const most = Math.max(...wider.map((t) => t.diskBytes / 1e9 / tableChunks(t, chunkSize)));
  return `${chunks} of the catalog's ${totals.chunks} chunks (${wider.slice(0, 3).map((t) => t.name).join(', ')}${wider.length > 3 ? ', …' : ''}) are up to ${mb(most)} MB on disk, over ${CHUNK_WIDTH_RATIO}× the widest the per-GB line was fitted on (${mb(widest)} MB): they are costed on the line extended, which no cycle measured; sample tables of their width (run --sample with more tables) would measure it`;
}

/** The share of the catalog's chunks past the fitted widths that is said. */
const WIDER_SHARE = 0.05;

/**
 * A sampled model whose per-GB cost could not be fitted costs every chunk as its sample's: said
 * when the catalog's chunks are more than CHUNK_WIDTH_RATIO× narrower or wider on average.
 */
function chunkWidthLine(m: CapacityModel, totals: ReturnType<typeof workloadTotals>): string | undefined {
  const b = m.chunkBytes;
  if (b === undefined || b.perGbSeconds !== undefined || totals.chunks === 0 || b.sampleGbPerChunk <= 0) return undefined;
  const catalog = totals.diskBytes / 1e9 / totals.chunks;
  if (catalog <= b.sampleGbPerChunk * CHUNK_WIDTH_RATIO && catalog >= b.sampleGbPerChunk / CHUNK_WIDTH_RATIO) return undefined;
  const mb = (gb: number) => (gb * 1000).toFixed(gb * 1000 < 10 ? 2 : 1);
  return `chunks of ${mb(catalog)} MB on disk on average vs the sample's ${mb(b.sampleGbPerChunk)} MB: a chunk's bytes add to its cost, but the sample could not tell how much (${b.unfitted ?? 'not fitted'}), so every chunk is costed as the sample's; sample tables of unlike widths (run --sample with more tables) would measure it`;
}

/** How far the catalog's mean chunk may lie from the sample's before an unfitted per-GB cost is said. */
const CHUNK_WIDTH_RATIO = 2;

export function fmtDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 1.5 * DAY) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / DAY).toFixed(1)} days`;
}

function verdict(predictions: readonly ParallelismEstimate[], recommended: number): string {
  const first = predictions[0]!;
  const rec = predictions.find((x) => x.parallelism === recommended)!;
  // Plan for the pessimistic end of the range: an optimistic answer makes a cut-over window too short.
  const parts = [`≈ ${fmtDuration(first.seconds)} at p=${first.parallelism} (plan for up to ${fmtDuration(first.high)})`];
  if (rec !== first) parts.push(`≈ ${fmtDuration(rec.seconds)} at p=${rec.parallelism} (recommended; plan for up to ${fmtDuration(rec.high)})`);
  const underADay = predictions.find((x) => x.high < DAY);
  const tail =
    underADay === undefined
      ? `the sync takes days even at p=${predictions.at(-1)!.parallelism}`
      : underADay === first
        ? 'the sync will not take days at any parallelism listed'
        : `the sync will not take days at p ≥ ${underADay.parallelism}`;
  return `${parts.join(', ')}; ${tail}`;
}
