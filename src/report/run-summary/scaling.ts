import { fmtInt, fmtSeconds } from '../terminal/format.js';
import { allPoints, fastestPoint, type PointFigures, type PointGroup, type RowLoss } from './point-figures.js';
import { engineName, pointLabel } from './point-labels.js';
import { dash, fmtFixed, fmtPercent, fmtSpeedup, table, type TextTable } from './text-table.js';

export const scalingLegend =
  'Median wall time of the successful runs with min–max; a point none of whose runs verified shows the time of those whose job finished, marked unverified, with the rows that did not verify below the table. Speedup = T(p=1) / T(p) of the same engine and settings; efficiency = speedup / p; "of raw-copy" is the connector\'s share of the raw-copy ceiling at the same parallelism and chunk size.';

/** The median time as a table shows it: marked when its runs finished but their rows did not verify. */
export const medianCell = (f: PointFigures): string => (f.timed.length === 0 ? dash : `${fmtSeconds(f.time.median)}${f.unverified ? ` ${UNVERIFIED_MARK}` : ''}`);

export const UNVERIFIED_MARK = '(unverified)';

export function lossText(l: RowLoss): string {
  return l.keysDiffer ? `${l.table}: ${fmtInt(l.read)} rows as expected, but other keys (rows lost and others duplicated)` : `${l.table}: ${fmtInt(l.expected)} expected, ${fmtInt(l.read)} read`;
}

/** One sentence per unverified point of the group: its time stands, and what it lost. */
export function unverifiedLines(group: PointGroup): string[] {
  return group.points.flatMap((f) => (f.unverified ? [`Unverified: ${pointLabel(f.settings)} finished in ${fmtSeconds(f.time.median)} s, but its rows did not verify: ${f.unverified.map(lossText).join('; ')}.`] : []));
}

export function scalingTable(group: PointGroup): TextTable {
  return table(
    [['engine', false], ['p', true], ['runs', true], ['median s', true], ['min–max s', true], ['speedup vs p=1', true], ['efficiency', true], ['rows/s', true], ['MB/s', true], ['of raw-copy', true], ['failed', true]],
    group.points.map((f) => {
      const ok = f.timed.length > 0;
      return [
        engineName(f.settings),
        String(f.settings.parallelism),
        String(f.timed.length),
        medianCell(f),
        ok ? `${fmtSeconds(f.time.min)}–${fmtSeconds(f.time.max)}` : dash,
        fmtSpeedup(f.speedup),
        fmtFixed(f.efficiency, 2),
        ok ? fmtInt(f.rowsPerSecond) : dash,
        fmtFixed(f.mbPerSecond, 1),
        f.ceilingShare !== undefined ? fmtPercent(f.ceilingShare) : '',
        String(f.failed),
      ];
    }),
  );
}

export function fastestLine(groups: readonly PointGroup[]): string | undefined {
  const f = fastestPoint(groups);
  if (!f) return undefined;
  const base = allPoints(groups).find((b) => b.settings.engine === f.settings.engine && b.settings.connectorVersion === f.settings.connectorVersion && b.settings.parallelism === 1 && Object.keys(b.settings.sourceOptions).length === 0 && b.timed.length > 0 && (b.ok.length > 0 || f.ok.length === 0));
  const vs = base && base !== f ? `, ${fmtSpeedup(base.time.median / f.time.median)} as fast as ${pointLabel(base.settings)} (${fmtSeconds(base.time.median)} s${base.unverified ? ', unverified' : ''})` : '';
  const mark = f.unverified ? ` ${UNVERIFIED_MARK}: no run verified, rows were lost` : '';
  return `Fastest ${f.settings.engine} point: ${pointLabel(f.settings)}, ${fmtSeconds(f.time.median)} s median over ${f.timed.length} run${f.timed.length === 1 ? '' : 's'}${mark}${vs}.`;
}
