import { createRequire } from 'node:module';
import type pg from 'pg';
import { partitionRoot, partitionRootByName, storedTables, type Catalog, type CatalogTable } from '../catalog/catalog.js';
import { probeSchemaReads } from '../engines/flink-cdc/schema-read-probe.js';
import type { FlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import type { PointSettings, RunPoint, RunResult } from '../model/run-result.js';
import { qualifiedName } from '../sql/identifiers.js';
import { probeChunkBoundaries, type ChunkProbe } from '../catalog/chunk-boundaries.js';
import type { ScopedTable } from '../catalog/preflight/scope.js';
import { profileDatabase } from '../catalog/profile/profile.js';
import type { SampleRecord } from '../model/run-result.js';
import { runRawCopy } from '../engines/raw-copy/raw-copy-engine.js';
import type { SourceTable } from '../engines/source-table.js';
import type { PgEndpoint } from '../infra/endpoints.js';
import { planSample, sampleBudget, type SampleSpec } from '../model/sample-plan.js';
import { sampleCandidate } from '../catalog/sample-candidate.js';
import { chunksFor } from '../model/workload.js';
import { steadyCycle } from '../model/sample-costs.js';
import { sumIfEvery } from '../model/statistics.js';
import { flinkSample } from './flink-sample.js';
import type { GridRun } from './measure-grid.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface SampleRequest {
  spec: SampleSpec;
  /** As the user wrote it, for the record. */
  text: string;
  /** The grid's chunk sizes: the boundaries of every table of two chunks or more by rows are probed at each. */
  chunkSizes: number[];
}

/** The catalog file written beside result.json. */
export const SAMPLE_CATALOG_FILE = 'catalog.json';

/** Seconds of write activity the catalog samples: the estimate's WAL figure, not worth more of a sizing's minutes. */
const WRITE_SAMPLE_SECONDS = 1;

/**
 * --sample: profiles the whole selection read-only (the catalog the estimate covers), picks the
 * stratified sample the connector will read (model/sample-plan.ts) and runs the connector's
 * splitting queries on every table of two chunks or more by rows (before the plan, which counts
 * their chunks) and on the largest. Returns the tables to measure, the record for result.json and
 * the catalog to write beside it.
 */
export async function sampleSelection(client: pg.Client, kept: ScopedTable[], chunkKeys: Map<string, string>, req: SampleRequest, log: (line: string) => void): Promise<{ measured: ScopedTable[]; partial: PartialTable<ScopedTable>[]; record: SampleRecord; catalog: Catalog }> {
  const schemas = [...new Set(kept.map((t) => t.schema))].sort();
  const whole = await profileDatabase(client, { schemas, exactCounts: false, sampleSeconds: WRITE_SAMPLE_SECONDS, cdcSizer: version, log });
  const catalog = restrictCatalog(whole, kept.map((t) => t.qualified));
  // A table profile could not read (dropped meanwhile, say) cannot be classed: it is neither sampled nor estimated.
  const roots = kept.map((t) => catalog.tables.find((c) => qualifiedName(c) === t.qualified)).filter((t): t is CatalogTable => t !== undefined);
  log(`  probing the chunk boundaries of the tables of two chunks or more by rows (the connector's splitting queries, read-only)…`);
  const severalChunks = await probeSeveralChunks(client, catalog, roots, chunkKeys, req.chunkSizes);
  const probedChunks = chunksByRoot(catalog, severalChunks, req.chunkSizes[0]!);
  const plan = planSample(roots.map((t) => sampleCandidate(t, probedChunks.get(qualifiedName(t)))), req.spec, req.chunkSizes[0]!);
  log(`sample ${req.text}: the connector reads ${plan.measured.length} of ${kept.length} tables, ${plan.chunks} chunks (${plan.measured.join(', ')}); the others are estimated from them`);
  if (plan.addedForWidths.length > 0) log(`  ${plan.addedForWidths.join(', ')} added to read both ends of the sample's chunk widths in several chunks, and narrow tables up to ten chunks at the narrow end: a chunk's bytes add to its cost, which only cycles of unlike widths tell apart, and the narrow end's cycles are the per-chunk cost every chunk pays`);
  if (plan.measured.length - plan.addedForWidths.length > sampleBudget(req.spec, kept.length)) log(`  tables added past ${req.text} to read at least ${plan.minChunks} chunks, enough to know a chunk's cost (one cycle varies by about 28 %)`);
  const uncovered = plan.classes.filter((c) => c.measuredBy === null && c.dimension !== 'size');
  if (uncovered.length > 0) log(`  not covered by the sample (a larger --sample covers them): ${uncovered.map((c) => `${c.dimension} ${c.value}`).join(', ')}`);
  if (plan.partial.length > 0) log(`  ${plan.partial.map((p) => p.table).join(', ')} ${plan.partial.length > 1 ? 'hold' : 'holds'} a quarter or more of the chunks or bytes, in chunks narrower or wider than every full chunk the sample reads: read in part after the sample's jobs (${plan.partial.map((p) => `the first ${p.chunks} chunks of ${p.table}`).join(', ')}, then the job is stopped), so that ${plan.partial.length > 1 ? 'their' : 'its'} chunks are measured, not costed as the sample's`);
  const probes = [...severalChunks, ...(await probeLargest(client, catalog, plan.largest, chunkKeys, req.chunkSizes, new Set(severalChunks.map(probeKey))))];
  logProbes(catalog, probes, plan.largest, req.chunkSizes[0]!, log);
  const record: SampleRecord = {
    spec: req.text,
    selectedTables: kept.map((t) => t.qualified),
    measuredTables: plan.measured,
    largestTables: plan.largest,
    chunkProbes: probes,
    classes: plan.classes,
    catalog: SAMPLE_CATALOG_FILE,
  };
  return { measured: kept.filter((t) => plan.measured.includes(t.qualified)), partial: plan.partial.flatMap((p) => kept.filter((t) => t.qualified === p.table).map((table) => ({ table, chunks: p.chunks }))), record, catalog };
}

