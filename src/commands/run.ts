import { loadDataset } from '../datagen/load-dataset.js';
import { datasetPresent } from '../datagen/ownership.js';
import { planGeneration, type GenerationPlan } from '../datagen/table-plan.js';
import { partitionNames } from '../datagen/ddl.js';
import type pg from 'pg';
import type { PointSettings, RunResult } from '../model/run-result.js';
import { uncapturableReason } from '../catalog/connector-names.js';
import { namePattern, patternList, selectTables, TablePatternError } from '../catalog/table-selection.js';
import { loadWorkloadFile } from '../workload/load-workload.js';
import { loadDdlFile } from '../ddl/load-ddl.js';
import { DdlError, resolveDdlSteps, type ResolvedStep } from '../ddl/ddl-runner.js';
import type { DdlStep } from '../ddl/ddl-spec.js';
import { qualifiedName } from '../sql/identifiers.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import { markWritten } from '../datagen/ownership.js';
import type { SyncPlan } from './sync-sample.js';
import { describeTables, type SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { ensureFlinkArtifacts } from '../infra/flink/maven-build.js';
import { InfraError } from '../infra/infra-error.js';
import { connectPg } from '../infra/pg-connect.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { infraChoice, type InfraOptions } from './infra-choice.js';
import { maskResultValues } from '../report/masked-result.js';
import { runStarRocksColumns } from './starrocks-columns.js';
import { writeResultFile, type ResultPlace } from '../report/result-file.js';
import { runTables } from '../report/terminal/run-table.js';
import { fmtBytes } from '../report/terminal/format.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { dropLeftovers, harnessSlotsElsewhere, surveyLeftovers } from '../verify/leftovers.js';
import { leftoverLines } from '../report/terminal/leftover-lines.js';
import { cleanupFailures, reportCleanupFailure, using } from './cleanup.js';
import { requireServedVersions } from './connector-versions.js';
import { measureGrid } from './measure-grid.js';
import { scenarioSubject, type GridSubject } from './grid-subject.js';
import { prepareExisting, type ExistingSelection } from './run-existing.js';
import { FlinkSession } from './flink-session.js';
import { CheckFailedError } from './check-failed.js';
import { UsageError } from './usage-error.js';
import { runOptionSets } from './option-set-args.js';
import { measureSchemaReads, SAMPLE_CATALOG_FILE, type PartialTable } from './run-sample.js';
import type { Catalog } from '../catalog/catalog.js';
import type { SampleSpec } from '../model/sample-plan.js';
import { writeFile } from 'node:fs/promises';
import { probeSink, type SinkPlan } from '../sink/run-sink.js';
import { DEFAULT_JDBC_SINK_URL, parseSinkUrl, sinkEndpointOf, SinkUrlError } from '../sink/sink-url.js';
import { parseSinkOptions, SinkOptionError } from '../sink/sink-options.js';
import path from 'node:path';

export interface RunOptions extends InfraOptions {
  scale?: number;
  pgUrl?: string;
  flinkUrl?: string;
  parallelism: number[];
  chunkSize: number[];
  sourceOption: string[];
  /** Extra option sets, each `k=v,k=v`; every set is measured beside the defaults. */
  optionSet: string[];
  repeat: number;
  engine: 'flink-cdc' | 'raw-copy' | 'both';
  /** Flink CDC versions, measured point by point in this order (A B A B …). */
  connectorVersion: string[];
  /** Rows per table and reader kept for the type-fidelity check; 0 turns it off. */
  fidelityRows: number;
  clean: boolean;
  json: boolean;
  /** Existing database (no scenario): `schema.pattern,…` to measure, and to leave out. */
  tables?: string;
  exclude?: string;
  /** Tables without a primary key and no --chunk-key-column: skip | stop (default stop). */
  noKey?: string;
  /** `schema.table=column`, repeatable. */
  chunkKeyColumn: string[];
  /** --max-job-time in ms (parsed by the CLI): each job is cancelled past it; no bound when absent. */
  maxJobTime?: number;
  /** --sample N|P%: a stratified sample of an existing database's tables (parsed by the CLI). */
  sample?: { spec: SampleSpec; text: string };
  /** Row values read from a --pg-url server shown in result.json and reports instead of masked. */
  showValues?: boolean;
  /** Existing database: keys (counts and key fingerprints, the default) | counts. */
  verify?: string;
  /** Existing database: the longest the verification snapshot may be held (parsed by the CLI; ms 0 = no limit). */
  verifyTimeout?: { text: string; ms: number };
  /** snapshot (default) | caught-up: the snapshot then the stream, with the workload writing. */
  until?: string;
  /** --workload FILE (a scenario's own `workload:` otherwise). */
  workload?: string;
  /** Seconds the workload writes after the snapshot (parsed by the CLI). */
  workloadAfter?: number;
  /** Existing database: the tables the workload may write. */
  workloadTables?: string;
  /** --until caught-up: precreated (default) | filtered (the connector's own publication; loses changes in Flink CDC 3.5.0). */
  publication?: string;
  /** --idle-after S (parsed by the CLI): stream on S seconds once caught up, the captured tables idle. */
  idleAfter?: number;
  /** --ddl FILE: DDL steps made during the sync (a scenario's own `ddl:` otherwise). */
  ddl?: string;
  /** discard (default) | jdbc | starrocks. */
  sink?: string;
  /** --sink-url: mysql://…, postgres://…, starrocks://…; jdbc defaults to the MariaDB of this machine. */
  sinkUrl?: string;
  /** --sink-option k=v (repeatable). */
  sinkOption?: string[];
  /** --sink-database NAME: write there instead of the run's own `cdcsizer_<run>`. */
  sinkDatabase?: string;
  /** --keep-sink: leave what the run created at the sink. */
  keepSink?: boolean;
}

type Syncing = { workload?: WorkloadSpec; publication: SyncPlan['publication']; ddl?: DdlStep[] };

/**
 * --verify-timeout's default. It bounds the snapshot, not each table: what the user's server pays is
 * the snapshot's age (vacuum of every table in the database keeps what it may still see), however many
 * tables it spans. 30 minutes read the keys of about 0.4–0.5 billion rows (0.24–0.29 M keys/s on
 * 2 busy cores, 2026-12-06; counts alone ran at 15–18 M rows/s): a staging database's tables,
 * and not an afternoon of held-back vacuum.
 */
export const DEFAULT_VERIFY_TIMEOUT = { text: '30m', ms: 30 * 60_000 };

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * run SCENARIO: generate if needed, then measure every grid point with each engine, verify counts,
 * write result.json. run --pg-url URL without a scenario: the same on the database's tables as they are.
 */
export async function runCommand(file: string | undefined, opts: RunOptions): Promise<void> {
  const { result, dir, catalogFile } = await runToFolder(file, opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${runTables(result)}\n${changedNote(result)}result: ${dir}/result.json\n${catalogFile ? `catalog: ${catalogFile} (estimate the whole selection: cdc-sizer estimate --calibration ${dir}/result.json --catalog ${catalogFile})\n` : ''}`);
  requireRunsOk(result);
}

/** What a run wrote: its result (masked as written), its folder, and for a sampled run the catalog beside it. */
export interface RunWritten {
  result: RunResult;
  dir: string;
  catalogFile?: string;
}

/** The run itself, up to its folder written (reports/<timestamp>-<subject>/, or `place`); the caller prints and judges it. */
export async function runToFolder(file: string | undefined, opts: RunOptions, place: ResultPlace = {}): Promise<RunWritten> {
  // The embedded server holds only values the tool generated: there is nothing to unmask.
  if (opts.showValues && !opts.pgUrl) throw new UsageError('--show-values unmasks row values read from a --pg-url server; the embedded server\'s values are generated and always shown');
  const selection = existingSelection(file, opts);
  requireScalingMeasured(opts);
  // The connector's defaults (plus --source-option) are always measured; each --option-set beside them.
  const optionSets = runOptionSets(opts.sourceOption, opts.optionSet);
  const plan = file ? planGeneration(await loadScenario(file, { scale: opts.scale })) : undefined;
  if (plan && opts.engine !== 'raw-copy') requireCapturableScenario(plan);
  if (opts.engine !== 'raw-copy') await requireServedVersions(opts.connectorVersion);
  const syncing = await syncOptions(opts, plan, optionSets.length);
  const sinkAsked = sinkOptions(opts);
  // A run with DDL steps measures one point (they change the tables for good): its parallelism as given.
  const parallelisms = syncing?.ddl ? [opts.parallelism[0]!] : [...new Set([1, ...opts.parallelism])].sort((a, b) => a - b);
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, ...infraChoice(opts, Math.max(...parallelisms)), log });
  let catalog: Catalog | undefined;
  const measured = await using(endpoints, async (e) => {
    // The sink answers (and takes the user) before anything is generated or built.
    const sink = sinkAsked ? await sinkPlanFor(sinkAsked, e, opts.flinkUrl !== undefined) : undefined;
    const prepared: { subject: GridSubject; tables: SourceTable[]; catalog?: Catalog; partial?: PartialTable[] } = plan ? await prepareScenario(e, plan, opts) : await withClient(e, (c) => prepareExisting(e, c, selection!, log));
    const { subject, tables } = prepared;
    catalog = prepared.catalog;
    await reportLeftovers(e, opts.clean);
    const engines = opts.engine === 'both' ? (['raw-copy', 'flink-cdc'] as const) : [opts.engine];
    const grid = gridOf(opts, engines, optionSets, parallelisms);
    const sync = syncing ? await syncPlan(e, syncing, plan, tables, opts) : undefined;
    const run = { e, subject, tables, grid, repeat: opts.repeat, sampleRows: opts.fidelityRows, ...(sync ? { sync } : {}), oneJvmPerRound: catalog !== undefined, ...(opts.maxJobTime !== undefined ? { maxJobMs: opts.maxJobTime } : {}), maskValues: Boolean(opts.pgUrl) && !opts.showValues, ...(sink ? { sink } : {}), ...(prepared.partial ? { partial: prepared.partial } : {}), log };
    if (!engines.includes('flink-cdc')) return measureGrid(run);
    const starrocks = await withClient(e, (c) => runStarRocksColumns(c, tables, opts.connectorVersion));
    return withFlinkSession(opts, e, Math.max(...parallelisms), async (flink) => {
      const result = await measureGrid({ ...run, flink });
      if (catalog) await measureSchemaReads(e.pg, catalog, flink.artifacts[0]!, result, log);
      return { ...result, starrocks };
    });
  }).catch((err: unknown) => {
    throw isConnectionLoss(err) ? new InfraError(`PostgreSQL at ${endpoints.pg.host}:${endpoints.pg.port} went away during the run (${(err as Error).message}); the job and the local Flink cluster were stopped; once the server is back, run again with --clean to drop the run's slot and publication if they are still there`) : err;
  });
  const failures = cleanupFailures();
  if (failures.length > 0) measured.cleanupFailures = [...failures];
  // A server the user named holds the user's rows (and other sessions' statements): their values stay out of what is written.
  const result = opts.pgUrl && !opts.showValues ? maskResultValues(measured) : measured;
  const dir = await writeResultFile(result, place);
  if (!catalog) return { result, dir };
  // A sampled run's calibration and the catalog of the whole selection, side by side: estimate needs both.
  const catalogFile = path.join(dir, SAMPLE_CATALOG_FILE);
  await writeFile(catalogFile, `${JSON.stringify(catalog, null, 2)}\n`);
  return { result, dir, catalogFile };
}

