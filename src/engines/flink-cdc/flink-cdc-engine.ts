import type { PgEndpoint } from '../../infra/endpoints.js';
import type { SourceTable } from '../source-table.js';
import { InfraError } from '../../infra/infra-error.js';
import { JobTimeLimitError, type FlinkRest, type JobDetail } from './flink-rest.js';
import { watchEnumerators, type EnumeratorProgress } from './enumerator-metrics.js';
import { foldSamplePartitions, samplesFromAccumulators, type EmittedSample } from './emitted-samples.js';
import { passwordArguments, type PasswordChannel } from './job-password.js';
import { qualified, qualifiedName } from '../../sql/identifiers.js';
import { sinkCountsFromAccumulators, type SinkCounts } from './sink-accumulators.js';

export const JOB_ENTRY_CLASS = 'dev.cdcsizer.job.SnapshotJob';

export interface FlinkRunSettings {
  parallelism: number;
  chunkSize: number;
  /** Builder options and `debezium.*` properties, passed to the job as --source-option k=v. */
  sourceOptions: Record<string, string>;
  checkpointIntervalMs?: number;
  /** Rows per table (and reader) the job keeps as emitted, for the type-fidelity check; 0 or absent keeps none. */
  sampleRows?: number;
  /** Past this the job is cancelled (`--max-job-time`). No bound when absent: a snapshot of a big database runs for days. */
  maxJobMs?: number;
  /**
   * A partial read: the job is cancelled once its enumerators have handed out more chunks than
   * this (read every 2 s, so a chunk or two more may be read), and what it read is kept.
   */
  stopAfterChunks?: number;
  /** How the job gets the password (job-password.ts); a program argument unless the cluster holds it. */
  passwordChannel?: PasswordChannel;
  /** A database sink's job arguments (RunSink.jobArguments); absent: the counting sink only. */
  sinkArguments?: string[];
}

/** Names the harness chose for this run; all carry the cdcsizer_ prefix so hygiene can find them. */
export interface RunNames {
  slot: string;
  publication: string;
  jobName: string;
}

export interface TableCount {
  table: string;
  records: number;
  bytes: number;
  /** Wall-clock ms of the table's first and last record at the sink; absent for a table never read. */
  firstMs?: number;
  lastMs?: number;
  /** Sum mod 2^64 of the records' key hashes (the job's `keyHash:` accumulator); absent from jobs built before it. */
  keyHash?: bigint;
  /**
   * Reader cycles whose pause ended with this table's record (its chunk's query and backfill), and
   * their summed length: what a chunk of this table costs. Absent from jobs built before them.
   */
  cycles?: number;
  cycleSeconds?: number;
}

/** One reader's records at the sink (the job's `reader…:<subtask>` accumulators; see CountingDiscardSink). */
export interface ReaderCadence {
  reader: number;
  /** First record to last. */
  spanSeconds: number;
  /** Chunk cycles between pauses in its records, their summed lengths and squares. */
  cycles: number;
  cycleSeconds: number;
  cycleSquaredSeconds: number;
  /** Its first EARLY_CYCLES cycles apart (CountingDiscardSink): a job's first cycles run dearer; absent from jars before the sink counted them. */
  earlyCycles?: number;
  earlyCycleSeconds?: number;
}

export interface FlinkRunHooks {
  /** Called once the job is submitted and at every status poll. */
  onJob?: (jobId: string, job?: JobDetail) => void;
  /** The enumerators' chunk and table counts, about every 2 s while the job runs. */
  onProgress?: (p: EnumeratorProgress) => void;
  /** A line worth saying while the job runs (the cluster stopped answering polls, and came back). */
  onNotice?: (line: string) => void;
}

export interface FlinkRunResult {
  engine: 'flink-cdc';
  jobId: string;
  state: string;
  /** Submit to terminal state, as the harness saw it. */
  wallSeconds: number;
  /** The job's own duration from REST (start to end). */
  jobSeconds: number;
  /** Job start until its source vertex was running. */
  startupSeconds: number;
  tables: TableCount[];
  records: number;
  bytes: number;
  /** Chunks the enumerators handed out, from the connector's own metrics (absent when unreadable). */
  chunks?: number;
  /** Innermost cause when the job failed. */
  failure?: string;
  /** The job ran past `maxJobMs` and was cancelled: neither finished nor failed. */
  stoppedAtLimit?: boolean;
  /** The job was cancelled after `stopAfterChunks` chunks, as asked: a partial read, not a failure. */
  stoppedAfterChunks?: boolean;
  /** Emitted rows kept for the type-fidelity check, by table (partitions folded into their parent). */
  samples: EmittedSample[];
  /** The readers that read anything (none from jobs built before the accumulators existed). */
  readers: ReaderCadence[];
  /** What the database sink reported; absent without one. */
  sink?: SinkCounts;
  /** The job's end on the cluster's clock (start-time + duration), ms. */
  endMs?: number;
}

