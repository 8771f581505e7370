import type { EnumeratorProgress } from '../engines/flink-cdc/enumerator-metrics.js';
import { readingSeconds, recordSpanSeconds, runFlinkSnapshot, type FlinkRunResult } from '../engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRestError, type FlinkRest } from '../engines/flink-cdc/flink-rest.js';
import type { SourceTable } from '../engines/source-table.js';
import type { Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { PointSettings, RunSample } from '../model/run-result.js';
import { tablesBeingRead } from '../observe/activity-sampler.js';
import { startObserver } from '../observe/observer.js';
import { connectorQueryTotals, queriesBetween, type ConnectorQueries } from '../observe/statement-sampler.js';
import type { EmittedSample } from '../engines/flink-cdc/emitted-samples.js';
import { fmtBytes } from '../report/terminal/format.js';
import { LiveLine } from '../report/terminal/live-line.js';
import { fingerprintHex } from '../verify/key-fingerprint.js';
import { dropLeftovers } from '../verify/leftovers.js';
import { onCleanup } from './cleanup.js';
import { UsageError } from './usage-error.js';
import { qualifiedName } from '../sql/identifiers.js';

export interface FlinkTarget {
  rest: FlinkRest;
  jarId: string;
}

/** One Flink CDC snapshot of the subject's tables at one grid point, observed, and cleaned up after; with the rows kept for the fidelity check. */
export async function flinkSample(e: Endpoints, subject: { name: string; schemas: string[] }, tables: SourceTable[], s: PointSettings, repeat: number, stem: string, flink: FlinkTarget, sampleRows: number, log: (line: string) => void): Promise<{ sample: RunSample; emitted: EmittedSample[] }> {
  const names = { slot: stem, publication: stem, jobName: `cdc-sizer ${subject.name} p=${s.parallelism} chunk=${s.chunkSize} #${repeat}` };
  let jobId: string | undefined;
  const stats = await connectPg(e.pg, { applicationName: 'cdc-sizer observer' });
  const before = await connectorQueryTotals(stats, subject.schemas);
  const observer = await startObserver(e.pg, subject.schemas).catch(async (err: unknown) => {
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
  // Ctrl-C, or the harness failing mid-job (Flink unreachable, a timeout): cancel the job, then
  // drop whatever it created, so nothing keeps reading or pinning WAL on the source.
  const abandon = async () => {
    if (jobId) await cancelAndWait(flink, jobId);
    await dropRunObjects(e, stem);
  };
  const removeCleanup = onCleanup(abandon);
  try {
    const settings = { parallelism: s.parallelism, chunkSize: s.chunkSize, sourceOptions: s.sourceOptions, sampleRows };
    const r = await runFlinkSnapshot(flink.rest, flink.jarId, e.pg, tables, settings, names, { onJob: (id) => (jobId = id), onProgress: showProgress })
      .catch(async (err: unknown) => {
        await abandon().catch(() => undefined);
        // Flink refuses the submission itself when the job's arguments are wrong (an unknown source option).
        if (err instanceof FlinkRestError && err.status === 400) throw new UsageError(`Flink refused the job: ${err.message.replace(/^Flink REST .*? answered 400: /, '')}`);
        throw err;
      })
      .finally(() => line.done());
    const observations = await observer.stop();
    const queries = queriesBetween(before, await connectorQueryTotals(stats, subject.schemas));
    const leftBehind = await dropRunObjects(e, stem);
    const left = [...leftBehind.slots.map((x) => `slot ${x.name}`), ...leftBehind.publications.map((x) => `publication ${x}`)];
    log(`  max WAL retained by the slot ${fmtBytes(observations.maxWalRetainedBytes)}, strongest lock on source tables ${observations.strongestLock ?? 'none seen'}, connector connections ≤ ${observations.maxConnections}${left.length ? `; the connector left ${left.join(', ')} (dropped)` : ''}`);
    const sample: RunSample = {
      repeat,
      ok: r.state === 'FINISHED',
      ...(r.failure ? { failure: r.failure } : {}),
      wallSeconds: r.wallSeconds,
      jobSeconds: r.jobSeconds,
      startupSeconds: r.startupSeconds,
      ...chunkCosts(r, queries, s.parallelism),
      ...cadenceOf(r),
      rows: r.records,
      bytes: r.bytes,
      rowsPerSecond: r.records / r.wallSeconds,
      mbPerSecond: r.bytes / 1e6 / r.wallSeconds,
      tables: r.tables.map((t) => {
        const seconds = readingSeconds(t);
        const split = splitMillisOf(t.table, tables, queries);
        return { table: t.table, rows: t.records, bytes: t.bytes, ...(split !== undefined ? { splitQueryMillis: split } : {}), ...(seconds !== undefined ? { seconds } : {}), ...(t.keyHash !== undefined ? { keyFingerprint: fingerprintHex(t.keyHash) } : {}) };
      }),
      countMismatches: [],
      leftBehind,
      observations,
    };
    return { sample, emitted: r.samples };
  } finally {
    removeCleanup();
    line.done();
    await observer.stop().catch(() => undefined);
    await stats.end();
  }
}

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
export async function probeTables(e: Endpoints, tables: SourceTable[], chunkSize: number, stem: string, flink: FlinkTarget): Promise<string | undefined> {
  let jobId: string | undefined;
  const abandon = async () => {
    if (jobId) await cancelAndWait(flink, jobId);
    await dropRunObjects(e, stem);
  };
  const removeCleanup = onCleanup(abandon);
  try {
    const settings = { parallelism: 1, chunkSize, sourceOptions: {} };
    const r = await runFlinkSnapshot(flink.rest, flink.jarId, e.pg, tables, settings, { slot: stem, publication: stem, jobName: `cdc-sizer probe ${tables.length} table(s)` }, { onJob: (id) => (jobId = id) });
    return r.state === 'FINISHED' ? undefined : (r.failure ?? r.state);
  } finally {
    removeCleanup();
    await dropRunObjects(e, stem);
  }
}

/**
 * A cancelled job's tasks keep running for a moment and can still create the publication; dropping
 * before they end would leave it behind (seen under load). Bounded, because Ctrl-C must end soon.
 */
async function cancelAndWait(flink: FlinkTarget, jobId: string): Promise<void> {
  await flink.rest.cancel(jobId).catch(() => undefined);
  await flink.rest.waitForEnd(jobId, { pollMs: 200, timeoutMs: 15_000 }).catch(() => undefined);
}

/** Drops every slot and publication of this job (its stem and the names derived from it); returns what it found. */
async function dropRunObjects(e: Endpoints, stem: string) {
  const client = await connectPg(e.pg);
  try {
    return await dropLeftovers(client, { stems: [stem] });
  } finally {
    await client.end();
  }
}

function cadenceOf(r: FlinkRunResult): Partial<RunSample> {
  const span = recordSpanSeconds(r.tables);
  return {
    ...(span !== undefined ? { recordSpanSeconds: span } : {}),
    ...(r.readers.length > 0 ? { readers: r.readers.map(({ reader: _, ...cadence }) => cadence) } : {}),
  };
}