/** A run whose samples failed (or were stopped by --max-job-time) says so in one line and exits 1. */
export function requireRunsOk(result: RunResult): void {
  const notOk = result.points.flatMap((p) => p.samples.filter((s) => !s.ok).map((s) => ({ s, line: `${p.settings.engine} p=${p.settings.parallelism} chunk=${p.settings.chunkSize}: ${s.failure}` })));
  if (notOk.length > 0) {
    // A job cancelled at --max-job-time did not fail: it is counted apart, in the same one line.
    const stopped = notOk.filter((x) => x.s.stoppedBy !== undefined).length;
    const failed = notOk.length - stopped;
    const runs = (n: number) => `${n} run${n > 1 ? 's' : ''}`;
    const counts = [...(failed ? [`${runs(failed)} failed`] : []), ...(stopped ? [`${runs(stopped)} stopped by --max-job-time`] : [])].join(', ');
    throw new CheckFailedError(`${counts}; first: ${notOk[0]!.line}`);
  }
}

/** --sink and its options as given, checked before anything starts; the URL is resolved once the endpoints are up. */
interface SinkAsked {
  sink: 'jdbc' | 'starrocks';
  url?: string;
  options: Record<string, string>;
  database?: string;
  keep: boolean;
}

function sinkOptions(opts: RunOptions): SinkAsked | undefined {
  const sink = opts.sink ?? 'discard';
  if (sink !== 'discard' && sink !== 'jdbc' && sink !== 'starrocks') throw new UsageError(`--sink must be discard, jdbc or starrocks, got "${sink}"`);
  const extras = opts.sinkUrl !== undefined || (opts.sinkOption ?? []).length > 0 || opts.sinkDatabase !== undefined || opts.keepSink === true;
  if (sink === 'discard') {
    if (extras) throw new UsageError('--sink-url, --sink-option, --sink-database and --keep-sink belong to a database sink: add --sink jdbc or --sink starrocks');
    return undefined;
  }
  if (opts.engine === 'raw-copy') throw new UsageError('--sink writes the rows the connector reads: use it with --engine flink-cdc (or both)');
  if ((opts.until ?? 'snapshot') !== 'snapshot') throw new UsageError('--sink with --until caught-up is not supported yet: a database sink is measured on the snapshot');
  if (opts.sinkDatabase !== undefined && (opts.sinkDatabase.trim() === '' || [...opts.sinkDatabase].length > 63 || /\s$/.test(opts.sinkDatabase))) throw new UsageError('--sink-database must be a name of 1 to 63 characters, not ending in a space');
  let url: string | undefined;
  if (opts.sinkUrl !== undefined) {
    try {
      const kind = parseSinkUrl(opts.sinkUrl).kind;
      if (sink === 'jdbc' && kind === 'starrocks') throw new UsageError('--sink jdbc writes to mysql:// or postgres:// URLs; a starrocks:// URL needs --sink starrocks');
      if (sink === 'starrocks' && kind !== 'starrocks') throw new UsageError(`--sink starrocks needs a starrocks://user@fe-host:9030?http=8030 URL, got ${kind}://`);
    } catch (err) {
      throw err instanceof SinkUrlError ? new UsageError(err.message) : err;
    }
    url = opts.sinkUrl;
  }
  let options: Record<string, string>;
  try {
    options = parseSinkOptions(sink, opts.sinkOption ?? []);
  } catch (err) {
    throw err instanceof SinkOptionError ? new UsageError(err.message) : err;
  }
  return { sink, ...(url !== undefined ? { url } : {}), options, ...(opts.sinkDatabase !== undefined ? { database: opts.sinkDatabase } : {}), keep: opts.keepSink === true };
}

