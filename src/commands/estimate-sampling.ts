import { partitionRoot, partitionRootByName, storedTables, type Catalog, type CatalogTable } from '../catalog/catalog.js';
import { qualifiedName } from '../sql/identifiers.js';
import type { EstimateResult } from '../model/estimate-result.js';
import type { RunResult, SampleRecord } from '../model/run-result.js';
import { chunksFor, tableChunks, type Workload } from '../model/workload.js';
import { steadyCycle, type SampledTableSize } from '../model/sample-costs.js';
import { tableClasses, type Dimension } from '../model/sample-plan.js';
import { fmtDuration } from '../model/estimate.js';
import { sampleCandidate } from '../catalog/sample-candidate.js';

type Sampling = NonNullable<EstimateResult['sampling']>;

/** The sample record of the calibration, when it was a sampled run (run --sample). */
export function sampleOf(runs: readonly RunResult[]): SampleRecord | undefined {
  for (const r of runs) if (r.source?.kind === 'existing' && r.source.sample) return r.source.sample;
  return undefined;
}

/**
 * The sampled tables' (and the tables read in part's) on-disk bytes and chunks, as the catalog has them (a partitioned table's
 * leaves summed into it, each leaf cut into its own chunks; probed chunks where probed): what a chunk of each weighs, which
 * sample-costs.ts fits a chunk's bytes on. Tables missing from the catalog are left out.
 */
export function sampledTableSizes(sample: SampleRecord, catalog: Catalog, chunkSize: number): Map<string, SampledTableSize> {
  const rootOf = partitionRoot(catalog);
  const sizes = new Map<string, SampledTableSize>();
  // Probed (run-sample.ts probes every table of two chunks or more by rows): the chunks the connector cut, whose cycles were measured.
  const probed = new Map(sample.chunkProbes.filter((p) => p.chunkSize === chunkSize).map((p) => [p.table, p.chunks]));
  const read = new Set([...sample.measuredTables, ...partialReadsAt(sample, chunkSize).map((p) => p.table)]);
  for (const t of storedTables(catalog)) {
    const root = rootOf(t);
    if (!read.has(root)) continue;
    const size = sizes.get(root) ?? { diskBytes: 0, chunks: 0 };
    size.diskBytes += t.heapBytes + t.toastBytes;
    size.chunks += probed.get(qualifiedName(t)) ?? chunksFor(t.rows, chunkSize);
    sizes.set(root, size);
  }
  return sizes;
}

/**
 * A sampled calibration applied to the catalog of the selection it sampled: the probed tables
 * get the chunk counts and splitting time their boundary queries found (instead of rows / chunk
 * size and the calibrated shapes' cost), and the estimate says which tables were read, which
 * probed and which extrapolated.
 */
