import type { RunSample } from '../../model/run-result.js';
import { fmtInt, fmtSeconds } from '../terminal/format.js';
import { allPoints, connectorFirst, representativeSample, type PointFigures, type PointGroup } from './point-figures.js';
import { pointLabel } from './point-labels.js';
import { fmtPercent, table, type TextTable } from './text-table.js';

export type TableTiming = RunSample['tables'][number] & { seconds: number };

export interface LongPoles {
  which: 'slowest' | 'fastest';
  figures: PointFigures;
  sample: RunSample;
  /** The top tables by reading seconds, longest first. */
  tables: TableTiming[];
  /** Tables of the sample that have a reading span, of which `tables` are the top. */
  timedTables: number;
}

/**
 * The top tables by reading seconds at the slowest and the fastest point (one entry when they are
 * the same point). The connector's points are the ones that matter; raw-copy only when alone.
 */
export function longPoles(groups: readonly PointGroup[], top = 10): LongPoles[] {
  const timed = connectorFirst(allPoints(groups).filter((f) => representativeSample(f)?.tables.some((t) => t.seconds !== undefined)));
  if (timed.length === 0) return [];
  const byTime = [...timed].sort((a, b) => b.time.median - a.time.median);
  const ends = [byTime[0]!, byTime.at(-1)!];
  return ends.slice(0, ends[0] === ends[1] ? 1 : 2).map((f, i) => {
    const sample = representativeSample(f)!;
    const withSeconds = sample.tables.filter((t): t is TableTiming => t.seconds !== undefined).sort((a, b) => b.seconds - a.seconds);
    return { which: i === 0 ? 'slowest' : 'fastest', figures: f, sample, tables: withSeconds.slice(0, top), timedTables: withSeconds.length };
  });
}

export function longPoleTable(poles: LongPoles): TextTable {
  return table(
    [['#', true], ['table', false], ['rows', true], ['MB', true], ['reading s', true], ['of wall', true]],
    poles.tables.map((t, i) => [String(i + 1), t.table, fmtInt(t.rows), (t.bytes / 1e6).toFixed(1), fmtSeconds(t.seconds), fmtPercent(t.seconds / poles.sample.wallSeconds)]),
  );
}

export const longPoleTitle = (poles: LongPoles): string =>
  `${poles.which === 'slowest' ? 'Slowest' : 'Fastest'} point: ${pointLabel(poles.figures.settings)}, run ${poles.sample.repeat} (${fmtSeconds(poles.sample.wallSeconds)} s; top ${poles.tables.length} of ${poles.timedTables} tables by reading seconds)`;