/**
 * The sink's address: --sink-url, else one the provider started (Endpoints.sink), else for jdbc the
 * MariaDB of this machine. StarRocks has no default: no StarRocks runs here.
 */
async function sinkPlanFor(asked: SinkAsked, e: Endpoints, flinkElsewhere: boolean): Promise<SinkPlan> {
  // A provider's sinks: its MariaDB for jdbc, its StarRocks (when its image could be had) for starrocks.
  const provided = asked.sink === 'starrocks' ? e.starrocks : e.sink && e.sink.kind !== 'starrocks' ? e.sink : undefined;
  const endpoint = asked.url !== undefined ? sinkEndpointOf(asked.url) : provided ?? (asked.sink === 'jdbc' ? sinkEndpointOf(DEFAULT_JDBC_SINK_URL) : undefined);
  if (!endpoint) throw new UsageError('--sink starrocks needs --sink-url starrocks://user@fe-host:9030?http=8030: no StarRocks runs here to default to');
  // The job runs in a container (or on the user's cluster): a loopback address there is not this machine.
  if (asked.url !== undefined && (e.provider === 'testcontainers' || flinkElsewhere) && /^[a-z]+:\/\/(?:[^@/]*@)?(?:localhost|127\.[\d.]+|\[::1\])(?::\d+)?(?:[/?]|$)/i.test(asked.url)) {
    throw new UsageError(`--sink-url names a loopback address, which the Flink job ${e.provider === 'testcontainers' ? 'in its container' : 'on the cluster given by --flink-url'} cannot reach as this machine: give the sink's address as the job sees it`);
  }
  const plan: SinkPlan = { sink: asked.sink, endpoint, keep: asked.keep, options: asked.options, ...(asked.database !== undefined ? { database: asked.database } : {}) };
  await probeSink(plan);
  log(`sink: ${asked.sink} into ${endpoint.display}${asked.database !== undefined ? `, database "${asked.database}"` : ", the run's own database"}`);
  return plan;
}