export function applySample(sample: SampleRecord, catalog: Catalog, workload: Workload, chunkSize: number): Sampling {
  const byName = new Map(catalog.tables.map((t) => [qualifiedName(t), t]));
  const rootOf = partitionRoot(catalog);
  const rootByName = partitionRootByName(catalog);
  const probes = sample.chunkProbes.filter((p) => p.chunkSize === chunkSize);
  const probedTables: Sampling['probedTables'] = [];
  for (const t of workload.tables) {
    const p = probes.find((x) => x.table === t.name);
    if (!p) continue;
    t.chunks = p.chunks;
    t.splitSeconds = p.millis / 1000;
    probedTables.push({ table: t.name, chunks: p.chunks, chunksByRows: chunksFor(t.rows, chunkSize), splitSeconds: p.millis / 1000, complete: p.complete });
  }
  const partial = partialCosts(sample, workload, rootByName, chunkSize);
  const stored = storedTables(catalog);
  const measured = stored.filter((t) => sample.measuredTables.includes(rootOf(t))).map(qualifiedName);
  const extrapolated = stored.map(qualifiedName).filter((n) => !measured.includes(n));
  const open = sample.classes.filter((c) => c.measuredBy === null && c.dimension !== 'size');
  const uncovered = open.map((c) => `${c.dimension}=${c.value}`);
  const chunkShare = uncoveredChunkShares(open, byName, rootByName, workload, chunkSize);
  const unknown = sample.selectedTables.filter((n) => !byName.has(n));
  const note = [
    `sampled sizing (--sample ${sample.spec}): the connector read ${sample.measuredTables.length} of ${sample.selectedTables.length} selected tables (${sample.measuredTables.slice(0, 8).join(', ')}${sample.measuredTables.length > 8 ? ', …' : ''}); the other ${sample.selectedTables.length - sample.measuredTables.length} are extrapolated by the model fitted on them`,
    probedTables.length ? `; chunk counts and splitting time of ${probedLine(probedTables, (name) => sample.largestTables.includes(rootByName(name)))} come from the connector's boundary queries run on them` : '',
    probes.length === 0 && sample.chunkProbes.length > 0 ? `; the tables' boundaries were probed at another chunk size (${[...new Set(sample.chunkProbes.map((p) => p.chunkSize))].join(', ')}), so rows / chunk size stands in` : '',
    partial,
    uncovered.length ? `; no measured table stood for ${uncovered.map((u, i) => `${u} (${chunkShare[i]})`).join(', ')}, whose chunks ${partial ? 'not read in part ' : ''}are costed as the sample's` : '',
    unknown.length ? `; ${unknown.length} sampled table(s) are missing from this catalog (another database?): ${unknown.slice(0, 3).join(', ')}` : '',
  ].join('');
  return { spec: sample.spec, measuredTables: measured, probedTables, extrapolatedTables: extrapolated, uncovered, note };
}

/** Over this share of the full snapshots it sizes, the sample's own reading is said to be a poor bargain. */
const SAMPLE_COST_SHARE = 0.1;

/**
 * What the sample's connector jobs took (its tables read in part included) against the full
 * snapshots the estimate predicts at the same parallelisms: a sampled sizing costs two jobs over at
 * least its floor of chunks whatever the selection's size, so on a selection of minutes it is a
 * large share of reading it whole (docs/benchmarks.md, "Where the targets stand"), and the user is
 * told so with the full run that would measure it instead. Undefined without a measured job.
 */
export function sampleCostNote(runs: readonly RunResult[], predictions: readonly { parallelism: number; seconds: number }[]): string | undefined {
  const run = runs.find((r) => r.source?.kind === 'existing' && r.source.sample);
  const sample = run?.source?.kind === 'existing' ? run.source.sample : undefined;
  if (!run || !sample) return undefined;
  const points = run.points.filter((p) => p.samples.some((s) => s.ok));
  const jobs = points.flatMap((p) => p.samples.filter((s) => s.ok)).reduce((a, s) => a + s.wallSeconds, 0) + (sample.partialReads ?? []).reduce((a, p) => a + p.wallSeconds, 0);
  const ps = [...new Set(points.map((p) => p.settings.parallelism))].sort((a, b) => a - b);
  const full = predictions.filter((p) => ps.includes(p.parallelism)).reduce((a, p) => a + p.seconds, 0);
  if (jobs <= 0 || full <= 0) return undefined;
  const share = jobs / full;
  const said = `; the sample's connector jobs took ${fmtDuration(jobs)}${sample.partialReads?.length ? ' (its tables read in part included)' : ''}, ${Math.round(share * 100)} % of the full snapshots estimated at p = ${ps.join(', ')} (${fmtDuration(full)})`;
  return share <= SAMPLE_COST_SHARE ? said : `${said}: on a selection this small, a full run at those parallelisms (run without --sample) measures what this estimates, in about ${fmtDuration(full)} of snapshots`;
}

/** The tables read in part at the estimate's chunk size. */
export function partialReadsAt(sample: SampleRecord, chunkSize: number): NonNullable<SampleRecord['partialReads']> {
  return (sample.partialReads ?? []).filter((p) => p.chunkSize === chunkSize);
}

