import type { PointSettings } from '../../model/run-result.js';
import { allPoints, medianOf, type PointGroup } from './point-figures.js';
import { pointLabel } from './point-labels.js';
import { fmtPercent, fmtSecondsOr, table, type TextTable } from './text-table.js';

export interface Overhead {
  settings: PointSettings;
  wallSeconds: number;
  jobSeconds: number;
  startupSeconds?: number;
}

/** Wall time as the harness saw it against the Flink job's own duration, for points that have both. */
export function harnessOverhead(groups: readonly PointGroup[]): Overhead[] {
  return allPoints(groups).flatMap((f) => {
    const job = medianOf(f.ok, (s) => s.jobSeconds);
    if (job === undefined) return [];
    const startup = medianOf(f.ok, (s) => s.startupSeconds);
    return [{ settings: f.settings, wallSeconds: f.time.median, jobSeconds: job, ...(startup !== undefined ? { startupSeconds: startup } : {}) }];
  });
}

export function overheadTable(rows: readonly Overhead[]): TextTable {
  return table(
    [['point', false], ['wall s', true], ['job s', true], ['overhead s', true], ['of wall', true], ['job start-up s', true]],
    rows.map((o) => [pointLabel(o.settings), fmtSecondsOr(o.wallSeconds), fmtSecondsOr(o.jobSeconds), fmtSecondsOr(o.wallSeconds - o.jobSeconds), fmtPercent((o.wallSeconds - o.jobSeconds) / o.wallSeconds), fmtSecondsOr(o.startupSeconds)]),
  );
}

export const overheadLine = 'Wall time is what the harness saw from submitting the job to its end; the job time is Flink\'s own duration. The difference is submission and polling, not the connector.';