/** The job's arguments; the password goes only to Flink (see job-password.ts), never into results or logs. */
export function jobArguments(pg: PgEndpoint, tables: SourceTable[], settings: FlinkRunSettings, names: RunNames): string[] {
  const args = [
    '--hostname', pg.host, '--port', String(pg.port), '--database', pg.database, '--username', pg.user,
    ...passwordArguments(pg.password, settings.passwordChannel ?? 'program-argument'),
    // A partitioned table's rows live in its partitions; without the 3.5-only option the parent matches nothing.
    // Quoted as SQL quotes them, so that a dot or a comma in a name cannot split it (the job parses them back).
    '--tables', tables.flatMap((t) => (t.partitions ?? [t.name]).map((n) => qualified(t.schema, n))).join(','),
    '--slot-name', names.slot, '--publication', names.publication, '--job-name', names.jobName,
    '--chunk-size', String(settings.chunkSize),
    '--checkpoint-interval-ms', String(settings.checkpointIntervalMs ?? 1000),
    '--sample-rows', String(settings.sampleRows ?? 0),
  ];
  for (const [k, v] of Object.entries(settings.sourceOptions)) args.push('--source-option', `${k}=${v}`);
  if (settings.sinkArguments) args.push(...settings.sinkArguments);
  // Tables without a primary key can only be chunked by a NOT NULL column the harness names.
  // A partitioned table is captured as its partitions: each of them is told.
  for (const t of tables) if (t.key.length === 1 && t.keyIsChunkColumn) for (const n of t.partitions ?? [t.name]) args.push('--chunk-key-column', `${qualified(t.schema, n)}=${t.key[0]!.name}`);
  return args;
}

/** Submits one snapshot job, waits for its end and reads the exact per-table counts from its accumulators. */
export async function runFlinkSnapshot(
  rest: FlinkRest,
  jarId: string,
  pg: PgEndpoint,
  tables: SourceTable[],
  settings: FlinkRunSettings,
  names: RunNames,
  hooks: FlinkRunHooks = {},
): Promise<FlinkRunResult> {
  const submitted = performance.now();
  const jobId = await rest.run(jarId, { entryClass: JOB_ENTRY_CLASS, args: jobArguments(pg, tables, settings, names), parallelism: settings.parallelism });
  hooks.onJob?.(jobId);
  let sources: string[] = [];
  let ended = 0;
  let limitHit: number | undefined;
  let stopping: Promise<void> | undefined;
  const enumerators = watchEnumerators(rest, jobId, () => sources, (p) => {
    hooks.onProgress?.(p);
    if (settings.stopAfterChunks === undefined || stopping !== undefined || p.chunksAssigned <= settings.stopAfterChunks) return;
    limitHit = performance.now();
    stopping = rest.cancel(jobId, hooks.onNotice ? { onNotice: hooks.onNotice } : {});
    // Awaited below when the job did not finish on its own; otherwise its refusal says nothing.
    stopping.catch(() => undefined);
  });
  const job = await rest
    .waitForEnd(jobId, {
      pollMs: 250,
      ...(settings.maxJobMs !== undefined ? { timeoutMs: settings.maxJobMs } : {}),
      onPoll: (j) => {
        sources = j.vertices.filter((v) => v.name.startsWith('Source')).map((v) => v.id);
        hooks.onJob?.(jobId, j);
      },
      ...(hooks.onNotice ? { onNotice: hooks.onNotice } : {}),
    })
    .catch(async (err: unknown) => {
      if (!(err instanceof JobTimeLimitError)) throw err;
      limitHit = performance.now();
      return cancelAtLimit(rest, jobId, hooks.onNotice);
    })
    .finally(() => {
      // The clock stops when the job is seen ending, before the last metrics reading.
      ended = performance.now();
      return enumerators.stop();
    });
  // A cancellation that failed is the run's error; one that raced the job's own end changes nothing.
  if (stopping !== undefined && job.state !== 'FINISHED') await stopping;
  const stoppedAfterChunks = stopping !== undefined && job.state !== 'FINISHED';
  const stoppedAtLimit = !stoppedAfterChunks && limitHit !== undefined && job.state !== 'FINISHED';
  const wallSeconds = ((stoppedAtLimit || stoppedAfterChunks ? limitHit! : ended) - submitted) / 1000;
  const progress = await enumerators.stop();
  const accumulators = await rest.accumulators(jobId, hooks.onNotice ? { onNotice: hooks.onNotice } : {});
  const counts = foldPartitions(countsFromAccumulators(accumulators), tables);
  // Without a readable root exception the job's final state is the failure said.
  const failure = job.state === 'FINISHED' || stoppedAtLimit || stoppedAfterChunks ? undefined : ((await rest.rootException(jobId).catch(() => undefined)) ?? job.state);
  const sourceStart = Math.min(...job.vertices.filter((v) => v['start-time'] > 0).map((v) => v['start-time']));
  return {
    engine: 'flink-cdc',
    jobId,
    state: job.state,
    wallSeconds,
    jobSeconds: job.duration / 1000,
    startupSeconds: Number.isFinite(sourceStart) ? Math.max(0, (sourceStart - job['start-time']) / 1000) : 0,
    tables: counts,
    records: counts.reduce((a, t) => a + t.records, 0),
    bytes: counts.reduce((a, t) => a + t.bytes, 0),
    ...(progress ? { chunks: progress.chunksAssigned } : {}),
    ...(failure ? { failure } : {}),
    ...(stoppedAtLimit ? { stoppedAtLimit } : {}),
    ...(stoppedAfterChunks ? { stoppedAfterChunks } : {}),
    samples: foldSamplePartitions(samplesFromAccumulators(accumulators), parentsOf(tables), settings.sampleRows ?? 0),
    readers: readersFromAccumulators(accumulators),
    ...sinkOf(accumulators, tables),
    ...(job['start-time'] > 0 && job.duration >= 0 ? { endMs: job['start-time'] + job.duration } : {}),
  };
}