/** --until caught-up and the workload it runs, checked before anything starts. */
async function syncOptions(opts: RunOptions, plan: GenerationPlan | undefined, optionSets: number): Promise<Syncing | undefined> {
  const until = opts.until ?? 'snapshot';
  if (until !== 'snapshot' && until !== 'caught-up') throw new UsageError(`--until must be snapshot or caught-up, got "${until}"`);
  if (until === 'snapshot') {
    if (opts.workload !== undefined || opts.workloadTables !== undefined || opts.publication !== undefined || opts.idleAfter !== undefined || opts.ddl !== undefined) throw new UsageError('--workload, --workload-tables, --publication, --idle-after and --ddl belong to a sync: add --until caught-up');
    return undefined;
  }
  if (opts.engine !== 'flink-cdc') throw new UsageError('--until caught-up measures the connector\'s stream: use it with --engine flink-cdc');
  if (opts.sample) throw new UsageError('--sample sizes the snapshot from a sample; --until caught-up runs the whole selection: use one or the other');
  const workload = opts.workload !== undefined ? await loadWorkloadFile(opts.workload) : plan?.scenario.workload;
  if (workload && !plan && opts.workloadTables === undefined) throw new UsageError('the workload writes into an existing database only into tables named with --workload-tables (schema.table patterns, as --tables); nothing is written without it');
  if (opts.idleAfter !== undefined && !plan) throw new UsageError('--idle-after writes into a database it creates on the server for the time: it runs with a scenario, not on an existing database');
  if (opts.workloadTables !== undefined && plan) throw new UsageError('--workload-tables names the tables of an existing database the workload may write; a scenario\'s tables are cdc-sizer\'s own');
  const publication = opts.publication ?? 'precreated';
  if (publication !== 'precreated' && publication !== 'filtered') throw new UsageError(`--publication must be precreated or filtered, got "${publication}"`);
  const ddl = opts.ddl !== undefined ? await loadDdlFile(opts.ddl) : plan?.scenario.ddl;
  if (ddl) checkDdlRun(ddl, workload, plan, opts, optionSets);
  return { ...(workload ? { workload } : {}), publication, ...(ddl ? { ddl } : {}) };
}

