import { setTimeout as sleep } from 'node:timers/promises';
import type { PgEndpoint } from '../../infra/endpoints.js';
import type { SourceTable } from '../source-table.js';
import { jobArguments, JOB_ENTRY_CLASS, countsFromAccumulators, foldPartitions, parentsOf, type FlinkRunSettings, type RunNames, type TableCount } from './flink-cdc-engine.js';
import { readEnumeratorProgress, type EnumeratorProgress } from './enumerator-metrics.js';
import { TERMINAL_STATES, type FlinkRest, type JobDetail } from './flink-rest.js';
import { changesFromAccumulators, shapesFromAccumulators, streamFromAccumulators, type DeliveredChanges, type RowShapeSeen, type StreamProgress } from './stream-accumulators.js';

/** What the source says about the run's slot at one moment (read by the caller: the engine holds no database connection). */
export interface SourceReading {
  /** pg_current_wal_lsn(). */
  walLsn: bigint;
  /** The job's slot's confirmed_flush_lsn, once it has one. */
  confirmedLsn?: bigint;
  /** The job's slot's restart_lsn: where the stream reader's WAL starts. */
  restartLsn?: bigint;
  /** WAL held back by the run's slots (the global one and the readers' backfill slots): current − restart_lsn, summed. */
  retainedBytes: number;
  /** The run's slots that exist now. */
  slots: number;
}

/** One reading of the sync, about once a second. */
export interface SyncReading {
  /** Seconds since the job was submitted. */
  t: number;
  phase: 'snapshot' | 'stream' | 'idle';
  walLsn: string;
  /** The job's slot's restart_lsn, once it has one. */
  restartLsn?: string;
  /** Bytes of WAL between the server's position and the furthest change the sink has received (0 before any). */
  behindBytes: number;
  /** Bytes between the server's position and what the connector confirmed to the slot (it confirms a few checkpoints late). */
  unconfirmedBytes?: number;
  retainedBytes: number;
  slots: number;
  changesDelivered: number;
}

export interface SyncControl {
  /** existing: the run created its publications (run-publications.ts); filtered: the connector creates and narrows its own. */
  publicationMode: 'existing' | 'filtered';
  /** Called once, when the snapshot has ended and the stream is being read. */
  onSnapshotDone(): void;
  /**
   * Resolves once the workload has stopped, with the WAL position its final change lies past
   * (undefined: nothing was written, the sync is caught up when the snapshot ends).
   */
  lastChange: Promise<bigint | undefined>;
  /** Reads the source (WAL position, slot) for the timeline. */
  readSource(): Promise<SourceReading>;
  /** Gives up waiting for the catch-up after this long (ms from submit); no bound when absent. */
  maxMs?: number;
  /**
   * Once caught up, the job streams on this many seconds with the captured tables idle
   * (`onIdle` starts whatever writes elsewhere meanwhile and returns what stops it).
   */
  idle?: { seconds: number; start: () => Promise<() => Promise<void>> };
  /** Each reading, about once a second: the caller keeps the timeline. */
  onReading: (r: SyncReading, p?: EnumeratorProgress) => void;
}

export interface FlinkSyncResult {
  jobId: string;
  /** Wall-clock ms of the job's submit. */
  submittedMs: number;
  /** RUNNING until cancelled: CANCELED after a caught-up sync; FAILED when the job died. */
  state: string;
  failure?: string;
  /** Ended at `maxMs` before catching up. */
  stoppedAtLimit?: boolean;
  /** Submit to the snapshot's last row at the sink (or to the stream's start, when the snapshot held no row). */
  snapshotSeconds?: number;
  /** Submit to the arrival of the workload's final change: the whole sync. */
  syncSeconds?: number;
  tables: TableCount[];
  changes: DeliveredChanges[];
  stream: StreamProgress;
  /** The shapes (columns and types) of each table's rows and changes as they reached the sink. */
  shapes: RowShapeSeen[];
  /** The first reading after the snapshot: where the catch-up started. */
  atSnapshotEnd?: SyncReading;
  chunks?: number;
}

const POLL_MS = 1000;

/**
 * Submits the job with the snapshot followed by the stream (startup mode initial), follows it
 * about once a second (enumerators, the sink's accumulators, the source's slot) until the sink
 * has received the workload's final change, then cancels it and reads its final counts.
 */
