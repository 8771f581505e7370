import type { PointSettings, RunResult, RunSample } from '../../model/run-result.js';
import { fmtInt } from '../terminal/format.js';
import { pointLabel } from './point-labels.js';
import { table, type TextTable } from './text-table.js';

export interface Failure {
  settings: PointSettings;
  repeat: number;
  failure: string;
  countMismatches: RunSample['countMismatches'];
}

export function failures(result: RunResult): Failure[] {
  return result.points.flatMap((p) =>
    p.samples.filter((s) => !s.ok).map((s) => ({ settings: p.settings, repeat: s.repeat, failure: s.failure ?? (s.countMismatches.length ? 'row counts differ from the source' : 'failed'), countMismatches: s.countMismatches })),
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
    list.map((f) => [pointLabel(f.settings), String(f.repeat), failureHeadline(f.failure), f.countMismatches.map((m) => `${m.table}: ${fmtInt(m.expected)} expected, ${fmtInt(m.actual)} read`).join('; ')]),
  );
}