/** What a run with DDL steps needs: a workload (its changes show what reached the sink) and one grid point (the steps change the tables for good). */
function checkDdlRun(ddl: DdlStep[], workload: WorkloadSpec | undefined, plan: GenerationPlan | undefined, opts: RunOptions, optionSets: number): void {
  if (!workload) throw new UsageError('DDL steps need a workload (a scenario\'s workload: or --workload): its changes after each step show what reached the sink');
  if (new Set(opts.parallelism).size > 1 || opts.chunkSize.length > 1 || optionSets > 1 || opts.repeat > 1 || opts.connectorVersion.length > 1) {
    throw new UsageError('DDL steps change the tables for good, so a run with them measures one grid point: give one --parallelism value, one --chunk-size, no --option-set, --repeat 1 and one --connector-version (run again for another)');
  }
  // A scenario's tables are known before anything starts: a step on a table it does not make is said now.
  if (plan) resolveOrRefuse(ddl, plan.tables.map((t) => ({ schema: t.spec.schema, name: t.spec.name, key: [], ...(t.spec.partitions ? { partitions: partitionNames(t) } : {}) })));
}

function resolveOrRefuse(ddl: DdlStep[], tables: SourceTable[]): ResolvedStep[] {
  try {
    return resolveDdlSteps(ddl, tables);
  } catch (err) {
    throw err instanceof DdlError ? new UsageError(err.message) : err;
  }
}