/** The selected tables and their partitions (at every level): what the estimate is to cover. */
function restrictCatalog(catalog: Catalog, selected: string[]): Catalog {
  const rootOf = partitionRoot(catalog);
  return { ...catalog, tables: catalog.tables.filter((t) => selected.includes(rootOf(t))) };
}

const probeKey = (p: Pick<ChunkProbe, 'table' | 'chunkSize'>) => `${p.table}\u0000${p.chunkSize}`;

/** The connector's boundary queries on the largest tables' stored tables (leaf partitions), at each chunk size, but those already probed. */
async function probeLargest(client: pg.Client, catalog: Catalog, largest: string[], chunkKeys: Map<string, string>, chunkSizes: number[], done: ReadonlySet<string>): Promise<ChunkProbe[]> {
  const out: ChunkProbe[] = [];
  for (const root of largest) {
    const t = catalog.tables.find((c) => qualifiedName(c) === root)!;
    out.push(...(await probeLeaves(client, catalog, t, chunkKeys, chunkSizes, (leaf, chunkSize) => !done.has(probeKey({ table: qualifiedName(leaf), chunkSize })))));
  }
  return out;
}

/**
 * The connector's boundary queries on every stored table of two chunks or more by rows, at each
 * chunk size, before the sample is planned: rows over the chunk size is not how the connector cuts
 * a table, and the plan's size classes and floor, the sampled tables' bytes per chunk and the
 * estimate all count chunks. On support-desk ×4 the small tables keyed (locale, id), split by a
 * text column of three values, made 103 chunks by rows and 40 as the connector cuts them.
 */
async function probeSeveralChunks(client: pg.Client, catalog: Catalog, roots: readonly CatalogTable[], chunkKeys: Map<string, string>, chunkSizes: number[]): Promise<ChunkProbe[]> {
  const out: ChunkProbe[] = [];
  for (const t of roots) out.push(...(await probeLeaves(client, catalog, t, chunkKeys, chunkSizes, (leaf, chunkSize) => chunksFor(leaf.rows, chunkSize) >= 2)));
  return out;
}

/** A line per largest table probed, one for the others at the plan's chunk size (their tables, not their leaves, counted). */
function logProbes(catalog: Catalog, probes: readonly ChunkProbe[], largest: readonly string[], chunkSize: number, log: (line: string) => void): void {
  const rootOf = partitionRootByName(catalog);
  const rows = new Map(catalog.tables.map((t) => [qualifiedName(t), t.rows]));
  const isLargest = (p: ChunkProbe) => largest.includes(rootOf(p.table));
  for (const p of probes.filter(isLargest)) log(`  ${p.table}: ${p.chunks} chunks of ${p.chunkSize} by ${p.splitColumn} (${p.method}, ${p.queries} boundary queries in ${(p.millis / 1000).toFixed(2)} s${p.complete ? '' : ', stopped at the time limit'}), found without reading its rows`);
  const others = probes.filter((p) => !isLargest(p) && p.chunkSize === chunkSize);
  if (others.length === 0) return;
  const tables = new Set(others.map((p) => rootOf(p.table))).size;
  const byRows = others.reduce((a, p) => a + chunksFor(rows.get(p.table) ?? 0, chunkSize), 0);
  log(`  the boundaries of ${tables} more table${tables === 1 ? '' : 's'} of two chunks or more by rows: ${others.reduce((a, p) => a + p.chunks, 0)} chunks of ${chunkSize} as the connector cuts them, ${byRows} by rows (${(others.reduce((a, p) => a + p.millis, 0) / 1000).toFixed(1)} s of queries)`);
}

