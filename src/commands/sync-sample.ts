import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { runFlinkSync, type FlinkSyncResult, type SourceReading, type SyncReading } from '../engines/flink-cdc/flink-sync.js';
import { ThinnedLog } from '../observe/observation-log.js';
import { sampleSlots } from '../observe/slot-sampler.js';
import { lsnValue } from '../engines/flink-cdc/stream-accumulators.js';
import { createRunPublications, publicationGroups } from '../engines/flink-cdc/run-publications.js';
import type { SourceTable } from '../engines/source-table.js';
import { pgForFlink, type Endpoints } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { PointSettings, RunSample, SyncRecord } from '../model/run-result.js';
import { fmtBytes } from '../report/terminal/format.js';
import { LiveLine } from '../report/terminal/live-line.js';
import { qualifiedName } from '../sql/identifiers.js';
import { fingerprintHex } from '../verify/key-fingerprint.js';
import { readExpectations, type ExpectedTable } from '../verify/source-expectations.js';
import { judgeDdl, type DdlOutcome } from '../ddl/ddl-outcome.js';
import { DdlRunner, type ResolvedStep } from '../ddl/ddl-runner.js';
import { changeCount, Workload, WorkloadError, type WorkloadReport } from '../workload/workload-runner.js';
import type { WorkloadSpec } from '../workload/workload-spec.js';
import { interruption, onCleanup } from './cleanup.js';
import { jobCleanup, type FlinkTarget } from './flink-sample.js';

/** What a sync sample needs besides the grid point: the workload and where it may write. */
export interface SyncPlan {
  workload?: WorkloadSpec;
  /** Seconds the workload goes on writing after the snapshot has ended. */
  workloadAfterSeconds: number;
  /** The tables the workload may write (schema, name). */
  writable: { schema: string; name: string }[];
  /** precreated (default): the run creates its publications; filtered: the connector does, as `publication.autocreate.mode=filtered` users run it. */
  publication: 'precreated' | 'filtered';
  /** --idle-after: seconds to stream on once caught up, the captured tables idle while another database is written to. */
  idleSeconds?: number;
  /** DDL steps made during the sync, their tables found among the captured ones. */
  ddl?: ResolvedStep[];
}

/** Seconds the workload writes past a DDL run's last step, so that changes after it can arrive. */
const WRITES_AFTER_LAST_STEP = 3;

/** The option that gives up exactly-once for changes made during the snapshot. */
const BACKFILL_SKIP = 'scan.incremental.snapshot.backfill.skip';

/**
 * One sync at one grid point: the workload starts, the job reads the snapshot and then the stream;
 * once the snapshot has ended the workload writes `workloadAfterSeconds` more, then stops with a
 * final change whose arrival ends the sync. Verified against the source's end state.
 */
