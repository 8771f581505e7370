import Table from 'cli-table3';
import type { Fidelity, RunResult } from '../../model/run-result.js';
import { cellText, fidelityTypeRows, MASKED_NOTE } from '../fidelity-summary.js';
import { sinkFidelityTable, sinkPhaseTable, sinkTitle } from '../run-summary/sink-tables.js';
import { failureHeadline } from '../run-summary/failures.js';
import { pointGroups } from '../run-summary/point-figures.js';
import { engineName } from '../run-summary/point-labels.js';
import { medianCell, unverifiedLines } from '../run-summary/scaling.js';
import { fmtPercent } from '../run-summary/text-table.js';
import { fmtInt, fmtSeconds, tableStyle } from './format.js';
import { ddlTable, streamScalingLine, syncRows, syncTable, type SyncRow } from '../run-summary/sync-figures.js';

/**
 * One table per chunk size and option set: median time with spread, speedup and efficiency
 * against p=1 of the same engine and settings, throughput, and the connector's share of the
 * raw-copy ceiling at the same parallelism.
 */
export function runTables(result: RunResult): string {
  const out: string[] = [];
  for (const group of pointGroups(result)) {
    const t = new Table({ style: tableStyle(), head: ['engine', 'p', 'runs', 'median s', 'min–max s', 'speedup', 'efficiency', 'rows/s', 'MB/s', 'of raw-copy', 'failed'] });
    for (const f of group.points) {
      const ok = f.timed.length > 0;
      t.push([
        engineName(f.settings),
        String(f.settings.parallelism),
        String(f.timed.length),
        medianCell(f),
        ok ? `${fmtSeconds(f.time.min)}–${fmtSeconds(f.time.max)}` : '—',
        fmt(f.speedup, 2),
        fmt(f.efficiency, 2),
        ok ? fmtInt(f.rowsPerSecond) : '—',
        ok ? f.mbPerSecond.toFixed(1) : '—',
        f.ceilingShare !== undefined ? fmtPercent(f.ceilingShare) : '',
        String(f.failed),
      ]);
    }
    out.push([`${group.title}:`, t.toString(), ...unverifiedLines(group)].join('\n'));
  }
  const syncs = syncRows(result);
  if (syncs.length > 0) out.push(syncTerminalTable(syncs));
  if (result.fidelity?.length) out.push(fidelityTable(result.fidelity));
  out.push(...sinkTerminalTables(result));
  return out.join('\n');
}

/** Reading beside sink flush per job, and the fidelity matrix through the sink. */
function sinkTerminalTables(result: RunResult): string[] {
  const phases = sinkPhaseTable(result);
  if (!phases) return [];
  const t = new Table({ style: tableStyle(), head: phases.columns });
  for (const r of phases.rows) t.push(r);
  const out = [`through the sink: ${sinkTitle(result)}:`, t.toString()];
  if (result.sinkFidelity?.length) {
    const m = sinkFidelityTable(result.sinkFidelity);
    const f = new Table({ style: tableStyle(), head: m.columns, wordWrap: true, colWidths: [22, ...result.sinkFidelity.map(() => Math.max(30, Math.floor(100 / result.sinkFidelity!.length)))] });
    for (const r of m.rows) f.push(r);
    out.push(`type fidelity through the sink (the same sampled rows read back from the sink by key, compared with the source):`, f.toString());
  }
  return out;
}

/** Snapshot, catch-up and whole-sync time per sync, with the workload and the verdict. */
function syncTerminalTable(rows: SyncRow[]): string {
  const text = syncTable(rows);
  const t = new Table({ style: tableStyle(), head: text.columns });
  for (const r of text.rows) t.push(r);
  const scaling = streamScalingLine(rows);
  return ['the whole sync (snapshot, then the stream until the workload\'s last change arrived):', t.toString(), ...(scaling ? [scaling] : []), ...ddlTerminalTable(rows)].join('\n');
}

/** What each DDL step did, when the syncs made some. */
function ddlTerminalTable(rows: SyncRow[]): string[] {
  const text = ddlTable(rows);
  if (text.rows.length === 0) return [];
  // The log line is in result.json and the reports; the terminal keeps to what the step did.
  const t = new Table({ style: tableStyle(), head: text.columns.slice(1, -1), wordWrap: true, colWidths: [6, 16, 28, 9, 10, 9, 60] });
  for (const r of text.rows) t.push(r.slice(1, -1));
  return ['DDL during the sync:', t.toString()];
}

/** PostgreSQL type × connector version: what the connector emitted for the sampled rows. */
function fidelityTable(fidelity: Fidelity[]): string {
  const t = new Table({ style: tableStyle(), head: ['PostgreSQL type', ...fidelity.map((f) => `Flink CDC ${f.connectorVersion}`)], wordWrap: true, colWidths: [22, ...fidelity.map(() => Math.max(30, Math.floor(100 / fidelity.length)))] });
  for (const row of fidelityTypeRows(fidelity)) t.push([row.pgType, ...row.cells.map(cellText)]);
  const unreadable = fidelity.flatMap((f) => f.failedTables.map((x) => `Flink CDC ${f.connectorVersion} could not read ${x.table}: ${failureHeadline(x.failure, 160)} (left out of its points)`));
  const masked = fidelity.some((f) => f.columns.some((c) => c.example?.masked)) ? [MASKED_NOTE] : [];
  return [`type fidelity (up to ${fidelity[0]!.sampledRows} sampled rows per table and reader, compared with the source by key):`, t.toString(), ...masked, ...unreadable].join('\n');
}

const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