/** Where the workload may write: a scenario's tables (marked as written, so the next run regenerates them), or the --workload-tables of an existing database. */
async function syncPlan(e: Endpoints, syncing: Syncing, plan: GenerationPlan | undefined, tables: SourceTable[], opts: RunOptions): Promise<SyncPlan> {
  const ddl = syncing.ddl ? resolveOrRefuse(syncing.ddl, tables) : undefined;
  const base = { ...(syncing.workload ? { workload: syncing.workload } : {}), workloadAfterSeconds: opts.workloadAfter ?? 10, publication: syncing.publication, ...(opts.idleAfter !== undefined ? { idleSeconds: opts.idleAfter } : {}), ...(ddl ? { ddl } : {}) };
  if (!syncing.workload) return { ...base, writable: [] };
  if (plan) {
    const client = await connectPg(e.pg);
    await markWritten(client, plan.scenario.schema, plan.tables.map((t) => t.spec.name), plan.scenario.name, plan.scenario.hash).finally(() => client.end());
    return { ...base, writable: tables.map((t) => ({ schema: t.schema, name: t.name })) };
  }
  const { selected, unmatched } = selectTables(tables, patterns('--workload-tables', opts.workloadTables), []);
  if (unmatched.length > 0) throw new UsageError(`--workload-tables: ${unmatched.join(', ')} matches none of the tables the run captures`);
  // DDL cannot be undone on a user's table: only the tables the user let the workload write are changed.
  const outside = ddl?.find((r) => !selected.includes(r.table));
  if (outside) throw new UsageError(`ddl step ${outside.index + 1}: ${qualifiedName(outside.table)} is not among --workload-tables; DDL steps change only tables named there (their changes cannot be undone)`);
  return { ...base, writable: selected.map((t) => ({ schema: t.schema, name: t.name })) };
}

/** The capacity model refuses a calibration without scaling measured: a sample for estimate says so before anything runs. */
export function requireScalingMeasured(opts: Pick<RunOptions, 'sample' | 'parallelism'>): void {
  if (opts.sample && !opts.parallelism.some((p) => p > 1)) throw new UsageError('--sample feeds estimate, which needs parallelism 1 and at least one above it: add --parallelism 2 (or more)');
}

/** What selects and verifies an existing database's tables, as the commands that measure one take it. */
export type SelectionOptions = Pick<RunOptions, 'pgUrl' | 'scale' | 'tables' | 'exclude' | 'noKey' | 'chunkKeyColumn' | 'sample' | 'verify' | 'verifyTimeout' | 'engine' | 'chunkSize'>;