/** A table's stored tables (leaf partitions) probed at each chunk size `wanted` says, by its split column; none without one. */
async function probeLeaves(client: pg.Client, catalog: Catalog, t: CatalogTable, chunkKeys: Map<string, string>, chunkSizes: number[], wanted: (leaf: CatalogTable, chunkSize: number) => boolean): Promise<ChunkProbe[]> {
  const column = splitColumn(t, chunkKeys.get(qualifiedName(t)));
  if (!column) return [];
  const out: ChunkProbe[] = [];
  for (const leaf of leavesOf(catalog, t)) {
    for (const chunkSize of chunkSizes.filter((c) => wanted(leaf, c))) {
      // The connector decides how to split by the statistics' row count (none before an ANALYZE), not by a count.
      out.push(await probeChunkBoundaries(client, { schema: leaf.schema, name: leaf.name, column, rows: leaf.statisticsRows ?? 0, bestRows: leaf.rows }, chunkSize));
    }
  }
  return out;
}

/** Each root's chunks at `chunkSize` as probed, its leaves summed; only roots whose every leaf was probed or is one chunk by rows. */
function chunksByRoot(catalog: Catalog, probes: readonly ChunkProbe[], chunkSize: number): Map<string, number> {
  const rootOf = partitionRoot(catalog);
  const by = new Map<string, number>();
  const probed = new Map(probes.filter((p) => p.chunkSize === chunkSize).map((p) => [p.table, p.chunks]));
  const unknown = new Set<string>();
  for (const leaf of storedTables(catalog)) {
    const root = rootOf(leaf);
    const chunks = probed.get(qualifiedName(leaf)) ?? (chunksFor(leaf.rows, chunkSize) === 1 ? 1 : undefined);
    if (chunks === undefined) unknown.add(root);
    else by.set(root, (by.get(root) ?? 0) + chunks);
  }
  for (const root of unknown) by.delete(root);
  return by;
}

/** The connector splits by the chunk key column, else by the primary key's first column. */
function splitColumn(t: CatalogTable, chunkKey: string | undefined): { name: string; type: string } | undefined {
  const name = chunkKey ?? t.primaryKey?.columns[0]?.name;
  const col = t.columns.find((c) => c.name === name);
  return col ? { name: col.name, type: col.type } : undefined;
}

function leavesOf(catalog: Catalog, t: CatalogTable): CatalogTable[] {
  if (t.partitions === undefined) return [t];
  return t.partitions.flatMap((p) => {
    const child = catalog.tables.find((c) => qualifiedName(c) === p);
    return child ? leavesOf(catalog, child) : [];
  });
}

/** The parallelisms raw-copy reads the sample's tables at: cheap (seconds), read-only, and what bounds the estimate's extrapolation. */
export const SOURCE_SCALING_PARALLELISMS = [1, 2, 4, 8] as const;

/**
 * The source's own scaling: raw-copy (COPY of the connector's chunks, bytes discarded) of the
 * sample's tables at p = 1, 2, 4, 8. The connector cannot read faster than the source serves, so
 * estimate bounds its speedup at p by this one, and does not extrapolate the source beyond 8.
 * A p the sample's chunks cannot keep busy (more readers than chunks) is not measured.
 */
export async function measureSourceScaling(endpoint: PgEndpoint, tables: SourceTable[], chunkSize: number, log: (line: string) => void): Promise<NonNullable<SampleRecord['sourceScaling']>> {
  const out: NonNullable<SampleRecord['sourceScaling']> = [];
  for (const parallelism of SOURCE_SCALING_PARALLELISMS) {
    const r = await runRawCopy(endpoint, tables, { parallelism, chunkSize });
    const chunks = r.chunkMillis.length;
    out.push({ parallelism, chunks, readSeconds: r.readSeconds, splitSeconds: r.splitSeconds });
    log(`  the source's scaling: raw-copy of the sample's ${chunks} chunks at p = ${parallelism} read in ${r.readSeconds.toFixed(2)} s (${(out[0]!.readSeconds / Math.max(1e-6, r.readSeconds)).toFixed(2)}× p = 1)`);
    if (chunks <= parallelism) break;
  }
  return out;
}

/**
 * A sampled run's full job captures every selected table, and the connector's enumerator reads all
 * their schemas before it splits each one (model/schema-reads.ts): measured with the connector's
 * own code (the first connector version's jar the session runs), read-only, once the jobs are done. A probe that fails costs the estimate its floor for
 * it, said in one line, not the run.
 */