export async function syncSample(e: Endpoints, subject: { name: string }, tables: SourceTable[], s: PointSettings, repeat: number, stem: string, flink: FlinkTarget, plan: SyncPlan, log: (line: string) => void, maxJobMs?: number): Promise<RunSample> {
  const names = { slot: stem, publication: stem, jobName: `cdc-sizer ${subject.name} sync p=${s.parallelism} chunk=${s.chunkSize} #${repeat}` };
  const workload = plan.workload ? await Workload.prepare(e.pg, plan.workload, plan.writable) : undefined;
  const ddl = plan.ddl?.length ? new DdlRunner(e.pg, plan.ddl, workload, { log, logLength: async () => (await flink.rest.taskManagerLogs()).length }) : undefined;
  const writeAfter = Math.max(plan.workloadAfterSeconds, ddl ? ddl.lastStreamSeconds + WRITES_AFTER_LAST_STEP : 0);
  const reader = await connectPg(e.pg, { applicationName: 'cdc-sizer observer' });
  const job = jobCleanup(e, stem, flink);
  const removeCleanup = onCleanup(async () => {
    ddl?.stop();
    await workload?.stop().catch(() => undefined);
    await job.abandon();
  });
  const line = new LiveLine();
  const timeline = new ThinnedLog<SyncReading>((x) => x.retainedBytes);
  let workloadReport: WorkloadReport | undefined;
  let workloadFailure: string | undefined;
  try {
    if (workload) log(`  workload: ${workload.spec.groups.map((g) => `${g.tables}: ${[g.inserts && `${g.inserts} inserts`, g.updates && `${g.updates} updates`, g.deletes && `${g.deletes} deletes`].filter(Boolean).join(', ')}/s`).join('; ')} on ${workload.tables.length} tables, ${writeAfter} s past the snapshot`);
    if (plan.publication === 'precreated') await createRunPublications(reader, publicationGroups(tables, s.sourceOptions, stem));
    workload?.start();
    let ended = false;
    let endJob: () => void = () => undefined;
    // The wait for --workload-after ends with the job too: a pending timer would keep the process up.
    const waits = new AbortController();
    const jobEnded = new Promise<void>((r) => (endJob = () => {
      ended = true;
      waits.abort();
      r();
    }));
    let release: () => void = () => undefined;
    const afterSnapshot = new Promise<void>((r) => (release = r));
    const lastChange = (async () => {
      if (!workload) return undefined;
      // A workload that fails meanwhile ends the wait (stop() then throws its error).
      await Promise.race([afterSnapshot, workload.settled()]);
      if (!workload.failed()) await Promise.race([Promise.all([sleep(writeAfter * 1000, undefined, { signal: waits.signal }).catch(() => undefined), ddl?.done()]), workload.settled(), jobEnded]);
      // The job may have ended first (failed, or the run is being torn down): no write after it.
      if (ended) throw new WorkloadError('the sync ended before the workload did');
      try {
        workloadReport = await workload.stop();
        return lsnValue(await workload.finalChange());
      } catch (err) {
        if (!(err instanceof WorkloadError)) throw err;
        workloadFailure = err.message;
        throw err;
      }
    })();
    lastChange.catch(() => undefined);
    const settings = { parallelism: s.parallelism, chunkSize: s.chunkSize, sourceOptions: s.sourceOptions, ...(flink.passwordChannel ? { passwordChannel: flink.passwordChannel } : {}) };
    const r = await runFlinkSync(flink.rest, flink.jarId, pgForFlink(e), tables, settings, names, {
      publicationMode: plan.publication === 'precreated' ? 'existing' : 'filtered',
      onSnapshotDone: () => {
        workload?.mark();
        line.done();
        log(`  snapshot done; the stream is read${workload ? `, the workload writes ${writeAfter} s more` : ''}`);
        ddl?.snapshotDone();
        release();
      },
      lastChange,
      readSource: () => readSlots(reader, stem),
      ...(maxJobMs !== undefined ? { maxMs: maxJobMs } : {}),
      ...(plan.idleSeconds ? { idle: { seconds: plan.idleSeconds, start: () => writeElsewhere(e, stem, log, plan.idleSeconds!) } } : {}),
      onReading: (x, p) => {
        timeline.add(x);
        if (ddl && p && x.phase === 'snapshot' && p.chunksAssigned + p.chunksRemaining > 0) ddl.progress(p.chunksAssigned / (p.chunksAssigned + p.chunksRemaining));
        if (interruption()) return;
        const snap = p && x.phase === 'snapshot' ? ` · chunks ${p.chunksAssigned} handed out, ${p.chunksRemaining} waiting` : '';
        line.update(`  ${Math.round(x.t)} s · ${x.phase}${snap} · ${x.changesDelivered.toLocaleString('en-US')} changes delivered · ${fmtBytes(x.behindBytes)} behind · WAL retained ${fmtBytes(x.retainedBytes)}`);
      },
    }, job.onJob).finally(() => {
      endJob();
      ddl?.stop();
      line.done();
    });
    const ddlOutcomes = ddl ? await ddlOutcomesOf(ddl, r, flink, log) : undefined;
    // A workload that failed, or one still writing because the job ended first, stops here.
    if (!workloadReport && workload) workloadReport = await workload.stop().catch(() => undefined);
    const left = await job.drop();
    const expected = await endState(e, tables);
    const sync = { ...syncRecordOf(r, timeline.points, workloadReport, expected, s, tables), ...(ddlOutcomes ? { ddl: ddlOutcomes } : {}) };
    const failure = workloadFailure ?? r.failure ?? (r.stoppedAtLimit ? 'stopped by --max-job-time before the stream caught up' : undefined) ?? (sync.verification.ok ? undefined : `sync not verified: ${sync.verification.problems[0]}`);
    const snapshotRows = r.tables.reduce((a, t) => a + t.records, 0);
    const bytes = r.tables.reduce((a, t) => a + t.bytes, 0);
    const wall = sync.totalSeconds ?? timeline.points.at(-1)?.t ?? 0;
    return {
      repeat,
      ok: failure === undefined,
      ...(failure ? { failure } : {}),
      finished: sync.caughtUp && workloadFailure === undefined && r.failure === undefined,
      ...(r.stoppedAtLimit ? { stoppedBy: 'max-job-time' as const } : {}),
      wallSeconds: wall,
      ...(r.chunks !== undefined ? { chunks: r.chunks } : {}),
      rows: snapshotRows,
      bytes,
      rowsPerSecond: sync.snapshotSeconds ? snapshotRows / sync.snapshotSeconds : 0,
      mbPerSecond: sync.snapshotSeconds ? bytes / 1e6 / sync.snapshotSeconds : 0,
      tables: r.tables.map((t) => ({ table: t.table, rows: t.records, bytes: t.bytes, ...(t.keyHash !== undefined ? { keyFingerprint: fingerprintHex(t.keyHash) } : {}) })),
      countMismatches: endCountMismatches(r, expected),
      leftBehind: left,
      sync,
    };
  } finally {
    removeCleanup();
    line.done();
    await workload?.stop().catch(() => undefined);
    await job.drop();
    const notDropped = (await ddl?.dropCreated().catch((err: Error) => [err.message])) ?? [];
    if (notDropped.length) log(`  could not drop what the DDL steps created: ${notDropped.join(', ')}`);
    await reader.end().catch(() => undefined);
  }
}