function sinkOf(accumulators: { name: string; value: string }[], tables: SourceTable[]): { sink?: SinkCounts } {
  const sink = sinkCountsFromAccumulators(accumulators, parentsOf(tables));
  return sink ? { sink } : {};
}

/** How long a cancelled job may take to stop: its tasks finish their present chunk and close their connections. */
const CANCEL_WAIT_MS = 120_000;

/** Cancels a job that ran past its bound and waits for it to end; one that will not end is said, with how to stop it. */
async function cancelAtLimit(rest: FlinkRest, jobId: string, onNotice?: (line: string) => void): Promise<JobDetail> {
  const watch = onNotice ? { onNotice } : {};
  await rest.cancel(jobId, watch);
  return rest.waitForEnd(jobId, { pollMs: 250, timeoutMs: CANCEL_WAIT_MS, ...watch }).catch((err: unknown) => {
    if (!(err instanceof JobTimeLimitError)) throw err;
    throw new InfraError(`Flink job ${jobId} did not stop within ${CANCEL_WAIT_MS / 1000} s of its cancellation (state ${err.state}); stop it with curl -X PATCH '${rest.baseUrl.replace(/\/$/, '')}/jobs/${jobId}?mode=cancel'`);
  });
}

/** A min/max accumulator that saw a value: one that saw none keeps Long.MAX_VALUE / Long.MIN_VALUE. */
const isSet = (ms: number): boolean => Math.abs(ms) < 1e15;

/** `records:`, `bytes:`, `firstMs:`, `lastMs:`, `keyHash:`, `cycles:` and `cycleMs:<schema>.<table>` accumulators into one row per table. */
export function countsFromAccumulators(acc: { name: string; value: string }[]): TableCount[] {
  const byTable = new Map<string, TableCount>();
  for (const a of acc) {
    const m = /^(records|bytes|firstMs|lastMs|keyHash|cycles|cycleMs):(.+)$/.exec(a.name);
    if (!m) continue;
    const row = byTable.get(m[2]!) ?? { table: m[2]!, records: 0, bytes: 0 };
    byTable.set(m[2]!, row);
    // A signed Java long; as a Number it would lose its low digits.
    if (m[1] === 'keyHash') {
      row.keyHash = BigInt.asUintN(64, BigInt(a.value));
      continue;
    }
    const value = Number(a.value);
    if (m[1] === 'cycleMs') row.cycleSeconds = value / 1000;
    else if (m[1] === 'records' || m[1] === 'bytes' || m[1] === 'cycles') row[m[1]] = value;
    else if (isSet(value)) row[m[1] as 'firstMs' | 'lastMs'] = value;
  }
  return [...byTable.values()].sort((a, b) => a.table.localeCompare(b.table));
}

