import type { EnumeratorProgress } from '../engines/flink-cdc/enumerator-metrics.js';
import { readingSeconds, recordSpanSeconds, runFlinkSnapshot, type FlinkRunResult, type TableCount } from '../engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRestError, type FlinkRest } from '../engines/flink-cdc/flink-rest.js';
import { NO_RETRY } from '../engines/flink-cdc/transient-retry.js';
import type { SourceTable } from '../engines/source-table.js';
import { pgForFlink, type Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { PointSettings, RunSample, SinkSample } from '../model/run-result.js';
import type { RunSink } from '../sink/run-sink.js';
import type { SinkCounts } from '../engines/flink-cdc/sink-accumulators.js';
import { tablesBeingRead } from '../observe/activity-sampler.js';
import { startObserver } from '../observe/observer.js';
import { connectorStatements, queriesBetween, scopeTables, type ConnectorQueries } from '../observe/statement-sampler.js';
import type { EmittedSample } from '../engines/flink-cdc/emitted-samples.js';
import type { PasswordChannel } from '../engines/flink-cdc/job-password.js';
import { fmtBytes } from '../report/terminal/format.js';
import { LiveLine } from '../report/terminal/live-line.js';
import { fingerprintHex } from '../verify/key-fingerprint.js';
import { dropLeftovers, dropStemSql, type Leftovers } from '../verify/leftovers.js';
import { interruption, onCleanup, reportCleanupFailure } from './cleanup.js';
import { durationText } from './max-job-time.js';
import type { ProbeOutcome } from './table-isolation.js';
import { UsageError } from './usage-error.js';
import { qualifiedName } from '../sql/identifiers.js';

export interface FlinkTarget {
  rest: FlinkRest;
  jarId: string;
  /** The local cluster: its jobs end with its JVM, which the session stops. */
  local?: boolean;
  /** Where the job finds the password: the local cluster holds it, a remote one gets it as an argument. */
  passwordChannel?: PasswordChannel;
}

/** One Flink CDC snapshot of the subject's tables at one grid point, observed, and cleaned up after; with the rows kept for the fidelity check. `stopAfterChunks`: a partial read (FlinkRunSettings). */
export async function flinkSample(e: Endpoints, subject: { name: string; schemas: string[] }, tables: SourceTable[], s: PointSettings, repeat: number, stem: string, flink: FlinkTarget, sampleRows: number, log: (line: string) => void, maxJobMs?: number, sink?: RunSink, stopAfterChunks?: number): Promise<{ sample: RunSample; emitted: EmittedSample[]; sink?: SinkCounts }> {
  const names = { slot: stem, publication: stem, jobName: `cdc-sizer ${subject.name} p=${s.parallelism} chunk=${s.chunkSize} #${repeat}` };
  const stats = await connectPg(e.pg, { applicationName: 'cdc-sizer observer' });
  const scope = scopeTables(tables);
  const before = await connectorStatements(stats, scope);
  // Only this job's slots: a colleague's on the same server would otherwise count as its WAL.
  const observer = await startObserver(e.pg, subject.schemas, undefined, stem).catch(async (err: unknown) => {
    await stats.end();
    throw err;
  });
  const line = new LiveLine();
  const started = performance.now();
  const showProgress = (p: EnumeratorProgress) => {
    const reading = tablesBeingRead(observer.latest()?.connections ?? []);
    const elapsed = Math.round((performance.now() - started) / 1000);
    line.update(`  ${elapsed} s · chunks ${p.chunksAssigned} handed out, ${p.chunksRemaining} waiting · tables ${p.tablesSnapshotted} split, ${p.tablesRemaining} to split${reading.length ? ` · reading ${reading.join(', ')}` : ''}`);
  };
  const job = jobCleanup(e, stem, flink);
  const removeCleanup = onCleanup(job.abandon);
  try {
    // Each job writes into emptied sink tables: what they hold afterwards is this job's.
    if (sink) await sink.clear();
    const settings = { parallelism: s.parallelism, chunkSize: s.chunkSize, sourceOptions: s.sourceOptions, sampleRows, ...(maxJobMs !== undefined ? { maxJobMs } : {}), ...(stopAfterChunks !== undefined ? { stopAfterChunks } : {}), ...(flink.passwordChannel ? { passwordChannel: flink.passwordChannel } : {}), ...(sink ? { sinkArguments: sink.jobArguments(tables) } : {}) };
    // A notice starts on a line of its own; the progress line is redrawn at its next update.
    const onNotice = (notice: string) => {
      // After Ctrl-C the cluster is being torn down under the poll: its silence is expected.
      if (interruption()) return;
      line.done();
      log(`  ${notice}`);
    };
    const r = await runFlinkSnapshot(flink.rest, flink.jarId, pgForFlink(e), tables, settings, names, { onJob: job.onJob, onProgress: showProgress, onNotice })
      .catch(async (err: unknown) => {
        await job.abandon(); // says itself what it could not cancel or drop
        // Flink refuses the submission itself when the job's arguments are wrong (an unknown source option).
        if (err instanceof FlinkRestError && err.status === 400) throw new UsageError(`Flink refused the job: ${err.message.replace(/^Flink REST .*? answered 400: /, '')}`);
        throw err;
      })
      .finally(() => line.done());
    const observations = await observer.stop();
    const delta = queriesBetween(before, await connectorStatements(stats, scope), scope);
    const queries = 'queries' in delta ? delta.queries : undefined;
    // Said, and recorded on the sample: the model must not read an unknown as none.
    if ('unknown' in delta) log(`  splitting and chunk SELECT times unknown for this job: ${delta.unknown}`);
    if (r.chunks === undefined && r.state === 'FINISHED') log(`  chunk count unknown for this job: ${CHUNKS_UNREAD}`);
    const leftBehind = await job.drop();
    const left = [...leftBehind.slots.map((x) => `slot ${x.name}`), ...leftBehind.publications.map((x) => `publication ${x}`)];
    log(`  max WAL retained by the slot ${fmtBytes(observations.maxWalRetainedBytes)}, strongest lock on source tables ${observations.strongestLock ?? 'none seen'}, connector connections ≤ ${observations.maxConnections}${left.length ? `; the connector left ${left.join(', ')} (dropped)` : ''}`);
    const sample: RunSample = {
      repeat,
      // A partial read stopped as asked did what it was run for.
      ok: r.state === 'FINISHED' || r.stoppedAfterChunks === true,
      finished: r.state === 'FINISHED',
      ...(r.failure ? { failure: r.failure } : {}),
      ...(r.stoppedAtLimit ? { stoppedBy: 'max-job-time' as const, failure: stoppedLine(maxJobMs!) } : {}),
      wallSeconds: r.wallSeconds,
      jobSeconds: r.jobSeconds,
      startupSeconds: r.startupSeconds,
      ...chunkCosts(r, queries, s.parallelism),
      ...('unknown' in delta ? { statementsUnknown: delta.unknown } : {}),
      ...(r.chunks === undefined ? { chunksUnknown: CHUNKS_UNREAD } : {}),
      ...cadenceOf(r),
      rows: r.records,
      bytes: r.bytes,
      rowsPerSecond: r.records / r.wallSeconds,
      mbPerSecond: r.bytes / 1e6 / r.wallSeconds,
      tables: r.tables.map((t) => {
        const seconds = readingSeconds(t);
        const split = splitMillisOf(t.table, tables, queries);
        return { table: t.table, rows: t.records, bytes: t.bytes, ...(split !== undefined ? { splitQueryMillis: split } : {}), ...(seconds !== undefined ? { seconds } : {}), ...(t.keyHash !== undefined ? { keyFingerprint: fingerprintHex(t.keyHash) } : {}), ...cyclesOf(t) };
      }),
      countMismatches: [],
      leftBehind,
      observations,
    };
    // Said by the grid (measure-grid.ts), which masks a --pg-url server's values in the sink's messages.
    if (sink) sample.sink = await sinkRecord(sink, r);
    return { sample, emitted: r.samples, ...(r.sink ? { sink: r.sink } : {}) };
  } finally {
    removeCleanup();
    line.done();
    // Stopped already when the job ran; on an error path that error is the one to tell, and a
    // sampler that cannot stop leaves nothing behind (its connection ends with the process).
    await observer.stop().catch(() => undefined);
    // Whatever threw after the job was submitted (the observer, the statement totals), the slot and
    // publication the connector leaves behind are dropped, or said with their remedy; done once.
    await job.drop();
    // Likewise: the error being thrown is the one to tell; the connection ends with the process.
    await stats.end().catch(() => undefined);
  }
}

/**
 * What the database sink did in this job: its accumulators, and each sink table's rows counted
 * afterwards against the rows the source gave. Sink flush: the source's last record read (at the
 * counting sink) to the sink's last commit (StarRocks: the job's end).
 */
export async function sinkRecord(sink: RunSink, r: FlinkRunResult): Promise<SinkSample> {
  const counts = await sink.counts();
  const reported = new Map((r.sink?.tables ?? []).map((t) => [t.table, t]));
  const lastRead = Math.max(...r.tables.flatMap((t) => (t.lastMs !== undefined ? [t.lastMs] : [])));
  const lastCommit = r.sink?.lastCommitMs ?? (sink.plan.sink === 'starrocks' ? r.endMs : undefined);
  const span = recordSpanSeconds(r.tables);
  const tables = r.tables.map((t) => {
    const got = reported.get(t.table);
    const atSink = counts.get(t.table);
    return { table: t.table, rows: got?.rows ?? 0, rejected: got?.rejected ?? 0, ...(atSink !== undefined ? { atSink } : {}), ...(got?.error ? { error: got.error } : {}) };
  });
  return {
    rows: tables.reduce((a, t) => a + t.rows, 0),
    rejected: tables.reduce((a, t) => a + t.rejected, 0),
    ...(span !== undefined ? { readSeconds: span } : {}),
    ...(lastCommit !== undefined && Number.isFinite(lastRead) ? { flushSeconds: Math.max(0, (lastCommit - lastRead) / 1000), lastCommit: r.sink?.lastCommitMs !== undefined ? ('commit' as const) : ('job-end' as const) } : {}),
    ...(r.sink?.flushMillis !== undefined ? { flushMillisTotal: r.sink.flushMillis } : {}),
    tables,
    // Rows the sink refused are its verdict on their values (sink-rejected in the fidelity matrix), counted apart;
    // any other difference is rows lost or added on the way.
    countMismatches: r.tables.flatMap((t) => {
      const atSink = counts.get(t.table);
      const rejected = reported.get(t.table)?.rejected ?? 0;
      return atSink !== undefined && atSink + rejected !== t.records ? [{ table: t.table, expected: t.records, atSink }] : [];
    }),
  };
}

/** `sink: 12,000 rows written, 0 rejected; reading 3.1 s, sink flush 0.4 s after the last row read`. */
export function sinkLine(x: SinkSample): string {
  const flush = x.flushSeconds !== undefined ? `, sink flush ${x.flushSeconds.toFixed(2)} s after the last row read${x.lastCommit === 'job-end' ? ' (to the job\'s end)' : ''}` : '';
  const read = x.readSeconds !== undefined ? `; reading ${x.readSeconds.toFixed(1)} s${x.flushMillisTotal !== undefined ? ` (of it ${(x.flushMillisTotal / 1000).toFixed(1)} s writing to the sink)` : ''}` : '';
  const rejected = x.tables.find((t) => t.error);
  return `sink: ${x.rows.toLocaleString('en-US')} rows written, ${x.rejected.toLocaleString('en-US')} rejected${read}${flush}${rejected ? `; first rejection (${rejected.table}): ${rejected.error!.slice(0, 160)}` : ''}`;
}

/** A job whose sink lost or added rows (beyond those it refused) failed, whatever its speed. */
export function requireSinkCounts(sample: RunSample): void {
  const x = sample.sink;
  if (!x || x.countMismatches.length === 0 || !sample.ok) return;
  const first = x.countMismatches[0]!;
  const t = x.tables.find((y) => y.table === first.table);
  sample.ok = false;
  sample.failure = `the sink holds ${first.atSink.toLocaleString('en-US')} rows of ${first.table}, the source gave ${first.expected.toLocaleString('en-US')}${t?.rejected ? ` and the sink refused ${t.rejected.toLocaleString('en-US')}` : ''}${x.countMismatches.length > 1 ? `; ${x.countMismatches.length - 1} more table(s) differ` : ''}`;
}

/** Why a job has no chunk count: the enumerators' metric was never read. */
const CHUNKS_UNREAD = "the enumerators' numSnapshotSplitsProcessed metric could not be read from Flink";

/**
 * Chunks and what one costs: the SELECT on the server vs the whole cycle (reading time × readers
 * / chunks), and the enumerator's splitting queries.
 */
export function chunkCosts(r: Pick<FlinkRunResult, 'jobSeconds' | 'startupSeconds' | 'chunks'>, q: ConnectorQueries | undefined, parallelism: number): Partial<RunSample> {
  const readSeconds = Math.max(0, r.jobSeconds - r.startupSeconds);
  const out: Partial<RunSample> = { readSeconds };
  if (r.chunks) {
    out.chunks = r.chunks;
    out.chunkCycleMillis = (readSeconds * 1000 * parallelism) / r.chunks;
  }
  if (q && q.chunkReads.calls > 0) out.chunkQueryMillisMean = q.chunkReads.totalMillis / q.chunkReads.calls;
  if (q && q.splitQueries.calls > 0) out.splitSeconds = q.splitQueries.totalMillis / 1000;
  return out;
}

/** The enumerator's boundary-query time on a table, its partitions' added in. */
function splitMillisOf(table: string, tables: SourceTable[], q: ConnectorQueries | undefined): number | undefined {
  if (!q) return undefined;
  const t = tables.find((x) => qualifiedName(x) === table);
  const names = t?.partitions ? t.partitions.map((p) => qualifiedName({ schema: t.schema, name: p })) : [table];
  return names.reduce((a, n) => a + (q.splitByTable.get(n)?.totalMillis ?? 0), 0);
}

/**
 * Whether a job over just these tables finishes (p = 1, nothing observed): the probe that finds the
 * tables a connector cannot read at all. Cleans up what the job created.
 */
export async function probeTables(e: Endpoints, tables: SourceTable[], chunkSize: number, stem: string, flink: FlinkTarget, opts: { maxJobMs?: number; log?: (line: string) => void } = {}): Promise<ProbeOutcome> {
  const job = jobCleanup(e, stem, flink);
  const removeCleanup = onCleanup(job.abandon);
  try {
    const settings = { parallelism: 1, chunkSize, sourceOptions: {}, ...(opts.maxJobMs !== undefined ? { maxJobMs: opts.maxJobMs } : {}), ...(flink.passwordChannel ? { passwordChannel: flink.passwordChannel } : {}) };
    const log = opts.log;
    const hooks = { onJob: job.onJob, ...(log ? { onNotice: (notice: string) => (interruption() ? undefined : log(`    ${notice}`)) } : {}) };
    const r = await runFlinkSnapshot(flink.rest, flink.jarId, pgForFlink(e), tables, settings, { slot: stem, publication: stem, jobName: `cdc-sizer probe ${tables.length} table(s)` }, hooks).catch(async (err: unknown) => {
      // The harness failed mid-job (Flink unreachable, a timeout): the job may still be reading.
      await job.abandon(); // says itself what it could not cancel or drop
      throw err;
    });
    if (r.stoppedAtLimit) return { stopped: true };
    return r.state === 'FINISHED' ? { read: true } : { failure: r.failure ?? r.state };
  } finally {
    removeCleanup();
    await job.drop();
  }
}

/**
 * One job's cleanup. `abandon` (Ctrl-C, or the harness failing mid-job: Flink unreachable, a
 * timeout) cancels the job if it was submitted, then drops whatever it created, so nothing keeps
 * reading or pinning WAL on the source. `drop` drops the job's slots and publications; both run
 * their work once, however many paths (the error path, the signal handler, `finally`) ask for it.
 */
export function jobCleanup(e: Endpoints, stem: string, flink: FlinkTarget): { onJob: (id: string) => void; abandon: () => Promise<void>; drop: () => Promise<Leftovers> } {
  let jobId: string | undefined;
  let dropped: Promise<Leftovers> | undefined;
  let abandoned: Promise<void> | undefined;
  const drop = () => (dropped ??= dropRunObjects(e, stem));
  return {
    onJob: (id) => {
      jobId = id;
    },
    drop,
    abandon: () =>
      (abandoned ??= (async () => {
        if (jobId) await cancelAndWait(flink, jobId);
        await drop();
      })()),
  };
}

/** The failure of a job cancelled at --max-job-time: the bound, not the connector, ended it. */
export const stoppedLine = (maxJobMs: number): string => `stopped by --max-job-time (${durationText(maxJobMs)}): the job was cancelled, it did not fail`;

/**
 * A cancelled job's tasks keep running for a moment and can still create the publication; dropping
 * before they end would leave it behind (seen under load). Bounded, because Ctrl-C must end soon.
 * A job still running after that is said, with the command that cancels it.
 */
async function cancelAndWait(flink: FlinkTarget, jobId: string): Promise<void> {
  // A refused cancel is expected when the job has just ended on its own; the wait tells which.
  const refused = await flink.rest.cancel(jobId).then(
    () => undefined,
    (err: Error) => err,
  );
  try {
    await flink.rest.waitForEnd(jobId, { pollMs: 200, timeoutMs: 15_000, retry: NO_RETRY });
  } catch (err) {
    // On the local cluster the job ends with the JVM the session stops next (a JVM that will not stop is said there).
    if (flink.local) return;
    const error = `${refused ? `cancel failed (${refused.message.split('\n')[0]}); ` : ''}${(err as Error).message.split('\n')[0]}`;
    reportCleanupFailure({ what: 'job', name: jobId, error, remedy: `curl -X PATCH '${flink.rest.baseUrl.replace(/\/$/, '')}/jobs/${jobId}?mode=cancel'` });
  }
}

/**
 * Drops every slot and publication of this job (its stem and the names derived from it); returns
 * what it found. What it cannot drop is said with the SQL that drops it, never thrown: the
 * measurement stands, and the run's exit code says a cleanup failed.
 */
async function dropRunObjects(e: Endpoints, stem: string): Promise<Leftovers> {
  const unknown = (err: unknown) => {
    reportCleanupFailure({ what: 'slot', name: `${stem} (and ${stem}_*, with publications of the same names)`, database: e.pg.database, error: (err as Error).message, remedy: dropStemSql(stem, e.pg.database) });
    return { slots: [], publications: [] };
  };
  const client = await connectPg(e.pg).catch((err: unknown) => err as Error);
  if (client instanceof Error) return unknown(client);
  try {
    const r = await dropLeftovers(client, { stems: [stem] });
    for (const t of r.terminated) process.stderr.write(`  this job's slot ${t.slot} was still held by a WAL sender (PID ${t.pid}) 5 s after the job ended: that WAL sender was ended and the slot dropped\n`);
    for (const f of r.failures) reportCleanupFailure(f);
    return { slots: r.slots, publications: r.publications };
  } catch (err) {
    return unknown(err);
  } finally {
    // The drops are done or said; a connection that will not close politely ends with the process.
    await client.end().catch(() => undefined);
  }
}

/** A table's reader cycles, when the job's sink counted them (jobs built before it did not). */
function cyclesOf(t: TableCount): Partial<RunSample['tables'][number]> {
  return t.cycles !== undefined && t.cycleSeconds !== undefined ? { cycles: t.cycles, cycleSeconds: t.cycleSeconds } : {};
}

function cadenceOf(r: FlinkRunResult): Partial<RunSample> {
  const span = recordSpanSeconds(r.tables);
  return {
    ...(span !== undefined ? { recordSpanSeconds: span } : {}),
    ...(r.readers.length > 0 ? { readers: r.readers.map(({ reader: _, ...cadence }) => cadence) } : {}),
  };
}