/** What each DDL step did, judged from the shapes the sink counted and the Flink log read now (before the next job writes to it). */
async function ddlOutcomesOf(ddl: DdlRunner, r: FlinkSyncResult, flink: FlinkTarget, log: (line: string) => void): Promise<DdlOutcome[]> {
  const text = await flink.rest.taskManagerLogs().catch(() => undefined);
  const captured = r.tables.map((t) => t.table);
  const outcomes = judgeDdl(ddl.results(), r.shapes, r.submittedMs, { failed: r.state === 'FAILED', ...(r.failure ? { failure: r.failure } : {}) }, text !== undefined ? { text, captured } : undefined);
  for (const o of outcomes) log(`  ddl step ${o.step} ${o.action} ${o.table}: job ${o.jobSurvived === undefined ? 'had ended' : o.jobSurvived ? 'survived' : 'failed'}; ${o.delivered}`);
  return outcomes;
}

/**
 * Writes into a database of its own on the same server (created here, dropped after), as another
 * application would while the captured tables are idle: WAL grows, and a slot whose tables see no
 * change keeps it unless the connector's heartbeat moves the slot on. Returns what stops it.
 */
async function writeElsewhere(e: Endpoints, stem: string, log: (line: string) => void, seconds: number): Promise<() => Promise<void>> {
  const database = `${stem}_idle`;
  const admin = await connectPg(e.pg, { applicationName: 'cdc-sizer idle writer' });
  await admin.query(`CREATE DATABASE ${database}`);
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((err: Error) => log(`  could not drop the database ${database} the idle test wrote into (${err.message}): DROP DATABASE ${database} WITH (FORCE)`));
    await admin.end().catch(() => undefined);
  };
  const removeCleanup = onCleanup(drop);
  const writer = await connectPg({ ...e.pg, database }, { applicationName: 'cdc-sizer idle writer' });
  await writer.query('CREATE TABLE other_app (id bigserial PRIMARY KEY, body text)');
  log(`  caught up; the captured tables stay idle for ${seconds} s while database ${database} on the same server is written to`);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await writer.query("INSERT INTO other_app (body) SELECT repeat('x', 200) FROM generate_series(1, 500)");
      await sleep(100);
    }
  })();
  return async () => {
    stopped = true;
    await loop.catch(() => undefined);
    await writer.end().catch(() => undefined);
    await drop();
    removeCleanup();
  };
}

