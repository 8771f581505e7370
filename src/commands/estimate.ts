import { catalogSchema, CATALOG_SCHEMA_VERSION, storedTables, type Catalog } from '../catalog/catalog.js';
import { qualifiedName } from '../sql/identifiers.js';
import { CalibrationError, explainModel, fitCapacityModel, type CapacityModel } from '../model/capacity-model.js';
import { estimateSnapshot, fmtDuration, type ExtrapolationBounds } from '../model/estimate.js';
import { estimateResultSchema, type EstimateResult } from '../model/estimate-result.js';
import { RESULT_SCHEMA_VERSION, runResultSchema, type RunResult } from '../model/run-result.js';
import type { Workload } from '../model/workload.js';
import { estimateTables } from '../report/terminal/estimate-table.js';
import { writeEstimateFile, type ResultPlace } from '../report/result-file.js';
import { readJsonFile } from './read-json-file.js';
import { applySample, partialReadsAt, sampleCostNote, sampledTableSizes, sampleOf } from './estimate-sampling.js';
import { sampleCosts, type SampleCosts } from '../model/sample-costs.js';
import { unusedSamples, unusedSamplesNote } from '../model/calibration-samples.js';
import { UsageError } from './usage-error.js';
import { parseOptionSet } from './option-set-args.js';
import { estimateSync, type SyncEstimate } from '../model/sync-estimate.js';
import { streamCapacityResultSchema, type CapacityEngine, type StreamCapacityResult } from '../model/stream-capacity.js';
import { optionSetText } from '../model/option-set.js';

export interface EstimateOptions {
  calibration: string[];
  catalog: string;
  parallelism: number[];
  chunkSize?: number;
  /** The calibration's option set to predict with, `k=v,k=v`; the connector's defaults when absent. */
  sourceOptions?: string;
  freeDisk?: number;
  /** --write-rate: row changes per second to the selected tables during the sync (default: the catalog's sampled rate). */
  writeRate?: number;
  /** --stream-capacity: a stream-capacity result.json, the connector's stream reader measured. */
  streamCapacity?: string;
  json: boolean;
}