export async function runFlinkSync(rest: FlinkRest, jarId: string, pg: PgEndpoint, tables: SourceTable[], settings: FlinkRunSettings, names: RunNames, control: SyncControl, onJob?: (jobId: string, job?: JobDetail) => void): Promise<FlinkSyncResult> {
  const submittedWall = Date.now();
  const submitted = performance.now();
  const args = [...jobArguments(pg, tables, settings, names), '--startup', 'initial', '--publication-mode', control.publicationMode];
  const jobId = await rest.run(jarId, { entryClass: JOB_ENTRY_CLASS, args, parallelism: settings.parallelism });
  onJob?.(jobId);
  let final: bigint | undefined | null = null; // null: the workload is still writing
  let workloadStopped = false; // on its own error: the sync cannot be judged, it ends here
  void control.lastChange.then((v) => (final = v), () => (workloadStopped = true));
  let delivered = 0;
  let atSnapshotEnd: SyncReading | undefined;
  let snapshotDoneMs: number | undefined;
  let progress: EnumeratorProgress | undefined;
  let job: JobDetail;
  let stream: StreamProgress = { maxLsn: 0n };
  let caughtUp = false;
  let stoppedAtLimit = false;
  let idleUntil: number | undefined;
  /** The final change's arrival by the sink's clock (absent without a workload: caught up with the snapshot). */
  let caughtUpAtMs: number | undefined;
  let stopIdle: (() => Promise<void>) | undefined;
  for (;;) {
    job = await rest.job(jobId);
    onJob?.(jobId, job);
    if (TERMINAL_STATES.has(job.state)) break;
    const sources = job.vertices.filter((v) => v.name.startsWith('Source')).map((v) => v.id);
    progress = (await readEnumeratorProgress(rest, jobId, sources).catch(() => undefined)) ?? progress;
    const acc = await rest.accumulators(jobId).catch(() => undefined);
    if (acc) stream = streamFromAccumulators(acc);
    if (workloadStopped) break;
    if (snapshotDoneMs === undefined && progress?.streamReading) {
      snapshotDoneMs = Date.now();
      control.onSnapshotDone();
    }
    const source = await control.readSource();
    const reading: SyncReading = {
      t: (performance.now() - submitted) / 1000,
      phase: snapshotDoneMs === undefined ? 'snapshot' : idleUntil !== undefined ? 'idle' : 'stream',
      walLsn: lsnText(source.walLsn),
      ...(source.restartLsn !== undefined ? { restartLsn: lsnText(source.restartLsn) } : {}),
      behindBytes: stream.maxLsn > 0n ? Math.max(0, Number(source.walLsn - stream.maxLsn)) : 0,
      ...(source.confirmedLsn !== undefined ? { unconfirmedBytes: Math.max(0, Number(source.walLsn - source.confirmedLsn)) } : {}),
      retainedBytes: source.retainedBytes,
      slots: source.slots,
      changesDelivered: (delivered = acc ? changesFromAccumulators(acc).reduce((a, c) => a + c.inserts + c.updates + c.deletes, 0) : delivered),
    };
    if (reading.phase === 'stream') atSnapshotEnd ??= reading;
    control.onReading(reading, progress);
    if (!caughtUp && snapshotDoneMs !== undefined && final !== null && (final === undefined || stream.maxLsn >= final)) {
      caughtUp = true;
      if (final !== undefined) caughtUpAtMs = stream.lastMs;
      if (!control.idle) break;
      stopIdle = await control.idle.start();
      idleUntil = performance.now() + control.idle.seconds * 1000;
    }
    if (idleUntil !== undefined && performance.now() >= idleUntil) break;
    if (control.maxMs !== undefined && performance.now() - submitted > control.maxMs) {
      stoppedAtLimit = true;
      break;
    }
    await sleep(POLL_MS);
  }
  await stopIdle?.();
  if (!TERMINAL_STATES.has(job.state)) {
    await rest.cancel(jobId, {});
    job = await rest.waitForEnd(jobId, { pollMs: 250, timeoutMs: 120_000 });
  }
  const acc = await rest.accumulators(jobId);
  const counts = foldPartitions(countsFromAccumulators(acc), tables);
  stream = streamFromAccumulators(acc);
  const snapshotEnd = Math.max(...counts.map((c) => c.lastMs ?? -Infinity));
  const phase = snapshotDoneMs === undefined ? 'during the snapshot' : 'during the catch-up';
  const root = caughtUp || stoppedAtLimit || workloadStopped ? undefined : await rest.rootException(jobId).catch(() => undefined);
  const failure = caughtUp || stoppedAtLimit ? undefined : workloadStopped ? 'the workload stopped before the sync caught up' : root ? `the job failed ${phase}: ${root}` : `the job ended (${job.state}) ${phase}, before the sync caught up`;
  const snapshotAt = Number.isFinite(snapshotEnd) ? snapshotEnd : snapshotDoneMs;
  return {
    jobId,
    submittedMs: submittedWall,
    state: job.state,
    ...(failure ? { failure } : {}),
    ...(stoppedAtLimit ? { stoppedAtLimit } : {}),
    ...(snapshotAt !== undefined && snapshotDoneMs !== undefined ? { snapshotSeconds: (snapshotAt - submittedWall) / 1000 } : {}),
    ...(caughtUp ? { syncSeconds: ((caughtUpAtMs ?? snapshotAt ?? Date.now()) - submittedWall) / 1000 } : {}),
    tables: counts,
    changes: foldChanges(changesFromAccumulators(acc), tables),
    stream,
    shapes: shapesFromAccumulators(acc),
    ...(atSnapshotEnd ? { atSnapshotEnd } : {}),
    ...(progress ? { chunks: progress.chunksAssigned } : {}),
  };
}

export function lsnText(v: bigint): string {
  return `${(v >> 32n).toString(16).toUpperCase()}/${(v & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Partitions' changes added into their parent's row, as the snapshot's counts are. */
function foldChanges(changes: DeliveredChanges[], tables: SourceTable[]): DeliveredChanges[] {
  const parentOf = parentsOf(tables);
  const out = new Map<string, DeliveredChanges>();
  for (const c of changes) {
    const table = parentOf.get(c.table) ?? c.table;
    const row = out.get(table) ?? { table, inserts: 0, updates: 0, deletes: 0, bytes: 0, keyHash: 0n };
    row.inserts += c.inserts;
    row.updates += c.updates;
    row.deletes += c.deletes;
    row.bytes += c.bytes;
    row.keyHash = BigInt.asUintN(64, row.keyHash + c.keyHash);
    out.set(table, row);
  }
  return [...out.values()].sort((a, b) => a.table.localeCompare(b.table));
}