/** The server's WAL position, the job's slot's positions, and the WAL all the run's slots hold (the stem's and the readers' `<stem>_<n>` backfill slots). */
async function readSlots(client: pg.Client, stem: string): Promise<SourceReading> {
  const { rows } = await client.query<{ wal: string; confirmed: string | null; restart: string | null }>(
    `SELECT pg_current_wal_lsn()::text AS wal, s.confirmed_flush_lsn::text AS confirmed, s.restart_lsn::text AS restart
     FROM (SELECT 1) one LEFT JOIN pg_replication_slots s ON s.slot_name = $1`,
    [stem],
  );
  const r = rows[0]!;
  const slots = await sampleSlots(client, stem);
  return { walLsn: lsnValue(r.wal), ...(r.confirmed ? { confirmedLsn: lsnValue(r.confirmed) } : {}), ...(r.restart ? { restartLsn: lsnValue(r.restart) } : {}), retainedBytes: slots.reduce((a, x) => a + x.walRetainedBytes, 0), slots: slots.length };
}

/** Counts and key fingerprints of every table as the sync left it, in one snapshot. */
async function endState(e: Endpoints, tables: SourceTable[]): Promise<ExpectedTable[]> {
  const client = await connectPg(e.pg, { applicationName: 'cdc-sizer verify', settings: { default_transaction_read_only: 'on' } });
  try {
    return (await readExpectations(client, tables, { keys: true })).tables;
  } finally {
    await client.end();
  }
}

/**
 * What `estimate` would project the slot to hold at its peak, from this run's own figures: the
 * server's WAL rate over the sync × the whole sync's time. Beside the measured peak it checks the
 * projection (it should bound the peak: the slot confirms nothing until the stream has caught up).
 */
export function walProjection(timeline: readonly SyncReading[], totalSeconds: number | undefined): number | undefined {
  const sync = timeline.filter((x) => x.phase !== 'idle');
  if (totalSeconds === undefined || sync.length < 2) return undefined;
  const first = sync[0]!;
  const last = sync.at(-1)!;
  if (last.t <= first.t) return undefined;
  const rate = Math.max(0, Number(lsnValue(last.walLsn) - lsnValue(first.walLsn))) / (last.t - first.t);
  return rate * totalSeconds;
}