/** estimate: fit the capacity model on calibration runs, predict the catalog's snapshot, write and print it. */
export async function estimateCommand(opts: EstimateOptions): Promise<void> {
  const { result, dir } = await estimateToFolder(opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${estimateTables(result)}\nresult: ${dir}/result.json\n`);
}

/** The estimate, up to its folder written (reports/<timestamp>-estimate-<catalog>/, or `place`); the caller prints it. */
export async function estimateToFolder(opts: EstimateOptions, place: ResultPlace = {}): Promise<{ result: EstimateResult; dir: string }> {
  if (opts.calibration.length === 0) throw new UsageError('estimate needs at least one --calibration result.json (from `cdc-sizer run`)');
  const runs = await Promise.all(opts.calibration.map((f) => readJsonFile(f, runResultSchema, { kind: 'run', schemaVersion: RESULT_SCHEMA_VERSION, what: 'a cdc-sizer run result (result.json of `run`)' })));
  requireOneConnectorVersion(runs, opts.calibration);
  const catalog = await readJsonFile(opts.catalog, catalogSchema, { kind: 'catalog', schemaVersion: CATALOG_SCHEMA_VERSION, what: 'a cdc-sizer catalog (catalog.json of `profile`)' });
  const options = parseOptionSet(opts.sourceOptions, '--source-options');
  const { model, estimate, sampling, bounds, unused, unusedNote } = estimateFromRuns(runs, catalog, { catalogName: opts.catalog, sourceOptions: options, parallelism: opts.parallelism, ...(opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {}), ...(opts.freeDisk !== undefined ? { freeDisk: opts.freeDisk } : {}) });
  if (unusedNote !== undefined && opts.json) process.stderr.write(`${unusedNote}\n`); // the tables show it under the model
  const result: EstimateResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'estimate',
    createdAt: new Date().toISOString(),
    calibration: {
      files: opts.calibration,
      scenarios: model.measured.scenarios,
      sourceOptions: model.sourceOptions,
      costs: model.costs,
      fixedSeconds: model.fixedSeconds,
      law: model.law,
      splitting: model.splitting,
      measuredParallelisms: model.measured.parallelisms,
      measuredChunkSizes: model.measured.chunkSizes,
      cores: model.measured.cores,
      fit: model.fit,
      explanation: [...explainModel(model), ...(unusedNote !== undefined ? [unusedNote] : [])],
      ...(unused.length > 0 ? { unusedSamples: unused } : {}),
    },
    ...estimate,
    ...(Object.keys(bounds).length > 0 ? { bounds } : {}),
    ...(sampling ? { sampling } : {}),
  };
  const sync = await wholeSync(opts, runs, catalog, estimate);
  if (sync) {
    result.sync = sync.estimate;
    result.verdict = `${result.verdict}; whole sync: ${sync.estimate.note}`;
    if (sync.elsewhere) result.extrapolations.push(sync.elsewhere);
  }
  // A NaN would be written as null and break the file's own schema: check before writing.
  estimateResultSchema.parse(result);
  return { result, dir: await writeEstimateFile(result, place) };
}

/** The connector's stream reader as a stream-capacity result file measured it; a file without its capacity is bad input. */
export async function streamReaderCapacity(file: string): Promise<{ measured: StreamCapacityResult } & ConnectorCapacity> {
  const measured = await readJsonFile(file, streamCapacityResultSchema, { kind: 'stream-capacity', schemaVersion: RESULT_SCHEMA_VERSION, what: 'a cdc-sizer stream-capacity result (result.json of `stream-capacity`)' });
  const found = connectorCapacity(measured);
  if (!found) throw new UsageError(`${file} holds no measured capacity of the connector's stream reader (run stream-capacity with --engine flink-cdc or both)`);
  return { measured, ...found };
}

type ConnectorCapacity = { connector: CapacityEngine; capacity: number; how: string };

/** The connector's stream reader: its backlog drain rate, else the highest rate it kept up with below one it did not; undefined when neither was measured. */
export function connectorCapacity(measured: StreamCapacityResult): ConnectorCapacity | undefined {
  const connector = measured.engines.find((e) => e.engine === 'flink-cdc');
  const drained = connector?.drain?.changesPerSecond;
  const kept = connector && connector.bound === 'measured' && connector.sustainedPerSecond > 0 ? connector.sustainedPerSecond : undefined;
  const capacity = drained ?? kept;
  if (!connector || capacity === undefined) return undefined;
  const how = drained !== undefined ? `the connector ${connector.connectorVersion ?? ''} read a backlog at ${Math.round(drained)} changes/s` : `the connector kept up with ${Math.round(kept!)} changes/s and fell behind above`;
  return { connector, capacity, how: how.replace('  ', ' ') };
}

/** The whole sync (model/sync-estimate.ts) when the stream reader's capacity was measured; without a write rate it cannot be said. */
async function wholeSync(opts: EstimateOptions, runs: RunResult[], catalog: Catalog, estimate: Pick<EstimateResult, 'predictions' | 'recommended' | 'wal'>): Promise<{ estimate: SyncEstimate; elsewhere?: string } | undefined> {
  if (opts.streamCapacity === undefined) {
    if (opts.writeRate !== undefined) throw new UsageError('--write-rate needs --stream-capacity (a stream-capacity result.json): the catch-up depends on how fast the stream reader reads');
    return undefined;
  }
  const { measured, connector, capacity, how } = await streamReaderCapacity(opts.streamCapacity);
  const sampled = catalog.sampledSeconds > 0 ? storedTables(catalog).reduce((a, t) => a + t.writes.insertsPerSecond + t.writes.updatesPerSecond + t.writes.deletesPerSecond, 0) : undefined;
  const writes = opts.writeRate ?? sampled;
  if (writes === undefined) throw new UsageError(`the catalog holds no sampled write rate (profile --sample-seconds): give the rate the source will see during the sync with --write-rate N (row changes per second)`);
  const rec = estimate.predictions.find((x) => x.parallelism === estimate.recommended)!;
  const sync = estimateSync(
    { parallelism: rec.parallelism, snapshot: rec, writesPerSecond: writes, ...(connector.drain && connector.drain.backlogChanges > 0 ? { walBytesPerChange: connector.drain.backlogWalBytes / connector.drain.backlogChanges } : {}), writesFrom: opts.writeRate !== undefined ? 'option' : 'catalog', capacityPerSecond: capacity, capacityFrom: `${opts.streamCapacity}: ${how}`, ...(estimate.wal.walBytesPerSecond !== undefined ? { walBytesPerSecond: estimate.wal.walBytesPerSecond } : {}) },
    fmtDuration,
  );
  const elsewhere = capacityMeasuredElsewhere(measured, runs, capacity);
  return { estimate: sync, ...(elsewhere ? { elsewhere } : {}) };
}

/**
 * A stream capacity measured on another server than the calibration's (the embedded PostgreSQL of
 * the measuring machine, say) is that server's figure: said plainly, with what carries over, the
 * connector's share of the stream ceiling measured beside it. Results that do not record their
 * server, and calibrations of a scenario (no server of the user's), say nothing.
 */
export function capacityMeasuredElsewhere(measured: StreamCapacityResult, runs: readonly RunResult[], capacity: number): string | undefined {
  const where = measured.source;
  const servers = runs.flatMap((r) => (r.source?.kind === 'existing' ? [{ server: r.source.server, database: r.source.database }] : []));
  if (!where || servers.length === 0) return undefined;
  if (where.provider === 'external' && servers.some((s) => s.server === where.server && s.database === where.database)) return undefined;
  const on = where.provider === 'embedded' ? `the embedded PostgreSQL ${where.postgres} that cdc-sizer ran on the measuring machine (scenario ${measured.subject} at scale ${where.scale})` : `PostgreSQL ${where.postgres} at ${where.server}, database "${where.database}" (scenario ${measured.subject})`;
  const drained = (engine: CapacityEngine['engine']) => measured.engines.find((e) => e.engine === engine)?.drain?.changesPerSecond;
  const [connector, ceiling] = [drained('flink-cdc'), drained('stream-ceiling')];
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const share =
    connector !== undefined && ceiling !== undefined && ceiling > 0
      ? `there the connector's stream reader read a backlog at ${Math.round((connector / ceiling) * 100)} % of the stream ceiling's rate (a bare pgoutput consumer of its own slot: ${fmt(ceiling)} changes/s)`
      : measured.connectorShare !== undefined
        ? `there the highest rate the connector's stream reader kept up with was ${Math.round(measured.connectorShare * 100)} % of the stream ceiling's`
        : undefined;
  const carries = share ? `What carries over is the ratio: ${share}; expect about that share of what one slot delivers on your server, whose ceiling was not measured` : "What carries over is the connector's share of the stream ceiling, which this result did not measure (stream-capacity --engine both measures it)";
  return `the stream reader's capacity (${fmt(capacity)} changes/s) was measured on ${on}, not on the calibration's server ${servers[0]!.server} ("${servers[0]!.database}"): that figure belongs to that server and machine, and the whole-sync estimate uses it as it is. ${carries}. To measure it on your server: stream-capacity SCENARIO --pg-url … (it creates the scenario's tables there and writes to them)`;
}

/**
 * The estimate of a catalog from calibration runs, without files: fit the model (a sampled run's
 * measured costs first), apply a sample's probes to the catalog, bound the extrapolation, predict.
 */
export function estimateFromRuns(runs: RunResult[], catalog: Catalog, opts: { catalogName: string; sourceOptions: Record<string, string>; parallelism: number[]; chunkSize?: number; freeDisk?: number }) {
  const options = opts.sourceOptions;
  const calibrated = [...new Set(runs.flatMap((r) => r.points.map((p) => p.settings.chunkSize)))];
  const chunkSize = opts.chunkSize ?? (calibrated.includes(8096) ? 8096 : calibrated[0]!);
  // A sampled run is too small for the joint fit: its per-table cost and start-up are measured (model/sample-costs.ts).
  const sample = sampleOf(runs);
  const known = sample ? sampleCosts(runs, options, chunkSize, sampledTableSizes(sample, catalog, chunkSize), partialReadsAt(sample, chunkSize)) : undefined;
  const model = fitOrExplain(runs, options, chunkSize, known);
  const workload = workloadFromCatalog(catalog, opts.catalogName, opts.freeDisk);
  if (workload.tables.length === 0) throw new UsageError(`${opts.catalogName} holds no tables: profile the schemas that hold them (profile --schemas a,b)`);
  const sampling = sample ? applySample(sample, catalog, workload, chunkSize) : undefined;
  const bounds = extrapolationBounds(runs);
  // The measured parallelisms are always predicted: they are what the evidence supports.
  const estimate = estimateSnapshot(model, workload, [1, ...model.measured.parallelisms, ...opts.parallelism], chunkSize, bounds);
  if (sampling && known) sampling.note += `; the sample's per-table cost is its splitting measured on the server (${known.perTableSeconds.toFixed(3)} s a table) and its readers' start-up (${known.startSeconds.toFixed(1)} s before the first record, from the records' cadence) counts as fixed; the per-chunk cost (${model.costs.perChunkSeconds.toFixed(3)} s${model.costs.perGbSeconds > 0 ? ` plus ${model.costs.perGbSeconds.toFixed(1)} s per GB of the chunk` : ''}) and the scaling law are fitted to its runs`;
  if (sampling) sampling.note += sampleCostNote(runs, estimate.predictions) ?? '';
  if (sampling) estimate.extrapolations.unshift(sampling.note);
  // The fit says what it could not use (a chunk count or splitting time the run could not read), never drops it silently.
  const unused = unusedSamples(runs, options).filter((u) => (model.measured.atChunkSize ? u.chunkSize === chunkSize : true));
  return { model, estimate, sampling, bounds, unused, unusedNote: unusedSamplesNote(unused) };
}

function fitOrExplain(runs: RunResult[], options: Record<string, string>, chunkSize: number, known?: SampleCosts): CapacityModel {
  try {
    return fitCapacityModel(runs, options, chunkSize, known);
  } catch (err) {
    if (!(err instanceof CalibrationError)) throw err;
    if (/above parallelism 1/.test(err.message)) throw new UsageError(`the calibration has ${err.message}`);
    const sets = [...new Set(runs.flatMap((r) => r.points.filter((p) => p.settings.engine === 'flink-cdc' && p.samples.some((s) => s.ok)).map((p) => optionSetText(p.settings.sourceOptions) || '(defaults)')))];
    throw new UsageError(
      sets.length === 0
        ? 'the calibration has no successful flink-cdc run at parallelism 1: run `cdc-sizer run SCENARIO --engine flink-cdc` first'
        : `the calibration has no successful flink-cdc run at parallelism 1 with ${optionSetText(options) || 'the connector\'s defaults'}; measured option sets: ${sets.join(' | ')} (choose one with --source-options)`,
    );
  }
}

/** The tables a snapshot reads (leaf partitions, not their parents) with what the model needs of them. */
export function workloadFromCatalog(catalog: Catalog, name: string, freeDiskBytes?: number): Workload {
  return {
    name,
    tables: storedTables(catalog).map((t) => ({ name: qualifiedName(t), rows: t.rows, diskBytes: t.heapBytes + t.toastBytes, hasKey: t.primaryKey !== null, keyShape: t.keyShape.shape })),
    ...(catalog.sampledSeconds > 0 ? { walBytesPerSecond: catalog.server.walBytesPerSecond } : {}),
    ...(catalog.server.maxSlotWalKeepSize !== null ? { maxSlotWalKeepSizeBytes: catalog.server.maxSlotWalKeepSize } : {}),
    ...(freeDiskBytes !== undefined ? { freeDiskBytes } : {}),
  };
}

/** Two connector versions in one calibration would fit one model to two different connectors. */
function requireOneConnectorVersion(runs: RunResult[], files: string[]): void {
  const versions = new Set(runs.flatMap((r) => r.points.flatMap((p) => (p.settings.connectorVersion ? [p.settings.connectorVersion] : []))));
  if (versions.size > 1) throw new UsageError(`the calibration (${files.join(', ')}) holds Flink CDC ${[...versions].join(' and ')}: calibrate with runs of one connector version`);
}

/**
 * What the calibration measured that bounds extrapolation: the source's raw-copy scaling (the
 * sampled run's) and the Flink cluster's slots and cores; of several runs, the source's scaling
 * of the first that has it, and the cluster with the fewest slots.
 */
export function extrapolationBounds(runs: readonly RunResult[]): ExtrapolationBounds {
  const scaling = runs.map((r) => (r.source?.kind === 'existing' ? r.source.sample?.sourceScaling : undefined)).find((s) => s !== undefined && s.length > 0);
  const clusters = runs.flatMap((r) => (r.cluster ? [r.cluster] : [])).sort((a, b) => (a.where === b.where ? a.slots - b.slots : a.where === 'remote' ? -1 : 1));
  const cluster = clusters[0];
  const schemaReads = runs.map((r) => (r.source?.kind === 'existing' ? r.source.sample?.schemaReads : undefined)).find((s) => s !== undefined);
  return {
    ...(schemaReads ? { schemaReads: { points: schemaReads.points, fixedSeconds: schemaReads.fixedSeconds, perTableSeconds: schemaReads.perTableSeconds } } : {}),
    ...(scaling ? { sourceScaling: scaling.map((s) => ({ parallelism: s.parallelism, readSeconds: s.readSeconds })) } : {}),
    ...(cluster ? { cluster: { where: cluster.where, slots: cluster.slots, cores: cluster.cores } } : {}),
  };
}