/** The options of the existing-database mode, checked against the mode the arguments ask for. */
export function existingSelection(file: string | undefined, opts: SelectionOptions, command = 'run'): ExistingSelection | undefined {
  const selecting = opts.tables !== undefined || opts.exclude !== undefined || opts.noKey !== undefined || opts.chunkKeyColumn.length > 0;
  if (file && opts.sample) throw new UsageError('--sample measures a sample of an existing database\'s tables (--pg-url without a scenario); a scenario is generated whole: make it smaller with --scale');
  if (file) {
    if (opts.verify !== undefined || opts.verifyTimeout !== undefined) throw new UsageError('--verify and --verify-timeout choose how an existing database\'s tables are verified (--pg-url without a scenario); a scenario\'s tables are verified against the counts it generated');
    if (selecting) throw new UsageError('--tables, --exclude, --no-key and --chunk-key-column select tables of an existing database: use them with --pg-url and no scenario');
    return undefined;
  }
  if (!opts.pgUrl) throw new UsageError(`${command} needs a scenario file, or --pg-url to measure the tables of an existing database`);
  if (opts.scale !== undefined) throw new UsageError('--scale multiplies a scenario\'s rows; an existing database is measured as it is');
  const noKey = opts.noKey ?? 'stop';
  if (noKey !== 'skip' && noKey !== 'stop') throw new UsageError(`--no-key must be skip or stop, got "${noKey}"`);
  const verify = opts.verify ?? 'keys';
  if (verify !== 'keys' && verify !== 'counts') throw new UsageError(`--verify must be keys or counts, got "${verify}"`);
  const timeout = opts.verifyTimeout ?? DEFAULT_VERIFY_TIMEOUT;
  return { verify, ...(timeout.ms > 0 ? { verifyTimeout: timeout } : {}), include: patterns('--tables', opts.tables), exclude: patterns('--exclude', opts.exclude), noKey, chunkKeyColumns: opts.chunkKeyColumn, rawCopyOnly: opts.engine === 'raw-copy', ...(opts.sample ? { sample: { ...opts.sample, chunkSizes: opts.chunkSize } } : {}) };
}

/** A table pattern list; one that cannot be read is bad input. */
function patterns(option: string, v: string | undefined): string[] {
  try {
    return patternList(v);
  } catch (err) {
    if (err instanceof TablePatternError) throw new UsageError(`${option}: ${err.message}`);
    throw err;
  }
}

/** A scenario table named so that the connector would misread it (see connector-names.ts) is refused before anything starts. */
function requireCapturableScenario(plan: GenerationPlan): void {
  for (const t of plan.tables) {
    const reason = uncapturableReason(t.spec.schema, t.spec.name);
    if (reason) throw new UsageError(`Flink CDC cannot capture the scenario's table ${namePattern(t.spec)}: ${reason}; rename it in the scenario, or measure it with --engine raw-copy`);
  }
}

/** A scenario: logical decoding checked first, then generated unless already there. */
export async function prepareScenario(e: Endpoints, plan: GenerationPlan, opts: Pick<RunOptions, 'engine'>): Promise<{ subject: GridSubject; tables: SourceTable[] }> {
  if (opts.engine !== 'raw-copy') await requireLogicalWal(e);
  await ensureDataset(e, plan);
  return { subject: scenarioSubject(plan), tables: await sourceTables(e, plan) };
}

/** Reading a user's database: the session refuses writes whatever a statement says. */
export async function withClient<T>(e: Endpoints, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectPg(e.pg, { applicationName: 'cdc-sizer run', settings: { default_transaction_read_only: 'on' } });
  return body(client).finally(() => client.end());
}