/** The idle readings' first and last: what the slot held while only another database was written to. */
function idleRecord(timeline: readonly SyncReading[]): SyncRecord['idle'] {
  const idle = timeline.filter((x) => x.phase === 'idle');
  if (idle.length < 2) return undefined;
  const first = idle[0]!;
  const last = idle.at(-1)!;
  const other = Math.max(0, Number(lsnValue(last.walLsn) - lsnValue(first.walLsn)));
  // The confirmed position is the server's minus what is unconfirmed; it moves only when the connector confirms.
  const confirmed = idle.flatMap((x) => (x.unconfirmedBytes !== undefined ? [lsnValue(x.walLsn) - BigInt(x.unconfirmedBytes)] : []));
  const moved = confirmed.length >= 2 && confirmed.some((c) => c > confirmed[0]!);
  const unconfirmed = idle.flatMap((x) => (x.unconfirmedBytes !== undefined ? [x.unconfirmedBytes] : []));
  return {
    seconds: last.t - first.t,
    otherWalBytes: other,
    retainedAtStartBytes: first.retainedBytes,
    retainedAtEndBytes: last.retainedBytes,
    peakRetainedBytes: Math.max(...idle.map((x) => x.retainedBytes)),
    ...(unconfirmed.length ? { peakUnconfirmedBytes: Math.max(...unconfirmed) } : {}),
    confirmedMoved: moved,
    verdict: moved || other === 0 ? 'bounded' : 'growing',
  };
}

/** A table as the sync delivered it: snapshot rows plus inserted minus deleted, and their key sum. */
function endOf(r: FlinkSyncResult, table: string): { snapshot: number; inserts: number; updates: number; deletes: number; rows: number; keyHash?: bigint } {
  const snap = r.tables.find((x) => x.table === table);
  const ch = r.changes.find((x) => x.table === table) ?? { inserts: 0, updates: 0, deletes: 0, keyHash: 0n };
  const snapshot = snap?.records ?? 0;
  return { snapshot, inserts: ch.inserts, updates: ch.updates, deletes: ch.deletes, rows: snapshot + ch.inserts - ch.deletes, ...(snap?.keyHash !== undefined ? { keyHash: snap.keyHash + ch.keyHash } : {}) };
}

/** Tables whose end state is not the source's count. */
function endCountMismatches(r: FlinkSyncResult, expected: ExpectedTable[]): RunSample['countMismatches'] {
  return expected.flatMap((x) => {
    const actual = endOf(r, x.table).rows;
    return actual === x.rows ? [] : [{ table: x.table, expected: x.rows, actual }];
  });
}

/**
 * The likely cause of a wrong end state when the table was written while its chunks were read:
 * Flink CDC decides whether a change is already inside a chunk by the change's own WAL position,
 * not its transaction's commit, so a change written before a chunk's high watermark by a
 * transaction that commits after it is in neither the chunk nor the stream. Concurrent,
 * interleaved transactions give it room (measured: rare; see docs/cli.md, "Verification").
 */
function duringSnapshotCause(committed: WorkloadReport['tables'][number] | undefined): string {
  if (!committed) return '';
  const during = changeCount(committed.committed) - changeCount(committed.afterMark);
  return during > 0 ? ` (${during} of its changes were committed while the snapshot was read; the connector can drop a change written before its chunk's high watermark by a transaction that commits after it: it compares the change's WAL position, not its commit's)` : '';
}

/**
 * The sync's figures and its verdict. The end state must be the source's: the snapshot's rows plus
 * inserted minus deleted, and the same sum of key hashes. Each kind of change must have arrived no
 * more often than committed (exactly-once) and at least as often as committed after the snapshot
 * ended (a change made before a chunk was read arrives inside the snapshot instead).
 */
