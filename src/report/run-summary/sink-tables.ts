import { SINK_VERDICTS, type RunResult, type SinkFidelity, type SinkFidelityColumn, type SinkVerdict } from '../../model/run-result.js';
import { clip } from '../../fidelity/judge-sample.js';
import { MASKED_NOTE } from '../fidelity-summary.js';
import { shortSinkVersion } from '../../sink/sink-version.js';
import { dash, fmtFixed, table, type TextTable } from './text-table.js';

/**
 * The database sink in a run's reports: each job's reading time beside its sink flush (the
 * source's last row read to the sink's last commit), and the fidelity matrix through the sink:
 * PostgreSQL type × sink, with the sink's column types and each verdict's evidence.
 */

/** `jdbc into mysql (10.11.19-MariaDB) at mysql://root@127.0.0.1:3306, database cdcsizer_ab12cd (dropped)`. */
export function sinkTitle(result: RunResult): string | undefined {
  const t = result.sinkTarget;
  if (!t) return undefined;
  return `${t.sink} into ${t.kind} (${shortSinkVersion(t.kind, t.version)}) at ${t.server}, database ${t.database} (${t.kept ? 'kept' : t.createdDatabase ? 'created and dropped by the run' : 'tables created and dropped by the run'})`;
}

export function sinkPhaseTable(result: RunResult): TextTable | undefined {
  const rows = result.points.flatMap((p) =>
    p.samples.flatMap((s) =>
      s.sink
        ? [[`${p.settings.connectorVersion ?? ''} p=${p.settings.parallelism} chunk=${p.settings.chunkSize}`, String(s.repeat), fmtFixed(s.sink.readSeconds, 2), s.sink.flushMillisTotal !== undefined ? (s.sink.flushMillisTotal / 1000).toFixed(1) : dash, s.sink.flushSeconds !== undefined ? `${s.sink.flushSeconds.toFixed(2)}${s.sink.lastCommit === 'job-end' ? ' (job end)' : ''}` : dash, s.sink.rows.toLocaleString('en-US'), s.sink.rejected.toLocaleString('en-US'), s.sink.countMismatches.length ? `${s.sink.countMismatches.length} table(s) differ` : 'ok']]
        : [],
    ),
  );
  return rows.length ? table([['point', false], ['run', true], ['reading s', true], ['of it writing s', true], ['sink flush s', true], ['rows written', true], ['rejected', true], ['rows at the sink', false]], rows) : undefined;
}

export const sinkPhaseLegend = 'Reading: the source\'s first row to its last at the job\'s counting sink. Of it writing: the time the JDBC sink spent in its flushes meanwhile, summed over its subtasks (the sink runs in the readers\' threads, so its writes slow the reading: compare a run with the discard sink). Sink flush: that last row read to the last row committed at the database sink (the JDBC sink\'s own last commit; for StarRocks the job\'s end, which its final flush precedes), its own phase after reading. Rejected rows are rows the sink refused (each written alone after its batch failed), shown as "sink rejected" below; rows at the sink: count(*) per table equals the rows read less the rejected ones.';

/** PostgreSQL type × sink (and connector version). */
export function sinkFidelityTable(sinkFidelity: readonly SinkFidelity[]): TextTable {
  const types = [...new Set(sinkFidelity.flatMap((f) => f.columns.map((c) => c.pgType)))].sort();
  return table(
    [['PostgreSQL type', false], ...sinkFidelity.map((f): [string, boolean] => [`${f.sink}, Flink CDC ${f.connectorVersion}`, false])],
    types.map((pgType) => [pgType, ...sinkFidelity.map((f) => sinkCellText(f.columns.filter((c) => c.pgType === pgType)))]),
  );
}

const LABEL: Record<SinkVerdict, string> = { exact: 'exact', changed: 'changed', missing: 'missing', 'sink-rejected': 'sink rejected', 'job-failed': 'job failed' };

/** `DECIMAL(65,30): changed 1: a → b; exact 1 (of 2 columns)`, the sink's column types first. */
export function sinkCellText(columns: readonly SinkFidelityColumn[]): string {
  if (columns.length === 0) return dash;
  const types = [...new Set(columns.flatMap((c) => (c.sinkType ? [c.sinkType] : [])))];
  const counts = new Map<SinkVerdict, SinkFidelityColumn[]>();
  for (const c of columns) counts.set(c.verdict, [...(counts.get(c.verdict) ?? []), c]);
  const prefix = types.length ? `${types.join(', ')}: ` : '';
  if (counts.get('exact')?.length === columns.length) return `${prefix}exact`;
  const parts = [...SINK_VERDICTS].reverse().flatMap((v) => {
    const cs = counts.get(v);
    if (!cs?.length) return [];
    if (v === 'changed') {
      const ex = cs.find((c) => c.example)?.example;
      return [`changed ${cs.length}${ex ? `: ${clip(ex.source ?? 'NULL', 50)} → ${clip(ex.emitted, 50)}${ex.masked && ex.change ? ` (${ex.change})` : ''}` : ''}`];
    }
    if (v === 'sink-rejected') return [`sink rejected ${cs.length}${cs[0]!.sinkRejection ? `: ${clip(cs[0]!.sinkRejection, 90)}` : ''}`];
    if (v === 'job-failed') return [`job failed ${cs.length}: ${[...new Set(cs.map((c) => c.table))].join(', ')}`];
    return [`${LABEL[v]} ${cs.length}`];
  });
  return `${prefix}${parts.join('; ')} (of ${columns.length} column${columns.length > 1 ? 's' : ''})`;
}

export const sinkFidelityLegend = (f: readonly SinkFidelity[]): string =>
  `The rows kept for the connector's fidelity check (up to ${f[0]?.sampledRows ?? 0} per table and reader), read back from the sink by key after each job and printed as PostgreSQL prints the source column's type, compared with the source by the same comparison: exact, changed (first example, source → at the sink), missing (the row is not at the sink), sink rejected (the sink refused the row; its first message), job failed. The sink's column types lead each cell.${f.some((x) => x.columns.some((c) => c.example?.masked)) ? ` ${MASKED_NOTE}` : ''}`;
