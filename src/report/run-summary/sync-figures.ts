import type { RunResult, RunSample, SyncRecord } from '../../model/run-result.js';
import { fmtBytes, fmtInt } from '../terminal/format.js';
import { pointLabel } from './point-labels.js';
import { dash, fmtSecondsOr, table, type TextTable } from './text-table.js';

/** One sync (run --until caught-up) as the reports show it. */
export interface SyncRow {
  label: string;
  parallelism: number;
  repeat: number;
  sync: SyncRecord;
  ok: boolean;
  failure?: string;
}

export function syncRows(result: RunResult): SyncRow[] {
  return result.points.flatMap((p) =>
    p.samples.flatMap((s: RunSample) => (s.sync ? [{ label: pointLabel(p.settings), parallelism: p.settings.parallelism, repeat: s.repeat, sync: s.sync, ok: s.ok, ...(s.failure ? { failure: s.failure } : {}) }] : [])),
  );
}

export const syncLegend =
  'A sync: the snapshot, then the one stream reader from the one slot until every change the workload committed has arrived. Snapshot: submit to its last row at the sink; catch-up: from there to the workload\'s final change (the workload writes on for --workload-after); total: the whole sync. Peak WAL retained: the most the run\'s slots held at once; projected: what estimate would project from this run\'s figures (the server\'s WAL rate during the sync × the whole sync), which should bound it. Verified: the end state (snapshot rows + inserts − deletes, and the key sum) is the source\'s, no change arrived twice, and every change committed after the snapshot arrived. Idle (--idle-after): once caught up, the captured tables idle while another database on the server is written to; growing: the connector never confirmed a later position to the slot meanwhile, so its WAL grows for as long as its tables stay idle; bounded: it did (its heartbeat), and the peak says how much the slot held.';

export function syncTable(rows: readonly SyncRow[]): TextTable {
  return table(
    [['point', false], ['run', true], ['snapshot s', true], ['catch-up s', true], ['total s', true], ['workload changes/s (asked)', true], ['catch-up changes/s', true], ['catch-up WAL MB/s', true], ['max lag s', true], ['peak WAL retained', true], ['idle: WAL held', false], ['verified', false]],
    rows.map((r) => {
      const w = r.sync.workload;
      return [
        r.label,
        String(r.repeat),
        fmtSecondsOr(r.sync.snapshotSeconds),
        fmtSecondsOr(r.sync.catchUpSeconds),
        fmtSecondsOr(r.sync.totalSeconds),
        w ? `${fmtInt(w.achievedPerSecond)} (${fmtInt(w.targetPerSecond)})${w.behind ? ' BEHIND' : ''}` : dash,
        r.sync.catchUpChangesPerSecond !== undefined ? fmtInt(r.sync.catchUpChangesPerSecond) : dash,
        r.sync.catchUpWalMBPerSecond !== undefined ? r.sync.catchUpWalMBPerSecond.toFixed(2) : dash,
        r.sync.maxLagSeconds !== undefined ? r.sync.maxLagSeconds.toFixed(1) : dash,
        `${fmtBytes(r.sync.walRetainedPeakBytes)}${r.sync.walProjectedBytes !== undefined ? ` (projected ${fmtBytes(r.sync.walProjectedBytes)})` : ''}`,
        r.sync.idle ? `${r.sync.idle.verdict}: up to ${fmtBytes(r.sync.idle.peakRetainedBytes)} held while ${fmtBytes(r.sync.idle.otherWalBytes)} was written elsewhere in ${Math.round(r.sync.idle.seconds)} s${r.sync.idle.confirmedMoved ? '' : ' (the slot\'s position never moved)'}` : dash,
        verdict(r),
      ];
    }),
  );
}

function verdict(r: SyncRow): string {
  if (!r.sync.caughtUp) return `no: did not catch up${r.failure ? ` (${r.failure.slice(0, 80)})` : ''}`;
  if (!r.sync.verification.ok) return `no: ${r.sync.verification.problems[0] ?? ''}`;
  return r.sync.verification.atLeastOnce ? 'yes (at-least-once)' : 'yes';
}

/**
 * Whether parallelism helps the stream: the catch-up rate at each parallelism against p = 1's.
 * Only one reader reads the stream whatever the parallelism, so a sync gains from it only in its
 * snapshot.
 */
export function streamScalingLine(rows: readonly SyncRow[]): string | undefined {
  const rate = (p: number) => rows.filter((r) => r.parallelism === p && r.sync.catchUpChangesPerSecond !== undefined).map((r) => r.sync.catchUpChangesPerSecond!);
  const base = rate(1);
  if (base.length === 0) return undefined;
  const b = base.reduce((a, x) => a + x, 0) / base.length;
  const others = [...new Set(rows.map((r) => r.parallelism))].filter((p) => p > 1 && rate(p).length > 0).sort((x, y) => x - y);
  if (others.length === 0) return undefined;
  const parts = others.map((p) => `p = ${p} ${((rate(p).reduce((a, x) => a + x, 0) / rate(p).length) / b).toFixed(2)}×`);
  return `Catch-up rate against p = 1 (the stream has one reader at every parallelism): ${parts.join(', ')}.`;
}

export const ddlLegend =
  'DDL steps made during the sync. Each was followed by a change on its table; "changes after" says whether a change committed after the DDL reached the sink, "what reached the sink" compares the columns of the changes after it with what the DDL did (column types as Kafka Connect names them), and the log column gives the first warning, error or schema line the connector logged after it.';

/** One row per DDL step of each sync that made some. */
export function ddlTable(rows: readonly SyncRow[]): TextTable {
  return table(
    [['point', false], ['step', true], ['when', false], ['DDL', false], ['applied s', true], ['job', false], ['changes after', false], ['what reached the sink', false], ['connector log', false]],
    rows.flatMap((r) =>
      (r.sync.ddl ?? []).map((d) => [
        r.label,
        String(d.step),
        `${d.at}${d.late ? ' (run at the snapshot\'s end)' : ''}`,
        `${d.action} ${d.table}`,
        fmtSecondsOr(d.appliedSeconds),
        d.jobSurvived === undefined ? 'had ended' : d.jobSurvived ? 'survived' : 'FAILED',
        d.changesAfter === 'arrived' ? 'arrived' : d.changesAfter === 'none' ? 'NONE' : 'none made',
        d.delivered,
        d.log[0] ?? dash,
      ]),
    ),
  );
}