/** The server closed our connections (shut down, crashed, or a network cut): an environment failure, not a bug. */
function isConnectionLoss(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return ['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(code) || /Connection terminated|Client was closed|terminating connection|not queryable/i.test((err as Error)?.message ?? '');
}

export function changedNote(result: RunResult): string {
  const changed = result.source?.kind === 'existing' ? result.source.changedTables : [];
  return changed.length ? `changed during the run (written to after they were counted; counts not verified): ${changed.join(', ')}\n` : '';
}

/**
 * chunk size × option set × parallelism × engine (× connector version, innermost, so that versions
 * alternate point by point and drift on a noisy machine falls on both).
 */
function gridOf(opts: RunOptions, engines: readonly ('flink-cdc' | 'raw-copy')[], optionSets: Record<string, string>[], parallelisms: number[]): PointSettings[] {
  return opts.chunkSize.flatMap((chunkSize) =>
    optionSets.flatMap((sourceOptions, set) =>
      parallelisms.flatMap((parallelism) =>
        engines.flatMap((engine): PointSettings[] =>
          engine === 'raw-copy'
            ? // raw-copy has no connector options: measure it once per chunk size and parallelism.
              set === 0 ? [{ engine, parallelism, chunkSize, sourceOptions: {} }] : []
            : opts.connectorVersion.map((connectorVersion) => ({ engine, parallelism, chunkSize, sourceOptions, connectorVersion })),
        ),
      ),
    ),
  );
}

export async function ensureDataset(e: Endpoints, plan: GenerationPlan): Promise<void> {
  const client = await connectPg(e.pg);
  const present = await datasetPresent(client, plan.scenario.schema, plan.tables.map((t) => t.spec), plan.scenario.hash).finally(() => client.end());
  if (present) {
    log(`the database already holds "${plan.scenario.name}" (hash ${plan.scenario.hash}); not generating`);
    return;
  }
  log(`generating "${plan.scenario.name}" at scale ${plan.scenario.scale}…`);
  const loaded = await loadDataset(e.pg, plan, { concurrency: 2, allowExisting: false });
  log(`generated ${loaded.rows.toLocaleString('en-US')} rows, ${fmtBytes(loaded.diskBytes)} on disk`);
}

/** The connector needs logical decoding; say so before generating or building anything. */
export async function requireLogicalWal(e: Endpoints): Promise<void> {
  const client = await connectPg(e.pg);
  try {
    const { rows } = await client.query<{ wal_level: string }>('SHOW wal_level');
    const level = rows[0]!.wal_level;
    if (level !== 'logical') throw new InfraError(`PostgreSQL at ${e.pg.host}:${e.pg.port} has wal_level=${level}; Flink CDC needs wal_level=logical (ALTER SYSTEM SET wal_level = logical, then restart the server), or use --engine raw-copy`);
  } finally {
    await client.end();
  }
}

/**
 * Leftovers of earlier runs in this database, said before measuring, and with --clean dropped. Never
 * touched: an active slot, anything of a run still measuring (a colleague's), another database's
 * slots. Meeting those is not an error: the run goes on, and they are named so their owner can be found.
 */
async function reportLeftovers(e: Endpoints, clean: boolean): Promise<void> {
  const client = await connectPg(e.pg);
  try {
    const found = clean ? await dropLeftovers(client) : await surveyLeftovers(client);
    for (const line of leftoverLines(found, e.pg.database, await harnessSlotsElsewhere(client), clean)) log(line);
    for (const f of found.failures) reportCleanupFailure(f);
  } finally {
    await client.end();
  }
}

export async function sourceTables(e: Endpoints, plan: GenerationPlan): Promise<SourceTable[]> {
  const client = await connectPg(e.pg);
  try {
    return await describeTables(client, plan.tables.map((t) => t.spec), 'row_no');
  } finally {
    await client.end();
  }
}

/** Builds the job (first use), starts the local cluster unless --flink-url, uploads the jar; tears all of it down after. */
export async function withFlinkSession<T>(opts: RunOptions, e: Endpoints, slots: number, body: (session: FlinkSession) => Promise<T>): Promise<T> {
  const artifacts = [];
  for (const v of opts.connectorVersion) artifacts.push(await ensureFlinkArtifacts(v, log));
  // A provider's own cluster (containers) is driven like a --flink-url cluster; the password of its
  // throwaway server reaches the job as a program argument, which the note for a user's cluster need not say.
  const session = e.flinkUrl ? new FlinkSession(artifacts, slots, e.flinkUrl, log) : new FlinkSession(artifacts, slots, opts.flinkUrl, log, e.pg.password);
  return using(session, async () => body(await session.open()));
}