/** `readerFirstMs:`, `readerLastMs:`, `readerCycles:`, `readerCycleMs:`, `readerCycleSqMs:`, `readerEarlyCycles:` and `readerEarlyCycleMs:<subtask>` into one row per reader that read a record. */
export function readersFromAccumulators(acc: { name: string; value: string }[]): ReaderCadence[] {
  const raw = new Map<number, Record<string, number>>();
  for (const a of acc) {
    const m = /^reader(FirstMs|LastMs|Cycles|CycleMs|CycleSqMs|EarlyCycles|EarlyCycleMs):(\d+)$/.exec(a.name);
    if (!m) continue;
    const reader = Number(m[2]);
    raw.set(reader, { ...raw.get(reader), [m[1]!]: Number(a.value) });
  }
  return [...raw]
    .filter(([, v]) => v.FirstMs !== undefined && v.LastMs !== undefined && isSet(v.FirstMs) && isSet(v.LastMs))
    .map(([reader, v]) => ({
      reader,
      spanSeconds: (v.LastMs! - v.FirstMs!) / 1000,
      cycles: v.Cycles ?? 0,
      cycleSeconds: (v.CycleMs ?? 0) / 1000,
      cycleSquaredSeconds: (v.CycleSqMs ?? 0) / 1e6,
      ...(v.EarlyCycles !== undefined && v.EarlyCycleMs !== undefined ? { earlyCycles: v.EarlyCycles, earlyCycleSeconds: v.EarlyCycleMs / 1000 } : {}),
    }))
    .sort((a, b) => a.reader - b.reader);
}

/** The table's reading span: first to last record at the sink. */
export function readingSeconds(t: TableCount): number | undefined {
  return t.firstMs !== undefined && t.lastMs !== undefined ? (t.lastMs - t.firstMs) / 1000 : undefined;
}

/** First record to last at the sink, over all tables (undefined when nothing was read). */
export function recordSpanSeconds(tables: readonly TableCount[]): number | undefined {
  const firsts = tables.flatMap((t) => (t.firstMs !== undefined ? [t.firstMs] : []));
  const lasts = tables.flatMap((t) => (t.lastMs !== undefined ? [t.lastMs] : []));
  return firsts.length > 0 && lasts.length > 0 ? (Math.max(...lasts) - Math.min(...firsts)) / 1000 : undefined;
}

export function parentsOf(tables: SourceTable[]): Map<string, string> {
  return new Map<string, string>(tables.flatMap((t) => (t.partitions ?? []).map((p): [string, string] => [qualifiedName({ schema: t.schema, name: p }), qualifiedName(t)])));
}

/** Adds partition counts into their parent's row, so counts line up with the tables as the scenario names them. */
export function foldPartitions(counts: TableCount[], tables: SourceTable[]): TableCount[] {
  const parentOf = parentsOf(tables);
  const out = new Map<string, TableCount>();
  for (const c of counts) {
    const table = parentOf.get(c.table) ?? c.table;
    const row = out.get(table) ?? { table, records: 0, bytes: 0 };
    row.records += c.records;
    row.bytes += c.bytes;
    if (c.firstMs !== undefined) row.firstMs = Math.min(row.firstMs ?? Infinity, c.firstMs);
    if (c.lastMs !== undefined) row.lastMs = Math.max(row.lastMs ?? -Infinity, c.lastMs);
    // Sums of hashes add up across partitions as they would in one table.
    if (c.keyHash !== undefined) row.keyHash = BigInt.asUintN(64, (row.keyHash ?? 0n) + c.keyHash);
    if (c.cycles !== undefined) row.cycles = (row.cycles ?? 0) + c.cycles;
    if (c.cycleSeconds !== undefined) row.cycleSeconds = (row.cycleSeconds ?? 0) + c.cycleSeconds;
    out.set(table, row);
  }
  return [...out.values()].sort((a, b) => a.table.localeCompare(b.table));
}
