import type pg from 'pg';
import { runRawCopy } from '../engines/raw-copy/raw-copy-engine.js';
import type { SourceTable } from '../engines/source-table.js';
import type { EmittedSample } from '../engines/flink-cdc/emitted-samples.js';
import { FidelityTally, SinkFidelityTally } from '../fidelity/fidelity-tally.js';
import { describeColumns, type SourceColumn } from '../fidelity/source-columns.js';
import type { Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { PINNED_SESSION_SETTINGS } from '../datagen/types/type-family.js';
import { RESULT_SCHEMA_VERSION, type PointSettings, type RunPoint, type RunResult, type RunSample } from '../model/run-result.js';
import { median } from '../model/statistics.js';
import { isolationStoppedLine } from '../report/run-summary/failures.js';
import { interruption, onCleanup, reportCleanupFailure, using } from './cleanup.js';
import { RunSink, SinkSetupError, type SinkPlan } from '../sink/run-sink.js';
import { connectorVerdict } from '../targets/starrocks/column-verdict.js';
import { readTableColumns } from '../targets/starrocks/read-columns.js';
import { UsageError } from './usage-error.js';
import { judgeThroughSink } from '../sink/sink-fidelity.js';
import type { SinkCounts } from '../engines/flink-cdc/sink-accumulators.js';
import { judgeSample, sampleKeys } from '../fidelity/judge-sample.js';
import { flinkSample, probeTables, requireSinkCounts, sinkLine } from './flink-sample.js';
import { syncSample, type SyncPlan } from './sync-sample.js';
import { measureSourceScaling, readPartially, type PartialRead, type PartialTable } from './run-sample.js';
import type { FlinkSession } from './flink-session.js';
import type { GridSubject } from './grid-subject.js';
import { describeEnvironment } from './run-environment.js';
import { liveRunIds, takeRunLease } from '../verify/run-ownership.js';
import { isolateTables } from './table-isolation.js';
import { optionSetText } from '../model/option-set.js';
import { maskMessageValues } from '../fidelity/value-shape.js';
import { qualifiedName } from '../sql/identifiers.js';

export interface GridRun {
  e: Endpoints;
  subject: GridSubject;
  tables: SourceTable[];
  grid: PointSettings[];
  repeat: number;
  /** Rows per table and reader kept for the fidelity check (0: no check). */
  sampleRows: number;
  flink?: FlinkSession;
  /**
   * The points of a round share one JVM of the local cluster, instead of one each. For a sampled
   * run, whose jobs last seconds: in a cold JVM the compiler threads take a core from the readers
   * for the job's first seconds, which a full snapshot's hundreds of chunks pay once, and a few
   * chunks pay on each (on 2 cores a sample's p = 2 cycles were 22 % slower cold than warm). So its
   * p = 1 job starts cold, as a full snapshot does, and the next run warm, as a full snapshot's
   * chunks after its first seconds do. The connection pools a job leaks then pile up for one round.
   */
  oneJvmPerRound?: boolean;
  /**
   * The caller has the JVM ready and other grids run on it at the same time (tune's k jobs over
   * parts of the tables): no point may restart it under them.
   */
  sharedJvm?: boolean;
  /** `--max-job-time`: every job, probes included, is cancelled past it. No bound when absent. */
  maxJobMs?: number;
  /** Values read from a --pg-url server stay out of what is said, as out of result.json (--show-values lifts it). */
  maskValues?: boolean;
  /** The jobs a connector sample runs; tests put fakes here. */
  jobs?: ConnectorJobs;
  /** `--until caught-up`: each connector point is a sync (snapshot, then the stream until the workload's last change arrived). */
  sync?: SyncPlan;
  /** `--sink jdbc|starrocks`: every connector job also writes into the run's database at the sink. */
  sink?: SinkPlan;
  /** A sampled run's tables read in part after the grid, with how many of their first chunks (run-sample.ts, readPartially). */
  partial?: PartialTable[];
  log: (line: string) => void;
}

export interface ConnectorJobs {
  sample: typeof flinkSample;
  probe: typeof probeTables;
}

/** Every grid point `repeat` times, in grid order each round (so versions alternate A B A B), verified and judged. */
export async function measureGrid(run: GridRun): Promise<RunResult> {
  // The run's id names its slots and publications; the lease proves them the run's own and tells
  // another run's --clean that this one is still going (see run-ownership.ts).
  const lease = await takeRunLease(run.e.pg);
  return measureWithSink(run, lease.runId).finally(() => lease.release());
}

/** With a database sink, the run's database there is created first and dropped after (also on Ctrl-C). */
async function measureWithSink(run: GridRun, runId: string): Promise<RunResult> {
  if (!run.sink) return measureWith(run, runId);
  const columns = new Map<string, SourceColumn[]>();
  const described = [];
  for (const t of run.tables) described.push({ ...t, columns: await columnsOf(run, t, columns) });
  const marker = await connectPg(run.e.pg);
  const live = await liveRunIds(marker).finally(() => marker.end());
  const plan = run.sink.sink === 'starrocks' ? { ...run.sink, starrocksType: await starRocksTypes(run.e, run.tables) } : run.sink;
  const sink = await RunSink.open(plan, runId, described, run.log, (f) => reportCleanupFailure({ what: 'sink', ...f }), live, onCleanup).catch((err: unknown) => {
    throw err instanceof SinkSetupError ? new UsageError(err.message) : err;
  });
  return using(sink, () => measureWith(run, runId, sink, columns));
}

/** The connector route's StarRocks column for each source column (docs/starrocks-types.md); a column Debezium drops stays a nullable VARCHAR. */
async function starRocksTypes(e: Endpoints, tables: readonly SourceTable[]): Promise<(table: string, column: { name: string }) => string> {
  const client = await connectPg(e.pg);
  const columns = await readTableColumns(client, tables).finally(() => client.end());
  const types = new Map(columns.map((c) => [`${c.table}\u0000${c.name}`, connectorVerdict(c).starRocksType ?? 'VARCHAR(1048576)']));
  return (table, column) => types.get(`${table}\u0000${column.name}`) ?? 'VARCHAR(1048576)';
}

async function measureWith(run: GridRun, runId: string, sink?: RunSink, cachedColumns?: Map<string, SourceColumn[]>): Promise<RunResult> {
  const { e, tables, grid, repeat, log } = run;
  // Each point records its own settings, not the grid's objects.
  const points: RunPoint[] = grid.map((settings) => ({ settings: { ...settings, sourceOptions: { ...settings.sourceOptions } }, samples: [] }));
  const fidelity = new FidelityTally(run.sampleRows);
  const sinkFidelity = new SinkFidelityTally(run.sampleRows);
  const columns = cachedColumns ?? new Map<string, SourceColumn[]>();
  const through = sink ? { sink, tally: sinkFidelity } : undefined;
  let n = 0;
  const total = grid.length * repeat;
  const started = performance.now();
  const firstConnectorPoint = points.find((p) => p.settings.engine === 'flink-cdc');
  for (let r = 1; r <= repeat; r++) {
    for (const point of points) {
      // Ctrl-C tears the servers down under the run; starting another point would only fail.
      if (interruption()) throw new Error(`interrupted by ${interruption()}`);
      n++;
      // Each sample gets its own copy of the point's settings: what it reads (the tables left out) is its own.
      const s: PointSettings = { ...point.settings, sourceOptions: { ...point.settings.sourceOptions } };
      const eta = n > 1 ? ` · ETA ${Math.round((((performance.now() - started) / (n - 1)) * (total - n + 1)) / 1000)} s` : '';
      const options = optionSetText(s.sourceOptions);
      log(`[${n}/${total}] ${s.engine}${s.connectorVersion ? ` ${s.connectorVersion}` : ''} p=${s.parallelism} chunk=${s.chunkSize}${options ? ` ${options}` : ''} repeat ${r}${eta}`);
      let sample: RunSample;
      if (s.engine === 'raw-copy') sample = await rawCopySample(e, tables, s, r);
      else {
        if (!run.sharedJvm && (!run.oneJvmPerRound || point === firstConnectorPoint)) await run.flink!.fresh();
        const stem = `cdcsizer_${runId}_${n}`;
        sample = run.sync ? await syncSample(e, run.subject, tables, s, r, stem, run.flink!.target(s.connectorVersion!), run.sync, log, run.maxJobMs) : await connectorSample(run, s, r, stem, fidelity, columns, false, through);
        // The point says what its latest sample left out (tables found unreadable stay out of later samples).
        point.settings.excludedTables = s.excludedTables;
      }
      const skipped = new Set(s.excludedTables ?? []);
      // A sync is verified against the source's end state (sync-sample.ts): the generated counts no longer hold.
      if (!sample.sync) await run.subject.verify(sample, skipped);
      requireSinkCounts(sample);
      const chunkNote = sample.sync ? syncNote(sample.sync) : s.engine === 'flink-cdc' ? flinkChunkNote(sample) : '';
      log(`  ${sample.ok ? 'ok in' : sample.stoppedBy ? 'STOPPED by --max-job-time after' : `FAILED: ${said(run, sample.failure ?? '')} in`} ${sample.wallSeconds.toFixed(1)} s (${Math.round(sample.rowsPerSecond).toLocaleString('en-US')} rows/s${chunkNote})`);
      point.samples.push(sample);
    }
  }
  const partial = run.partial?.length && run.flink ? await readPartially(run, runId, points) : undefined;
  return resultOf(run, points, fidelity, through, partial);
}

/**
 * One connector sample. When the job fails, the tables a job cannot read on their own are found
 * (`isolateTables`), left out of this version's points from then on, and the sample is taken
 * again: one type the connector cannot handle must not hide the timing of all the others. When
 * every table reads on its own, the failure is taken for a passing one (Flink CDC 3.5.0 failed 2
 * of about 25 p = 2 jobs on 2026-11-26 with "java.io.IOException: Stream closed" on tables it read
 * the next time): the sample is taken once more and, when that one succeeds, says what the first
 * met. When the search stopped before clearing every table, nothing says the failure was passing:
 * the failed sample stands, with the tables not cleared.
 */
export async function connectorSample(run: GridRun, s: PointSettings, repeat: number, stem: string, fidelity: FidelityTally, columns: Map<string, SourceColumn[]>, retried = false, through?: ThroughSink): Promise<RunSample> {
  const version = s.connectorVersion!;
  const target = run.flink!.target(version);
  const jobs = run.jobs ?? { sample: flinkSample, probe: probeTables };
  const failedBefore = new Set(fidelity.failedTables(version));
  s.excludedTables = [...failedBefore];
  const readable = run.tables.filter((t) => !failedBefore.has(qualifiedName(t)));
  const cold = run.flink!.jobStarting();
  const first = await jobs.sample(run.e, run.subject, readable, s, repeat, stem, target, run.sampleRows, run.log, run.maxJobMs, through?.sink);
  if (first.sample.sink) run.log(`  ${said(run, sinkLine(first.sample.sink))}`);
  if (cold !== undefined) first.sample.coldJvm = cold;
  // Only a job that failed is searched: one that finished is judged (its counts by the caller, after
  // this returns), and one stopped at --max-job-time failed nothing.
  if (first.sample.ok || first.sample.stoppedBy !== undefined || first.sample.failure === undefined || readable.length < 2) {
    await judge(run, version, readable, first.emitted, fidelity, columns);
    if (through) await judgeThrough(run, version, readable, first, columns, through);
    return first.sample;
  }
  run.log(`  the job failed (${said(run, first.sample.failure.split('\n')[0]!).slice(0, 160)}); looking for the tables it cannot read…`);
  const isolation = await isolateTables(
    readable,
    (set, n) => {
      run.flink!.jobStarting();
      return jobs.probe(run.e, set, s.chunkSize, `${stem}_p${n}`, target, { ...(run.maxJobMs !== undefined ? { maxJobMs: run.maxJobMs } : {}), log: run.log });
    },
    run.log,
  );
  const failing = isolation.failing;
  if (isolation.stoppedBy) {
    const stopped = { probes: isolation.probes, reason: isolation.stoppedBy, notCleared: isolation.notCleared };
    run.log(`  ${isolationStoppedLine(stopped)}`);
    if (failing.length === 0) return { ...first.sample, isolationStopped: stopped };
  }
  if (failing.length === 0 && !retried) {
    run.log('  every table reads on its own: taking the sample again');
    const again = await connectorSample(run, s, repeat, `${stem}_t`, fidelity, columns, true, through);
    return again.ok ? { ...again, transientFailure: first.sample.failure } : again;
  }
  if (failing.length === 0 || failing.length === readable.length) return first.sample;
  for (const f of failing) {
    run.log(`  Flink CDC ${version} cannot read ${f.table}: ${said(run, f.failure.split('\n')[0]!).slice(0, 200)}; left out of its points`);
    const t = run.tables.find((x) => qualifiedName(x) === f.table)!;
    const failed = (await columnsOf(run, t, columns)).map((c) => ({ table: f.table, column: c.name, pgType: c.pgType, verdict: 'job-failed' as const, compared: 0, nonNull: 0 }));
    fidelity.failTable(version, f.table, f.failure, failed);
    through?.tally.add(through.sink.label(), version, failed);
  }
  if (run.flink && !run.sharedJvm) await run.flink.fresh();
  return connectorSample(run, s, repeat, `${stem}_r`, fidelity, columns, retried, through);
}

async function judge(run: GridRun, version: string, tables: SourceTable[], emitted: EmittedSample[], fidelity: FidelityTally, columns: Map<string, SourceColumn[]>): Promise<void> {
  if (run.sampleRows === 0) return;
  const client = await connectPg(run.e.pg, { applicationName: 'cdc-sizer fidelity', settings: PINNED_SESSION_SETTINGS });
  try {
    for (const t of tables) {
      const rows = emitted.find((x) => x.table === qualifiedName(t));
      if (!rows) continue;
      // A key that does not cast back (a value the connector mangled) must not sink the whole run.
      const judged = await judgeSample(client, t, await columnsOf(run, t, columns, client), rows).catch((err: Error) => {
        run.log(`  fidelity of ${qualifiedName(t)} not judged: ${said(run, err.message.split('\n')[0]!)}`);
        return [];
      });
      fidelity.add(version, judged);
    }
  } finally {
    await client.end();
  }
}

/** The run's sink and what its fidelity checks found. */
interface ThroughSink {
  sink: RunSink;
  tally: SinkFidelityTally;
}

/**
 * The same kept rows, read back from the sink: after a job that finished, each table's rows
 * compared with the source (src/sink/sink-fidelity.ts). A job that failed wrote part of the rows at most: its
 * tables are not judged (a table no job can read is job-failed, from the isolation above).
 */
async function judgeThrough(run: GridRun, version: string, tables: SourceTable[], job: { sample: RunSample; emitted: EmittedSample[]; sink?: SinkCounts }, columns: Map<string, SourceColumn[]>, through: ThroughSink): Promise<void> {
  if (run.sampleRows === 0 || !job.sample.finished) return;
  const source = await connectPg(run.e.pg, { applicationName: 'cdc-sizer fidelity', settings: PINNED_SESSION_SETTINGS });
  const pgReader = await through.sink.pgReader();
  try {
    const client = await through.sink.reader();
    for (const t of tables) {
      const emitted = job.emitted.find((x) => x.table === qualifiedName(t));
      if (!emitted) continue;
      const reported = job.sink?.tables.find((x) => x.table === qualifiedName(t));
      const at = { client, ...(pgReader ? { pgClient: pgReader } : {}), database: through.sink.database, table: through.sink.names.get(qualifiedName(t))!, rejected: reported?.rejected ?? 0, rejections: reported?.rejections ?? new Map<bigint, string>() };
      const judged = await judgeThroughSink(source, t, await columnsOf(run, t, columns, source), sampleKeys(t, emitted), at).catch((err: Error) => {
        run.log(`  fidelity through the sink of ${qualifiedName(t)} not judged: ${said(run, err.message.split('\n')[0]!)}`);
        return [];
      });
      through.tally.add(through.sink.label(), version, judged);
    }
  } finally {
    await source.end();
    await pgReader?.end().catch(() => undefined);
  }
}

async function columnsOf(run: GridRun, t: SourceTable, cache: Map<string, SourceColumn[]>, client?: pg.Client): Promise<SourceColumn[]> {
  const id = qualifiedName(t);
  if (!cache.has(id)) {
    const c = client ?? (await connectPg(run.e.pg));
    cache.set(id, await describeColumns(c, t.schema, t.name).finally(() => (client ? undefined : c.end())));
  }
  return cache.get(id)!;
}

async function resultOf(run: GridRun, points: RunPoint[], fidelity: FidelityTally, through?: ThroughSink, partial?: PartialRead[]): Promise<RunResult> {
  const { e, tables, flink } = run;
  const flinkRss = await flink?.peakRssBytes();
  const client = await connectPg(e.pg);
  const described = await run.subject.describe(client, tables).finally(() => client.end());
  // A sampled sizing also measures the source's own scaling on the sample's tables (raw-copy, read-only, seconds).
  const sample = described.source?.kind === 'existing' ? described.source.sample : undefined;
  if (sample && tables.length > 0) {
    const chunkSize = Math.min(...run.grid.map((g) => g.chunkSize));
    sample.sourceScaling = await measureSourceScaling(e.pg, tables, chunkSize, run.log);
    if (partial) sample.partialReads = partial;
  }
  const versions = [...new Set(run.grid.flatMap((s) => (s.connectorVersion ? [s.connectorVersion] : [])))];
  const judged = fidelity.result();
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    createdAt: new Date().toISOString(),
    environment: await describeEnvironment(e, flink ? { version: flink.flinkVersion, cdcVersion: versions.join(', ') } : undefined, run.sink?.sink ?? 'discard'),
    ...described,
    points,
    ...(judged.length > 0 ? { fidelity: judged } : {}),
    ...(through ? { sinkTarget: through.sink.describe() } : {}),
    ...(through && through.tally.result().length > 0 ? { sinkFidelity: through.tally.result() } : {}),
    ...(flink?.capacity ? { cluster: flink.capacity } : {}),
    resources: { harnessPeakRssBytes: process.resourceUsage().maxRSS * 1024, ...(flinkRss ? { flinkPeakRssBytes: flinkRss } : {}) },
  };
}