export function syncRecordOf(r: FlinkSyncResult, timeline: readonly SyncReading[], w: WorkloadReport | undefined, expected: ExpectedTable[], s: PointSettings, tables: SourceTable[]): SyncRecord {
  const atLeastOnce = s.sourceOptions[BACKFILL_SKIP] === 'true';
  // With the backfill skipped a change made during the snapshot can arrive twice, which a sink that
  // upserts absorbs: duplicates, and the end state they inflate, are said and not failed.
  const failing: string[] = [];
  const tolerated: string[] = [];
  const problem = (duplicateLike: boolean, text: string) => (atLeastOnce && duplicateLike ? tolerated : failing).push(text);
  const kinds = ['insert', 'update', 'delete'] as const;
  const rows = tables.map((t) => {
    const id = qualifiedName(t);
    const end = endOf(r, id);
    const committed = w?.tables.find((x) => x.table === id);
    const delivered = { insert: end.inserts, update: end.updates, delete: end.deletes };
    const exp = expected.find((x) => x.table === id);
    if (exp) {
      const why = duringSnapshotCause(committed);
      if (end.rows !== exp.rows) problem(true, `${id}: the snapshot's ${end.snapshot} rows + ${end.inserts} inserted − ${end.deletes} deleted = ${end.rows}, the source holds ${exp.rows}${why}`);
      else if (exp.keyFingerprint !== undefined && end.keyHash !== undefined && fingerprintHex(end.keyHash) !== exp.keyFingerprint) problem(true, `${id}: ${end.rows} rows as on the source, but other keys (rows lost and others duplicated)${why}`);
    }
    if (committed) {
      for (const k of kinds) {
        if (delivered[k] > committed.committed[k]) problem(true, `${id}: ${delivered[k]} ${k}s arrived, ${committed.committed[k]} were committed (duplicates)`);
        if (delivered[k] < committed.afterMark[k]) problem(false, `${id}: ${committed.afterMark[k]} ${k}s were committed after the snapshot, ${delivered[k]} arrived (changes lost)`);
      }
    }
    return { table: id, committed: committed?.committed ?? { insert: 0, update: 0, delete: 0 }, committedAfterSnapshot: committed?.afterMark ?? { insert: 0, update: 0, delete: 0 }, delivered };
  });
  const caughtUp = r.syncSeconds !== undefined;
  const idle = idleRecord(timeline);
  const atSnapshotEnd = r.atSnapshotEnd;
  const catchUp = r.syncSeconds !== undefined && r.snapshotSeconds !== undefined ? Math.max(0, r.syncSeconds - r.snapshotSeconds) : undefined;
  const delivered = r.changes.reduce((a, c) => a + c.inserts + c.updates + c.deletes, 0);
  const projected = walProjection(timeline, r.syncSeconds);
  // The stream reader starts at the slot's restart position (about the snapshot's start) and reads every WAL byte from there.
  const walThrough = atSnapshotEnd?.restartLsn && r.stream.maxLsn > 0n ? Number(r.stream.maxLsn - lsnValue(atSnapshotEnd.restartLsn)) : undefined;
  return {
    until: 'caught-up',
    ...(r.snapshotSeconds !== undefined ? { snapshotSeconds: r.snapshotSeconds } : {}),
    ...(catchUp !== undefined ? { catchUpSeconds: catchUp } : {}),
    ...(r.syncSeconds !== undefined ? { totalSeconds: r.syncSeconds } : {}),
    caughtUp,
    ...(catchUp && atSnapshotEnd ? { catchUpChangesPerSecond: Math.max(0, delivered - atSnapshotEnd.changesDelivered) / catchUp } : {}),
    ...(catchUp && walThrough !== undefined ? { catchUpWalMBPerSecond: Math.max(0, walThrough) / 1e6 / catchUp } : {}),
    ...(r.stream.maxLagMs !== undefined ? { maxLagSeconds: Math.max(0, r.stream.maxLagMs) / 1000 } : {}),
    walRetainedPeakBytes: Math.max(0, ...timeline.map((x) => x.retainedBytes)),
    ...(projected !== undefined ? { walProjectedBytes: projected } : {}),
    ...(w ? { workload: { targetPerSecond: w.targetPerSecond, achievedPerSecond: w.achievedPerSecond, heldShare: w.heldShare, behind: w.behind, seconds: w.seconds, committed: w.committed, rolledBack: w.rolledBack } } : {}),
    tables: rows,
    ...(idle ? { idle } : {}),
    verification: { ok: failing.length === 0 && caughtUp, atLeastOnce, problems: [...failing, ...tolerated.map((p) => `at-least-once, not failed: ${p}`)] },
    timeline: timeline.map(({ walLsn: _w, restartLsn: _r, ...x }) => x),
  };
}