/**
 * The tables read in part (run-sample.ts, readPartially): each of their chunks (a partitioned
 * table's leaves') costs its measured steady cycle (model/sample-costs.ts, steadyCycle) in the
 * estimate, not the model's line. Returns what the note says of them.
 */
function partialCosts(sample: SampleRecord, workload: Workload, rootByName: (name: string) => string, chunkSize: number): string {
  const said: string[] = [];
  for (const p of partialReadsAt(sample, chunkSize)) {
    const steady = steadyCycle(p);
    const leaves = workload.tables.filter((t) => rootByName(t.name) === p.table);
    for (const t of leaves) t.chunkSeconds = steady.seconds;
    if (leaves.length > 0) said.push(`${p.table} (${leaves.reduce((a, t) => a + tableChunks(t, chunkSize), 0)} chunks) at ${steady.seconds.toFixed(3)} s a chunk, ${steady.after ? `its cycles after the job's first ten (${steady.cycles})` : `the mean of its ${steady.cycles} cycles (too few after the job's first ten)`}`);
  }
  return said.length > 0 ? `; read in part (the first chunks of each, at p = 1), their chunks measured instead of costed by the model's per-chunk line: ${said.join('; ')}` : '';
}

/**
 * For each class no sampled table stood for, the share of the catalog's chunks in its tables (as
 * the estimate counts them: probed where probed): how much of the estimate rests on chunks of a
 * kind the sample did not read. Classed as the sample plan classes a table (model/sample-plan.ts).
 */
function uncoveredChunkShares(open: readonly { dimension: Dimension; value: string }[], byName: ReadonlyMap<string, CatalogTable>, rootByName: (name: string) => string, workload: Workload, chunkSize: number): string[] {
  const chunksByRoot = new Map<string, number>();
  for (const t of workload.tables) chunksByRoot.set(rootByName(t.name), (chunksByRoot.get(rootByName(t.name)) ?? 0) + tableChunks(t, chunkSize));
  const total = [...chunksByRoot.values()].reduce((a, n) => a + n, 0);
  const classes = new Map([...chunksByRoot.keys()].flatMap((root) => (byName.has(root) ? [[root, tableClasses(sampleCandidate(byName.get(root)!), chunkSize)] as const] : [])));
  const measuredInPart = new Set(workload.tables.filter((t) => t.chunkSeconds !== undefined).map((t) => rootByName(t.name)));
  return open.map((c) => {
    const of = [...chunksByRoot].filter(([root]) => classes.get(root)?.[c.dimension] === c.value);
    const chunks = of.reduce((a, [, n]) => a + n, 0);
    // A table read in part stands for its own chunks: they are measured, not costed as the sample's.
    const inPart = of.filter(([root]) => measuredInPart.has(root));
    const part = inPart.length > 0 ? `; ${inPart.reduce((a, [, n]) => a + n, 0)} of them ${inPart.map(([root]) => root).join(', ')}'s, read in part` : '';
    return `${chunks} of ${total}, ${Math.round((chunks / Math.max(1, total)) * 100)} % of the catalog's chunks${part}`;
  });
}

/** The largest probed tables by name, the others (every table of two chunks or more by rows is probed, so that its chunks are the connector's) counted. */
function probedLine(probed: Sampling['probedTables'], isLargest: (table: string) => boolean): string {
  const named = probed.filter((p) => isLargest(p.table));
  const others = probed.filter((p) => !isLargest(p.table));
  const first = named.length ? `the largest (${named.map((p) => `${p.table}: ${p.chunks} chunks`).join(', ')})` : '';
  const rest = others.length ? `${others.length} more table${others.length === 1 ? '' : 's'} of two chunks or more by rows (${others.reduce((a, p) => a + p.chunks, 0)} chunks as the connector cuts them, ${others.reduce((a, p) => a + p.chunksByRows, 0)} by rows)` : '';
  return [first, rest].filter((x) => x !== '').join(' and ');
}
