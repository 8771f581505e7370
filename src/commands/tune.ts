import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ratioOfMediansInterval } from '../compare/bootstrap.js';
import { planGeneration } from '../datagen/table-plan.js';
import type { Catalog } from '../catalog/catalog.js';
import type { SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { startEndpoints } from '../infra/start-endpoints.js';
import { median } from '../model/statistics.js';
import type { PointSettings, RunResult } from '../model/run-result.js';
import { stamp, type ResultPlace } from '../report/result-file.js';
import { tuneReportHtml } from '../report/html/tune-report.js';
import { tuneTable } from '../report/terminal/tune-table.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { qualifiedName } from '../sql/identifiers.js';
import { configSnippets } from '../tune/config-snippets.js';
import { parseSpace } from '../tune/space-args.js';
import { candidateText, DEFAULT_CHUNK_SIZE, defaultsAt, drawCandidates, isDefaults, type Candidate } from '../tune/search-space.js';
import { successiveHalving, type Measurement, type Rung, type Trial } from '../tune/successive-halving.js';
import { TUNE_SCHEMA_VERSION, tuneResultSchema, type TuneResult } from '../tune/tune-result.js';
import { using } from './cleanup.js';
import { estimateToFolder } from './estimate.js';
import { sampledRunOptions } from './size.js';
import { requireServedVersions } from './connector-versions.js';
import type { FlinkSession } from './flink-session.js';
import type { GridSubject } from './grid-subject.js';
import { measureGrid } from './measure-grid.js';
import { prepareExisting } from './run-existing.js';
import { existingSelection, prepareScenario, runToFolder, withClient, withFlinkSession, type RunOptions, type SelectionOptions } from './run.js';
import { UsageError } from './usage-error.js';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface TuneOptions extends Omit<SelectionOptions, 'engine' | 'chunkSize'> {
  flinkUrl?: string;
  parallelism: number[];
  budget: { text: string; ms: number };
  memory?: string;
  allowAtLeastOnce: boolean;
  space: string[];
  seed: number;
  proofPairs: number;
  /** Share of the tables the first rung measures on. */
  firstRung: number;
  connectorVersion: string;
  json: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** tune SCENARIO | --pg-url URL: searches the connector's settings within a time budget, then proves the winner against the defaults. */
export async function tuneCommand(file: string | undefined, opts: TuneOptions): Promise<void> {
  const { result, dir } = await tuneToFolder(file, opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${tuneTable(result)}\nresult: ${dir}/result.json\n`);
}

export async function tuneToFolder(file: string | undefined, opts: TuneOptions, place: ResultPlace = {}): Promise<{ result: TuneResult; dir: string }> {
  const memoryBytes = opts.memory !== undefined ? memorySize(opts.memory) : undefined;
  if (memoryBytes !== undefined && opts.flinkUrl !== undefined) throw new UsageError("--memory is checked against the local Flink JVM's peak; a cluster given by --flink-url is not measured: leave --memory out, or tune on the local cluster");
  const space = parseSpace(opts.space, opts.parallelism, opts.allowAtLeastOnce);
  if (opts.budget.ms <= 0) throw new UsageError('--budget must be more than 0 (e.g. 30m)');
  if (opts.firstRung > 1) throw new UsageError(`--first-rung is a share of the tables, at most 1, got ${opts.firstRung}`);
  // The sample's chunk boundaries are probed at the connector's default chunk size; the search varies it.
  const selection = existingSelection(file, { ...opts, engine: 'flink-cdc', chunkSize: [DEFAULT_CHUNK_SIZE] }, 'tune');
  const plan = file ? planGeneration(await loadScenario(file, { scale: opts.scale })) : undefined;
  await requireServedVersions([opts.connectorVersion]);
  const slots = Math.max(...opts.parallelism);
  const endpoints = await startEndpoints({ pgUrl: opts.pgUrl, log });
  const started = Date.now();
  const { subject, wholeTables, searched } = await using(endpoints, async (e) => {
    const prepared: { subject: GridSubject; tables: SourceTable[]; catalog?: Catalog } = plan ? await prepareScenario(e, plan, { engine: 'flink-cdc' }) : await withClient(e, (c) => prepareExisting(e, c, selection!, log));
    const rows = rowsOf(prepared.subject);
    const scope: Scope = { tables: prepared.tables, rows, whole: prepared.catalog ? catalogRows(prepared.catalog) : rows, wholeText: plan ? 'the whole scenario' : prepared.catalog ? 'the whole sample' : 'the whole selection' };
    return {
      subject: { name: prepared.subject.name, tables: prepared.tables.length, rows: [...rows.values()].reduce((a, n) => a + n, 0) },
      wholeTables: scope.whole.size,
      searched: await withFlinkSession({ connectorVersion: [opts.connectorVersion], flinkUrl: opts.flinkUrl } as RunOptions, e, slots, (flink) => searchAndProve(e, prepared.subject, scope, flink, { ...opts, memoryBytes, space })),
    };
  });
  const result = tuneResultSchema.parse({
    schemaVersion: TUNE_SCHEMA_VERSION,
    kind: 'tune',
    createdAt: new Date(started).toISOString(),
    cdcSizer: version,
    connectorVersion: opts.connectorVersion,
    subject,
    seed: opts.seed,
    budgetSeconds: opts.budget.ms / 1000,
    memoryBytes,
    allowAtLeastOnce: opts.allowAtLeastOnce,
    space,
    ...searched,
  });
  const dir = await writeTuneFolder(result, place);
  if (!opts.sample || !result.recommendation) return { result, dir };
  result.wholeSelection = await wholeSelectionEstimate(opts, result.recommendation.candidate, wholeTables, dir);
  return { result, dir: await writeTuneFolder(result, place) };
}

/**
 * The whole selection at the recommended settings, from a sampled run at them (p = 1 and the
 * winner's, as estimate needs) and estimate, in calibration/ and estimate/ beside result.json.
 */
async function wholeSelectionEstimate(opts: TuneOptions, c: Candidate, tables: number, dir: string): Promise<NonNullable<TuneResult['wholeSelection']>> {
  const base = { tables, parallelism: c.parallelism };
  if (c.jobs > 1) return { ...base, note: `estimate models one job, and the winner splits the tables into ${c.jobs}: size each job's tables apart (run --pg-url … --tables <its tables> --sample …, then estimate)` };
  const parallelism = [...new Set([1, Math.max(2, c.parallelism)])];
  const sourceOptions = Object.entries(c.options).map(([k, v]) => `${k}=${v}`);
  log(`tune: the whole selection (${tables} tables) at the recommended settings: a sampled run at p = ${parallelism.join(', ')}, then estimate`);
  const run = { ...sampledRunOptions({ ...opts, pgUrl: opts.pgUrl!, sample: opts.sample!, parallelism, clean: false }), chunkSize: [c.chunkSize], sourceOption: sourceOptions, fidelityRows: 0 };
  const calibration = await runToFolder(undefined, run, { reportsDir: dir, folder: 'calibration' });
  const failed = calibration.result.points.flatMap((p) => p.samples).find((x) => !x.ok);
  if (failed || !calibration.catalogFile) return { ...base, note: `the sampled run at the recommended settings did not verify (${failed?.failure ?? 'no catalog'}): no estimate; see calibration/` };
  const estimate = await estimateToFolder({ calibration: [path.join(calibration.dir, 'result.json')], catalog: calibration.catalogFile, parallelism: [c.parallelism], chunkSize: c.chunkSize, sourceOptions: sourceOptions.join(','), json: false }, { reportsDir: dir, folder: 'estimate' });
  const x = estimate.result.predictions.find((p) => p.parallelism === c.parallelism)!;
  return { ...base, seconds: x.seconds, low: x.low, high: x.high, note: `estimate from a sampled run at the recommended settings (calibration/ and estimate/ beside result.json)${x.limitedBy && x.limitedBy !== 'measured' ? `; limited by ${x.limitedBy}` : ''}` };
}

interface SearchContext extends Omit<TuneOptions, 'space'> {
  memoryBytes: number | undefined;
  space: TuneResult['space'];
}

type Searched = Omit<TuneResult, 'schemaVersion' | 'kind' | 'createdAt' | 'cdcSizer' | 'connectorVersion' | 'subject' | 'seed' | 'budgetSeconds' | 'memoryBytes' | 'allowAtLeastOnce' | 'space'>;

/** The measured tables with their rows, and the tables the recommendation's configuration names (a sample's whole selection). */
interface Scope {
  tables: SourceTable[];
  rows: TableRows;
  whole: TableRows;
  wholeText: string;
}

async function searchAndProve(e: Endpoints, subject: GridSubject, scope: Scope, flink: FlinkSession, ctx: SearchContext): Promise<Searched> {
  const { tables, rows } = scope;
  const part = firstRungTables(rows, tables, ctx.firstRung);
  const rungs: Rung[] = [
    { workload: `${part.length} of ${tables.length} tables`, growth: 1 },
    { workload: `${scope.wholeText} (${tables.length} tables)`, growth: chunkCount(rows, tables.map(qualifiedName)) / chunkCount(rows, part.map(qualifiedName)) },
  ];
  const lab: Lab = { e, flink, rows, subject, cdcVersion: ctx.connectorVersion };
  const searchStarted = Date.now();
  const elapsed = () => (Date.now() - searchStarted) / 1000;
  // The defaults go first: a budget or a memory limit they cannot meet is the user's to change, said at once.
  const candidates = drawCandidates(ctx.space, candidatesFor(ctx), ctx.seed);
  log(`tune: ${candidates.length} candidates drawn from ${ctx.space.map((d) => `${d.name} ${d.values.join('|')}`).join(', ')}; budget ${ctx.budget.text}`);
  const search = await successiveHalving(candidates, {
    rungs,
    budgetSeconds: ctx.budget.ms / 1000,
    ...(ctx.memoryBytes !== undefined ? { memoryBytes: ctx.memoryBytes } : {}),
    measure: async (c, rung, limit) => {
      const m = await measureCandidate(lab, rung === 0 ? part : tables, c, limit);
      requireDefaultsFit(c, rung, m, ctx);
      return m;
    },
    elapsed,
    onTrial: (t, best, left) => log(`  ${trialLine(t)} · best so far: ${best ? `${candidateText(best.candidate)} ${best.measurement.seconds.toFixed(1)} s` : 'none'} · ${Math.max(0, Math.round(left))} s of the budget left`),
  });
  const searchSeconds = elapsed();
  const base = { rungs, trials: search.trials.map(trialRecord), unmeasured: search.unmeasured.map(candidateRecord), stoppedByBudget: search.stoppedByBudget, searchSeconds };
  if (!search.best) return base;
  const winner = search.best.candidate;
  const jobTables = splitTables(scope.whole, [...scope.whole.keys()], winner.jobs, (t) => t);
  const recommendation = {
    candidate: candidateRecord(winner),
    measuredOn: rungs[search.best.rung]!.workload,
    jobTables: winner.jobs > 1 ? jobTables : [],
    risks: risksOf(winner),
    snippets: jobTables.map((t, i) => configSnippets({ ...winner, parallelism: winner.parallelism / winner.jobs }, { ...snippetSource(e), tables: t, ...(winner.jobs > 1 ? { job: i + 1 } : {}) })),
  };
  // Nothing to prove when the defaults won: the report says to keep them.
  if (isDefaults(winner)) return { ...base, recommendation };
  log(`tune: the winner, ${candidateText(winner)}, against the defaults in alternation (${ctx.proofPairs} pairs) on ${scope.wholeText}`);
  const proof = await prove(lab, tables, winner, ctx.proofPairs, `${scope.wholeText} (${tables.length} tables)`);
  return { ...base, recommendation, proof };
}

/** What measuring needs besides the candidate. */
interface Lab {
  e: Endpoints;
  flink: FlinkSession;
  rows: TableRows;
  subject: GridSubject;
  cdcVersion: string;
}

/**
 * One candidate on a set of tables: a fresh JVM, then its job (or its k jobs at once, each over its
 * share of the tables with parallelism / k readers, all on that JVM), each verified. Its time is
 * the slowest job's; it is verified when every job is.
 */
async function measureCandidate(lab: Lab, tables: SourceTable[], c: Candidate, limitSeconds: number): Promise<Measurement> {
  const groups = splitTables(lab.rows, tables, c.jobs, qualifiedName);
  const point = pointOf({ ...c, parallelism: c.parallelism / c.jobs }, lab.cdcVersion);
  const maxJobMs = Math.max(1000, Math.floor(limitSeconds * 1000));
  await lab.flink.fresh();
  // Every job ends (and drops its slot and publication) before a failure of one goes up: the JVM
  // and the server are released only after that.
  const settled = await Promise.allSettled(groups.map((g) => measureGrid({ e: lab.e, subject: restrict(lab.subject, g), tables: g, grid: [point], repeat: 1, sampleRows: 0, flink: lab.flink, maxJobMs, sharedJvm: true, log: () => undefined })));
  const thrown = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (thrown) throw thrown.reason;
  const results = settled.map((r) => (r as PromiseFulfilledResult<RunResult>).value);
  const samples = results.map((r) => r.points[0]!.samples[0]!);
  const peak = await lab.flink.jvmPeakRssBytes();
  const failed = samples.find((s) => !s.ok);
  return {
    seconds: Math.max(...samples.map((s) => s.wallSeconds)),
    verified: failed === undefined,
    ...(failed ? { failure: failed.stoppedBy ? 'stopped: the budget had no more time for it' : (failed.failure ?? 'not verified').split('\n')[0]! } : {}),
    ...(failed?.stoppedBy ? { stopped: true } : {}),
    ...(peak !== undefined ? { peakRssBytes: peak } : {}),
  };
}

const pointOf = (c: Candidate, cdcVersion: string): PointSettings => ({ engine: 'flink-cdc', parallelism: c.parallelism, chunkSize: c.chunkSize, sourceOptions: { ...c.options }, connectorVersion: cdcVersion });

/** The defaults must fit: their first-rung job within the budget, their JVM within --memory. */
function requireDefaultsFit(c: Candidate, rung: number, m: Measurement, ctx: SearchContext): void {
  if (rung !== 0 || !isDefaults(c)) return;
  if (m.stopped) throw new UsageError(`--budget ${ctx.budget.text} is too small: the connector's defaults did not finish the first rung of the search within it; give more time (the defaults' full snapshot is the unit to think in)`);
  if (ctx.memoryBytes !== undefined && m.peakRssBytes !== undefined && m.peakRssBytes > ctx.memoryBytes) throw new UsageError(`--memory ${ctx.memory} is below what the connector's defaults need: their Flink JVM peaked at ${(m.peakRssBytes / 2 ** 30).toFixed(2)} GiB`);
}

/** Winner, defaults, winner, defaults … on the whole workload: the saving with a bootstrap interval, as compare gives one. */
async function prove(lab: Lab, tables: SourceTable[], winner: Candidate, pairs: number, workload: string): Promise<NonNullable<TuneResult['proof']>> {
  const defaults = defaultsAt(winner.parallelism);
  const winnerRuns: Measurement[] = [];
  const defaultsRuns: Measurement[] = [];
  for (let i = 1; i <= pairs; i++) {
    winnerRuns.push(await measureCandidate(lab, tables, winner, Number.POSITIVE_INFINITY));
    defaultsRuns.push(await measureCandidate(lab, tables, defaults, Number.POSITIVE_INFINITY));
    log(`  pair ${i}/${pairs}: winner ${winnerRuns.at(-1)!.seconds.toFixed(1)} s, defaults ${defaultsRuns.at(-1)!.seconds.toFixed(1)} s`);
  }
  const winnerSeconds = winnerRuns.map((m) => m.seconds);
  const defaultsSeconds = defaultsRuns.map((m) => m.seconds);
  const interval = ratioOfMediansInterval(defaultsSeconds, winnerSeconds);
  return {
    workload,
    defaultsSeconds,
    winnerSeconds,
    allVerified: [...winnerRuns, ...defaultsRuns].every((m) => m.verified),
    ratio: median(winnerSeconds) / median(defaultsSeconds),
    ...(interval ? { interval } : {}),
  };
}

/** Rows per table (schema.table), as the source was counted: read once, used by the rungs and the split. */
type TableRows = ReadonlyMap<string, number>;

const rowsOf = (subject: GridSubject): TableRows => new Map([...subject.expected].map(([t, x]) => [t, x.rows]));

/** A sample's whole selection: its tables, partitions counted in their parent. */
const catalogRows = (catalog: Catalog): TableRows => new Map(catalog.tables.filter((t) => !t.partitionOf).map((t) => [qualifiedName(t), t.rows]));

/** The default chunk size's chunks of a table: what a snapshot's time follows (docs/model.md). */
const chunksOf = (rows: TableRows, table: string): number => Math.max(1, Math.ceil((rows.get(table) ?? 0) / DEFAULT_CHUNK_SIZE));

const chunkCount = (rows: TableRows, tables: readonly string[]): number => tables.reduce((a, t) => a + chunksOf(rows, t), 0);

/** The tables in k groups of about equal chunks: the largest first, each to the group with the fewest so far. */
function splitTables<T>(rows: TableRows, tables: readonly T[], k: number, name: (t: T) => string): T[][] {
  const groups = Array.from({ length: k }, () => ({ chunks: 0, tables: [] as T[] }));
  for (const t of [...tables].sort((a, b) => chunksOf(rows, name(b)) - chunksOf(rows, name(a)) || name(a).localeCompare(name(b)))) {
    const g = groups.reduce((min, x) => (x.chunks < min.chunks ? x : min));
    g.chunks += chunksOf(rows, name(t));
    g.tables.push(t);
  }
  return groups.map((g) => g.tables).filter((g) => g.length > 0);
}

/** How many candidates to draw: the whole space, at most 24 (the first rung's share of the budget decides how many are measured). */
function candidatesFor(ctx: SearchContext): number {
  return Math.max(ctx.parallelism.length, Math.min(24, Math.round(ctx.space.reduce((n, d) => n * d.values.length, 1))));
}

/** Every k-th table by rows, so that the part has the scenario's mix of large and small. */
function firstRungTables(rows: TableRows, tables: SourceTable[], share: number): SourceTable[] {
  if (share >= 1) return tables;
  const bySize = [...tables].sort((a, b) => (rows.get(qualifiedName(b)) ?? 0) - (rows.get(qualifiedName(a)) ?? 0));
  const step = Math.max(1, Math.round(1 / share));
  return bySize.filter((_, i) => i % step === 0);
}

/** A subject that verifies only the part's tables. */
function restrict(subject: GridSubject, tables: SourceTable[]): GridSubject {
  const inPart = new Set(tables.map(qualifiedName));
  const others = [...subject.expected.keys()].filter((t) => !inPart.has(t));
  return { ...subject, verify: (sample, skipped) => subject.verify(sample, new Set([...skipped, ...others])) };
}

function risksOf(c: Candidate): string[] {
  const risks: string[] = [];
  if (c.options['scan.incremental.snapshot.backfill.skip'] === 'true') risks.push('at-least-once: with the backfill skipped, a change made to a chunk while it is read can arrive twice (the sink must upsert by key)');
  if (c.chunkSize > 65_536) risks.push(`chunks of ${c.chunkSize} rows: each reader holds a chunk's rows in memory while it backfills; watch the task managers' heap on wide rows`);
  if (c.jobs > 1) risks.push(`${c.jobs} jobs: ${c.jobs} replication slots and publications, and ${c.jobs} WAL senders streaming at once after the snapshot (max_replication_slots, max_wal_senders); each slot holds WAL back on its own`);
  if (c.parallelism > 1) risks.push(`${c.parallelism} readers: ${c.parallelism} replication connections and a backfill slot per reader while chunks are read, besides the job's own slot (max_wal_senders, max_replication_slots)`);
  return risks;
}

function snippetSource(e: Endpoints): Omit<Parameters<typeof configSnippets>[1], 'tables'> {
  return { hostname: e.pg.host, port: e.pg.port, database: e.pg.database, username: e.pg.user };
}

const candidateRecord = (c: Candidate): TuneResult['unmeasured'][number] => ({ parallelism: c.parallelism, jobs: c.jobs, chunkSize: c.chunkSize, options: { ...c.options } });

function trialRecord(t: Trial): TuneResult['trials'][number] {
  const m = t.measurement;
  return { candidate: candidateRecord(t.candidate), rung: t.rung, seconds: m.seconds, verified: m.verified, ...(m.failure ? { failure: m.failure } : {}), ...(m.peakRssBytes !== undefined ? { peakRssBytes: m.peakRssBytes } : {}), ...(t.rejected ? { rejected: t.rejected } : {}) };
}

const trialLine = (t: Trial): string => `rung ${t.rung + 1}: ${candidateText(t.candidate)} ${t.measurement.seconds.toFixed(1)} s${t.measurement.verified ? '' : ` NOT VERIFIED (${t.measurement.failure})`}${t.rejected && t.measurement.verified ? ` (${t.rejected})` : ''}`;

/** JVM-style sizes: 2g, 1536m, 2GiB. */
function memorySize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])?(?:i?b)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--memory must be a size such as 2g or 1536m, got "${v}"`);
  return Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] ?? ' ').toLowerCase());
}

async function writeTuneFolder(result: TuneResult, place: ResultPlace): Promise<string> {
  const dir = path.join(place.reportsDir ?? 'reports', place.folder ?? `${stamp(result.createdAt)}-tune-${result.subject.name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(path.join(dir, 'report.html'), tuneReportHtml(result));
  return dir;
}
