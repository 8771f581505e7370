import type { PointSettings, RunResult, RunSample } from '../../model/run-result.js';
import { fmtInt } from '../terminal/format.js';
import { pointLabel } from './point-labels.js';
import { table, type TextTable } from './text-table.js';

export interface Failure {
  settings: PointSettings;
  repeat: number;
  failure: string;
  countMismatches: RunSample['countMismatches'];
  /** The search for unreadable tables after this failure stopped before it cleared them all. */
  isolationStopped?: RunSample['isolationStopped'];
}

export function failures(result: RunResult): Failure[] {
  return result.points.flatMap((p) =>
    p.samples.filter((s) => !s.ok).map((s) => ({ settings: p.settings, repeat: s.repeat, failure: s.failure ?? (s.countMismatches.length ? 'row counts differ from the source' : 'failed'), countMismatches: s.countMismatches, ...(s.isolationStopped ? { isolationStopped: s.isolationStopped } : {}) })),
  );
}

/** The first line of a failure, cut to a table cell's length; the whole text is in result.json. */
export function failureHeadline(failure: string, maxChars = 300): string {
  const first = failure.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? failure;
  return first.length > maxChars ? `${first.slice(0, maxChars - 1)}…` : first;
}

export function failureTable(list: readonly Failure[]): TextTable {
  return table(
    [['point', false], ['run', true], ['failure', false], ['count mismatches', false]],
    list.map((f) => [pointLabel(f.settings), String(f.repeat), `${failureHeadline(f.failure)}${f.isolationStopped ? `; ${isolationStoppedLine(f.isolationStopped)}` : ''}`, f.countMismatches.map((m) => `${m.table}: ${fmtInt(m.expected)} expected, ${fmtInt(m.actual)} read`).join('; ')]),
  );
}

/** "isolation stopped after 64 probes (the probe budget); tables not cleared: a, b, …". */
export function isolationStoppedLine(i: { probes: number; reason: 'probe-budget' | 'max-job-time'; notCleared: readonly string[] }): string {
  const why = i.reason === 'probe-budget' ? 'the probe budget' : 'a probe ran past --max-job-time';
  const shown = i.notCleared.slice(0, 10).join(', ');
  const more = i.notCleared.length > 10 ? ` and ${i.notCleared.length - 10} more` : '';
  return `isolation stopped after ${i.probes} probe${i.probes === 1 ? '' : 's'} (${why}); tables not cleared: ${shown}${more}`;
}