async function rawCopySample(e: Endpoints, tables: SourceTable[], s: PointSettings, repeat: number): Promise<RunSample> {
  const r = await runRawCopy(e.pg, tables, { parallelism: s.parallelism, chunkSize: s.chunkSize });
  return {
    repeat,
    ok: true,
    wallSeconds: r.wallSeconds,
    splitSeconds: r.splitSeconds,
    readSeconds: r.readSeconds,
    chunks: r.chunkMillis.length,
    chunkMillisMedian: median(r.chunkMillis),
    rows: r.rows,
    bytes: r.bytes,
    rowsPerSecond: r.rows / r.wallSeconds,
    mbPerSecond: r.bytes / 1e6 / r.wallSeconds,
    tables: r.tables.map((t) => ({ table: t.table, rows: t.rows, bytes: t.bytes, seconds: t.seconds })),
    finished: true,
    countMismatches: [],
  };
}

/** "; 80 chunks, query 3 ms of a 3,325 ms cycle, splitting 0.2 s" for the connector's points. */
function flinkChunkNote(s: RunSample): string {
  const parts = [
    s.chunks !== undefined ? `${s.chunks} chunks` : undefined,
    s.chunkCycleMillis !== undefined ? `${s.chunkQueryMillisMean !== undefined ? `query ${s.chunkQueryMillisMean.toFixed(0)} ms of ` : ''}a ${Math.round(s.chunkCycleMillis).toLocaleString('en-US')} ms cycle` : undefined,
    s.splitSeconds !== undefined ? `splitting queries ${s.splitSeconds.toFixed(2)} s` : undefined,
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

/** "; snapshot 12.0 s, catch-up 3.1 s, 5,400 changes at 1,700/s" for a sync. */
function syncNote(x: NonNullable<RunSample['sync']>): string {
  const parts = [
    x.snapshotSeconds !== undefined ? `snapshot ${x.snapshotSeconds.toFixed(1)} s` : undefined,
    x.catchUpSeconds !== undefined ? `catch-up ${x.catchUpSeconds.toFixed(1)} s` : undefined,
    x.workload ? `workload ${Math.round(x.workload.achievedPerSecond).toLocaleString('en-US')} of ${Math.round(x.workload.targetPerSecond).toLocaleString('en-US')} changes/s${x.workload.behind ? ' (BEHIND: the source did not take the rate)' : ''}` : undefined,
    x.catchUpChangesPerSecond !== undefined ? `catch-up ${Math.round(x.catchUpChangesPerSecond).toLocaleString('en-US')} changes/s` : undefined,
    `peak WAL retained ${(x.walRetainedPeakBytes / 1e6).toFixed(1)} MB`,
    x.verification.ok ? 'end state verified' : undefined,
  ].filter(Boolean);
  return `; ${parts.join(', ')}`;
}

/** A message that may quote the source's values, masked when the run's result is. */
const said = (run: GridRun, text: string): string => (run.maskValues ? maskMessageValues(text) : text);
