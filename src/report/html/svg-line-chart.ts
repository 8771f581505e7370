import { seriesColor, seriesDash } from './chart-palette.js';
import { fmtTick, linearScale, niceTicks, px } from './chart-scale.js';
import { escapeHtml } from './escape.js';
import { chartFigure, emptyFigure, legend, xAxis, yAxis, type LegendItem, type Plot } from './svg-chart-frame.js';

export interface LinePoint {
  x: number;
  y: number;
  /** The mark's tooltip; defaults to "series: x, y". */
  tooltip?: string;
}

export interface LineSeries {
  label: string;
  points: LinePoint[];
}

/** A line drawn for comparison, without marks (an ideal, a limit). */
export interface ReferenceLine {
  label: string;
  points: { x: number; y: number }[];
}

export interface LineChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  references?: ReferenceLine[];
  /** Ticks to label instead of round numbers (the parallelisms that were measured). */
  xTicks?: number[];
  /** Vertical guides, e.g. the machine's core count. */
  xMarkers?: { x: number; label: string }[];
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  width?: number;
  height?: number;
}

/**
 * Lines over a numeric x axis, one per series, a circle mark per data point carrying its value as
 * data attributes and a `<title>` tooltip. The y axis starts at zero: these charts compare sizes.
 */
export function svgLineChart(c: LineChart): string {
  const series = c.series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) }));
  const refs = (c.references ?? []).map((r) => ({ ...r, points: r.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) }));
  const all = [...series.flatMap((s) => s.points), ...refs.flatMap((r) => r.points)];
  if (series.every((s) => s.points.length === 0)) return emptyFigure(c.id, c.title, 'no data points');
  const width = c.width ?? 620;
  const plot: Plot = { left: 72, top: 36, right: width - 20, bottom: (c.height ?? 300) - 48 };
  const formatX = c.formatX ?? fmtTick;
  const formatY = c.formatY ?? fmtTick;
  const xs = [...all.map((p) => p.x), ...(c.xTicks ?? []), ...(c.xMarkers ?? []).map((m) => m.x)];
  const xTicks = c.xTicks ?? niceTicks(Math.min(...xs), Math.max(...xs));
  const [x0, x1] = [Math.min(...xs, ...xTicks), Math.max(...xs, ...xTicks)];
  // A single x value (only p=1 measured) sits in the middle rather than on the axis.
  const xDomain = x0 === x1 ? ([x0 - 1, x1 + 1] as const) : ([x0, x1] as const);
  const yTicks = niceTicks(0, Math.max(...all.map((p) => p.y)));
  const x = linearScale(xDomain, [plot.left + 8, plot.right - 8]);
  const y = linearScale([yTicks[0]!, yTicks.at(-1)!], [plot.bottom, plot.top]);
  const items: LegendItem[] = [
    ...series.map((s, i) => ({ label: s.label, color: seriesColor(i), line: seriesDash(i) ?? '' })),
    ...refs.map((r) => ({ label: r.label, color: '#777', line: '6 4' })),
  ];
  const key = legend(items, plot.bottom + 62, plot.left, plot.right - plot.left);
  const body = [
    yAxis(plot, yTicks, y, c.yLabel, formatY),
    xAxis(plot, xTicks, x, c.xLabel, formatX),
    ...(c.xMarkers ?? []).map((m) => `<g class="marker"><line x1="${px(x(m.x))}" x2="${px(x(m.x))}" y1="${plot.top}" y2="${plot.bottom}" stroke="#b00" stroke-dasharray="2 3"/><text x="${px(x(m.x) + 4)}" y="${plot.top + 10}" style="fill:#b00">${escapeHtml(m.label)}</text></g>`),
    ...refs.map((r) => `<polyline class="reference" data-label="${escapeHtml(r.label)}" data-points="${r.points.map((p) => `${p.x},${p.y}`).join(' ')}" points="${r.points.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join(' ')}" fill="none" stroke="#777" stroke-width="1.5" stroke-dasharray="6 4"><title>${escapeHtml(r.label)}</title></polyline>`),
    ...series.map((s, i) => seriesSvg(s, i, x, y, formatX, formatY)),
    key.svg,
  ];
  return chartFigure(c.id, c.title, width, plot.bottom + 62 + key.height, body);
}

function seriesSvg(s: LineSeries, index: number, x: (v: number) => number, y: (v: number) => number, formatX: (v: number) => string, formatY: (v: number) => string): string {
  const color = seriesColor(index);
  const dash = seriesDash(index);
  const label = escapeHtml(s.label);
  const sorted = [...s.points].sort((a, b) => a.x - b.x);
  const line = `<polyline class="series-line" points="${sorted.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
  const marks = sorted.map(
    (p) => `<circle class="mark" data-series="${label}" data-x="${p.x}" data-y="${p.y}" cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="4" fill="${color}"><title>${escapeHtml(p.tooltip ?? `${s.label}: ${formatX(p.x)}, ${formatY(p.y)}`)}</title></circle>`,
  );
  return [`<g class="series" data-series="${label}">`, line, ...marks, '</g>'].join('\n');
}
