import type { PointSettings } from '../../model/run-result.js';
import { chunkCosts } from '../run-summary/chunk-costs.js';
import { longPoles, type LongPoles } from '../run-summary/long-poles.js';
import { allPoints, type PointFigures, type PointGroup } from '../run-summary/point-figures.js';
import { pointLabel, seriesLabel } from '../run-summary/point-labels.js';
import { lossText, UNVERIFIED_MARK } from '../run-summary/scaling.js';
import { walSeries } from '../run-summary/source-observations.js';
import { fmtFixed, fmtPercent } from '../run-summary/text-table.js';
import { fmtBytes, fmtInt, fmtSeconds } from '../terminal/format.js';
import { svgBarChart } from './svg-bar-chart.js';
import { svgHBarChart } from './svg-hbar-chart.js';
import { svgLineChart, type LineSeries } from './svg-line-chart.js';

/**
 * The charts of report.html, from the figures in run-summary: these functions choose what to
 * draw; the svg-* modules only draw.
 */
const parallelisms = (groups: readonly PointGroup[]): number[] => [...new Set(allPoints(groups).map((f) => f.settings.parallelism))].sort((a, b) => a - b);

/** One line per engine, chunk size and option set, over parallelism. */
function seriesOver(groups: readonly PointGroup[], value: (f: PointFigures) => number, tooltip: (f: PointFigures) => string): LineSeries[] {
  const lines = new Map<string, LineSeries>();
  for (const f of allPoints(groups)) {
    if (f.timed.length === 0) continue;
    const label = seriesLabel(f.settings);
    const line = lines.get(label) ?? { label, points: [] };
    lines.set(label, line);
    line.points.push({ x: f.settings.parallelism, y: value(f), tooltip: tooltip(f) });
  }
  return [...lines.values()];
}

const coreMarker = (groups: readonly PointGroup[], cores: number) => (Math.max(...parallelisms(groups)) > cores ? [{ x: cores, label: `${cores} cores` }] : []);

export function timeChart(groups: readonly PointGroup[], cores: number): string {
  return svgLineChart({
    id: 'time-vs-parallelism',
    title: 'Snapshot time vs parallelism (median wall time)',
    xLabel: 'parallelism',
    yLabel: 'seconds',
    xTicks: parallelisms(groups),
    xMarkers: coreMarker(groups, cores),
    series: seriesOver(
      groups,
      (f) => f.time.median,
      (f) => `${pointLabel(f.settings)}: ${fmtSeconds(f.time.median)} s median (${fmtSeconds(f.time.min)}–${fmtSeconds(f.time.max)} s, ${f.timed.length} run${f.timed.length === 1 ? '' : 's'})${f.unverified ? ` ${UNVERIFIED_MARK}: ${f.unverified.map(lossText).join('; ')}` : ''}`,
    ),
  });
}

export function speedupChart(groups: readonly PointGroup[], cores: number): string {
  const ps = parallelisms(groups);
  const top = Math.max(...ps);
  return svgLineChart({
    id: 'speedup-vs-parallelism',
    title: 'Speedup vs parallelism (T at p=1 / T at p)',
    xLabel: 'parallelism',
    yLabel: 'speedup',
    xTicks: ps,
    xMarkers: coreMarker(groups, cores),
    references: [{ label: 'ideal (speedup = p)', points: [{ x: 1, y: 1 }, { x: top, y: top }] }],
    series: seriesOver(
      groups.map((g) => ({ ...g, points: g.points.filter((f) => Number.isFinite(f.speedup)) })),
      (f) => f.speedup,
      (f) => `${pointLabel(f.settings)}: speedup ${fmtFixed(f.speedup, 2)}×, efficiency ${fmtFixed(f.efficiency, 2)}`,
    ),
  });
}