export async function measureSchemaReads(pg: PgEndpoint, catalog: Catalog, artifacts: FlinkArtifacts, result: RunResult, log: (line: string) => void): Promise<void> {
  const sample = result.source?.kind === 'existing' ? result.source.sample : undefined;
  if (!sample) return;
  try {
    sample.schemaReads = await probeSchemaReads(pg, storedTables(catalog), artifacts, log);
  } catch (err) {
    if (!(err instanceof InfraError)) throw err;
    log(`${err.message}: the estimate will not include what the enumerator spends reading every captured table's schema before splitting each (it matters from hundreds of tables)`);
  }
}

export type PartialRead = NonNullable<SampleRecord['partialReads']>[number];

/** A table to read in part (model/sample-plan.ts, partialReads) and how many of its first chunks. */
export interface PartialTable<T = SourceTable> {
  table: T;
  chunks: number;
}

/**
 * Reads each table the plan reads in part (model/sample-plan.ts, partialReads) in a job of its own
 * at p = 1 with the first connector point's settings, stopped once its first chunks (as many as
 * the plan says) are handed out: what its chunks cost, measured, where the sample could not read it whole. After
 * the grid's jobs, under the run's lease (its slot and publication are the run's, dropped as
 * theirs). A job that fails costs the estimate this measurement, said in one line, not the run.
 */
export async function readPartially(run: GridRun, runId: string, points: readonly RunPoint[]): Promise<PartialRead[]> {
  const first = points.find((p) => p.settings.engine === 'flink-cdc')?.settings;
  if (!first || !run.flink) return [];
  const s: PointSettings = { ...first, parallelism: 1, sourceOptions: { ...first.sourceOptions } };
  const out: PartialRead[] = [];
  for (const [i, { table: t, chunks }] of (run.partial ?? []).entries()) {
    // The stop rests on the enumerator's metrics; should they not be read, a bound from the p = 1 job keeps this from reading a large table whole.
    const bound = partialTimeBound(points, chunks);
    const maxJobMs = Math.min(run.maxJobMs ?? Number.POSITIVE_INFINITY, bound ?? Number.POSITIVE_INFINITY);
    const name = qualifiedName(t);
    run.log(`reading ${name} in part: its first ${chunks} chunks at p = 1, then the job is stopped`);
    run.flink.jobStarting();
    const { sample } = await flinkSample(run.e, { name: `${run.subject.name} partial`, schemas: [t.schema] }, [t], s, 1, `cdcsizer_${runId}_x${i + 1}`, run.flink.target(s.connectorVersion!), 0, run.log, Number.isFinite(maxJobMs) ? maxJobMs : undefined, undefined, chunks);
    const read = sample.tables.find((x) => x.table === name);
    const cycles = read?.cycles ?? 0;
    // Stopped by the time bound instead of the chunk count: what it read is still its first chunks.
    if (sample.stoppedBy !== undefined) run.log(`  stopped by its time bound (${Math.round(maxJobMs / 1000)} s), not after ${chunks} chunks: the enumerator's progress was not read in time`);
    if ((!sample.ok && sample.stoppedBy === undefined) || cycles < 2 || read?.cycleSeconds === undefined) {
      run.log(`  ${name} was not measured in part (${sample.failure?.split('\n')[0] ?? `${cycles} cycle(s) counted`}): its chunks are costed as the sample's`);
      continue;
    }
    // One reader, one table: the reader's first cycles are the table's.
    const early = sumIfEvery(sample.readers ?? [], (r) => r.earlyCycles);
    const earlySeconds = sumIfEvery(sample.readers ?? [], (r) => r.earlyCycleSeconds);
    const partial: PartialRead = { table: name, chunkSize: s.chunkSize, rows: read.rows, cycles, cycleSeconds: read.cycleSeconds, wallSeconds: sample.wallSeconds, ...(early !== undefined && earlySeconds !== undefined ? { earlyCycles: early, earlyCycleSeconds: earlySeconds } : {}) };
    out.push(partial);
    const later = steadyCycle(partial);
    run.log(`  ${name}: ${cycles} chunk cycles (${read.rows.toLocaleString('en-US')} rows) in ${sample.wallSeconds.toFixed(1)} s; ${later.after ? `after the job's first ten, ${later.cycles} of ${later.seconds.toFixed(3)} s` : `${later.seconds.toFixed(3)} s on average (too few after the job's first ten to tell them apart)`}`);
  }
  return out;
}

/**
 * How long a partial read of n chunks may run: the first connector job at p = 1 took W s for C
 * chunks, so n chunks take about n · W / C; three times that, and a minute for the job's start and
 * stop (and for chunks wider than the sample's). Undefined without such a job.
 */
export function partialTimeBound(points: readonly RunPoint[], chunks: number): number | undefined {
  const job = points.find((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1)?.samples.find((x) => x.ok && (x.chunks ?? 0) > 0);
  return job ? (3 * chunks * job.wallSeconds * 1000) / job.chunks! + 60_000 : undefined;
}
