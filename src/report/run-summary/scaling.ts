import { fmtInt, fmtSeconds } from '../terminal/format.js';
import { allPoints, fastestPoint, type PointGroup } from './point-figures.js';
import { engineName, pointLabel } from './point-labels.js';
import { dash, fmtFixed, fmtPercent, fmtSpeedup, table, type TextTable } from './text-table.js';

export function scalingTable(group: PointGroup): TextTable {
  return table(
    [['engine', false], ['p', true], ['runs', true], ['median s', true], ['min–max s', true], ['speedup vs p=1', true], ['efficiency', true], ['rows/s', true], ['MB/s', true], ['of raw-copy', true], ['failed', true]],
    group.points.map((f) => {
      const ok = f.ok.length > 0;
      return [
        engineName(f.settings),
        String(f.settings.parallelism),
        String(f.ok.length),
        ok ? fmtSeconds(f.time.median) : dash,
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
  const base = allPoints(groups).find((b) => b.settings.engine === f.settings.engine && b.settings.connectorVersion === f.settings.connectorVersion && b.settings.parallelism === 1 && Object.keys(b.settings.sourceOptions).length === 0 && b.ok.length > 0);
  const vs = base && base !== f ? `, ${fmtSpeedup(base.time.median / f.time.median)} as fast as ${pointLabel(base.settings)} (${fmtSeconds(base.time.median)} s)` : '';
  return `Fastest ${f.settings.engine} point: ${pointLabel(f.settings)}, ${fmtSeconds(f.time.median)} s median over ${f.ok.length} run${f.ok.length === 1 ? '' : 's'}${vs}.`;
}
