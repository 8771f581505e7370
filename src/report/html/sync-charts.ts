import type { SyncRow } from '../run-summary/sync-figures.js';
import { fmtBytes } from '../terminal/format.js';
import { svgLineChart } from './svg-line-chart.js';

/** How far the stream is behind the server, and the WAL the run's slots hold, over each sync: the two things a cut-over waits on. */
export function syncCharts(rows: readonly SyncRow[]): string[] {
  const label = (r: SyncRow) => `${r.label}, run ${r.repeat}`;
  const chart = (id: string, title: string, yLabel: string, value: (x: SyncRow['sync']['timeline'][number]) => number) =>
    svgLineChart({
      id,
      title,
      xLabel: 'seconds since the job was submitted',
      yLabel,
      formatY: fmtBytes,
      series: rows.map((r) => ({ label: label(r), points: r.sync.timeline.map((x) => ({ x: x.t, y: value(x), tooltip: `${label(r)} at ${x.t.toFixed(0)} s (${x.phase}): ${fmtBytes(value(x))}` })) })),
    });
  return [
    chart('sync-behind', "WAL between the server's position and the last change the sink received", 'behind', (x) => x.behindBytes),
    chart('sync-wal', "WAL retained by the run's slots", 'WAL retained', (x) => x.retainedBytes),
  ];
}