/** Per chunk size, rows/s of raw-copy (the ceiling) beside the connector's option sets, with its share above each bar. */
export function ceilingCharts(groups: readonly PointGroup[]): string[] {
  const points = allPoints(groups).filter((f) => f.ok.length > 0);
  const chunkSizes = [...new Set(points.filter((f) => f.settings.engine === 'raw-copy').map((f) => f.settings.chunkSize))];
  return chunkSizes.map((chunkSize) => {
    const here = points.filter((f) => f.settings.chunkSize === chunkSize);
    const ps = [...new Set(here.map((f) => f.settings.parallelism))].sort((a, b) => a - b);
    const bySeries = new Map<string, PointFigures[]>();
    for (const f of [...here].sort((a, b) => engineOrder(a.settings) - engineOrder(b.settings))) bySeries.set(seriesLabel(f.settings), [...(bySeries.get(seriesLabel(f.settings)) ?? []), f]);
    return svgBarChart({
      id: `ceiling-chunk-${chunkSize}`,
      title: `Connector vs the raw-copy ceiling, chunk size ${chunkSize}`,
      xLabel: 'parallelism',
      yLabel: 'rows/s',
      categories: ps.map((p) => `p=${p}`),
      series: [...bySeries].map(([label, fs]) => {
        const at = ps.map((p) => fs.find((f) => f.settings.parallelism === p));
        return {
          label,
          values: at.map((f) => f?.rowsPerSecond),
          tooltips: at.map((f) => f && `${pointLabel(f.settings)}: ${fmtInt(f.rowsPerSecond)} rows/s${f.ceilingShare !== undefined ? ` (${fmtPercent(f.ceilingShare)} of raw-copy)` : ''}`),
          notes: at.map((f) => (f?.ceilingShare !== undefined ? fmtPercent(f.ceilingShare) : undefined)),
        };
      }),
    });
  });
}

const engineOrder = (s: PointSettings): number => (s.engine === 'raw-copy' ? 0 : 1);

export function chunkCostChart(groups: readonly PointGroup[]): string {
  const costs = chunkCosts(groups).filter((c) => c.cycleMillis !== undefined);
  // Without the query's time (pg_stat_statements saw none) the cycle is drawn whole, in its own colour.
  const whole = costs.some((c) => c.queryMillis === undefined) ? ['whole cycle (query time not recorded)'] : [];
  return svgHBarChart({
    id: 'chunk-cost',
    title: 'What a chunk costs: its query and the rest of its cycle',
    xLabel: 'milliseconds per chunk',
    segments: ['chunk query', 'rest of the cycle', ...whole],
    rows: costs.map((c) => {
      const label = pointLabel(c.settings);
      const cycle = `cycle ${fmtFixed(c.cycleMillis, 1)} ms, ${fmtInt(c.chunks ?? 0)} chunks`;
      if (c.queryMillis === undefined) return { label, values: [undefined, undefined, c.cycleMillis], tooltips: [undefined, undefined, `${label}: ${cycle}; query time not recorded`] };
      const rest = Math.max(0, c.cycleMillis! - c.queryMillis);
      return { label, values: [c.queryMillis, rest], tooltips: [`${label}: chunk query ${fmtFixed(c.queryMillis, 1)} ms`, `${label}: rest of the cycle ${fmtFixed(rest, 1)} ms (${cycle})`] };
    }),
  });
}

export function longPoleCharts(groups: readonly PointGroup[]): { poles: LongPoles; svg: string }[] {
  return longPoles(groups).map((poles) => ({
    poles,
    svg: svgHBarChart({
      id: `long-poles-${poles.which}`,
      title: `Long poles at the ${poles.which} point: ${pointLabel(poles.figures.settings)}`,
      xLabel: 'reading seconds',
      segments: ['reading seconds'],
      rows: poles.tables.map((t) => ({ label: t.table, values: [t.seconds], tooltips: [`${t.table}: ${fmtSeconds(t.seconds)} s, ${fmtInt(t.rows)} rows, ${fmtBytes(t.bytes)}`] })),
    }),
  }));
}

/** Lines shown at most: past this the chart keeps the runs that retained the most WAL. */
export const MAX_WAL_LINES = 12;

export function walChart(groups: readonly PointGroup[]): { svg: string; hidden: number } {
  const all = walSeries(groups);
  const shown = [...all].sort((a, b) => peak(b) - peak(a)).slice(0, MAX_WAL_LINES);
  const svg = svgLineChart({
    id: 'wal-retained',
    title: 'WAL retained by the replication slot over time',
    xLabel: 'seconds since the run started',
    yLabel: 'WAL retained',
    formatY: fmtBytes,
    series: all
      .filter((w) => shown.includes(w))
      .map((w) => {
        const label = `${pointLabel(w.settings)}, run ${w.repeat}`;
        return { label, points: w.points.map((p) => ({ x: p.t, y: p.bytes, tooltip: `${label} at ${fmtSeconds(p.t)} s: ${fmtBytes(p.bytes)}` })) };
      }),
  });
  return { svg, hidden: all.length - shown.length };
}

const peak = (w: { points: { bytes: number }[] }): number => Math.max(...w.points.map((p) => p.bytes));
