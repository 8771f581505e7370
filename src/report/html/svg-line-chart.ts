import { seriesColor, seriesDash } from './chart-palette.js';
import { fmtTick, linearScale, niceTicks, px } from './chart-scale.js';
import { escapeHtml } from './escape.js';
import { chartFigure, emptyFigure, legend, xAxis, yAxis, type LegendItem, type Plot } from './svg-chart-frame.js';

export interface LinePoint {
  x: number;
  y: number;
  /** The mark's tooltip; defaults to "series: x, y". */
  tooltip?: string;
  /** The range the value may fall in (a prediction's low and high), drawn as a band under the line. */
  low?: number;
  high?: number;
  /** Beyond what was measured: a hollow mark, reached by a dashed segment. */
  extrapolated?: boolean;
}

export interface LineSeries {
  label: string;
  points: LinePoint[];
  /** The legend's words for the band; "<label>, range" by default. */
  rangeLabel?: string;
  /** The legend's words for the dashed segments and hollow marks; "<label>, extrapolated" by default. */
  extrapolatedLabel?: string;
}

/** A line drawn for comparison, without marks (an ideal, a limit). */
export interface ReferenceLine {
  label: string;
  points: { x: number; y: number }[];
}

/** A stretch of the x axis that is shaded (what a model was calibrated on), with a tick at each value that was measured. */
export interface XRegion {
  from: number;
  to: number;
  label: string;
  points?: number[];
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
  xRegions?: XRegion[];
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  width?: number;
  height?: number;
}

const REGION_COLOR = '#d6d6d6';
const BAND_OPACITY = 0.18;
const EXTRAPOLATED_DASH = '5 4';

type Scales = { x: (v: number) => number; y: (v: number) => number; formatX: (v: number) => string; formatY: (v: number) => string };

/**
 * Lines over a numeric x axis, one per series, a circle mark per data point carrying its value as
 * data attributes and a `<title>` tooltip. The y axis starts at zero: these charts compare sizes.
 * Ranges, extrapolated points and shaded regions are optional: a chart without them is drawn as before.
 */
export function svgLineChart(c: LineChart): string {
  const finite = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y);
  const series = c.series.map((s) => ({ ...s, points: s.points.filter(finite) }));
  const refs = (c.references ?? []).map((r) => ({ ...r, points: r.points.filter(finite) }));
  const regions = (c.xRegions ?? []).filter((r) => Number.isFinite(r.from) && Number.isFinite(r.to));
  const all = [...series.flatMap((s) => s.points), ...refs.flatMap((r) => r.points)];
  if (series.every((s) => s.points.length === 0)) return emptyFigure(c.id, c.title, 'no data points');
  const width = c.width ?? 620;
  const plot: Plot = { left: 72, top: 36, right: width - 20, bottom: (c.height ?? 300) - 48 };
  const formatX = c.formatX ?? fmtTick;
  const formatY = c.formatY ?? fmtTick;
  const xs = [...all.map((p) => p.x), ...(c.xTicks ?? []), ...(c.xMarkers ?? []).map((m) => m.x), ...regions.flatMap((r) => [r.from, r.to])];
  const xTicks = c.xTicks ?? niceTicks(Math.min(...xs), Math.max(...xs));
  const [x0, x1] = [Math.min(...xs, ...xTicks), Math.max(...xs, ...xTicks)];
  // A single x value (only p=1 measured) sits in the middle rather than on the axis.
  const xDomain = x0 === x1 ? ([x0 - 1, x1 + 1] as const) : ([x0, x1] as const);
  const highs = series.flatMap((s) => s.points.flatMap((p) => (range(p) ? [range(p)![1]] : [])));
  const yTicks = niceTicks(0, Math.max(...all.map((p) => p.y), ...highs));
  const x = linearScale(xDomain, [plot.left + 8, plot.right - 8]);
  const y = linearScale([yTicks[0]!, yTicks.at(-1)!], [plot.bottom, plot.top]);
  const scales: Scales = { x, y, formatX, formatY };
  const items: LegendItem[] = [
    ...series.flatMap((s, i) => seriesLegend(s, i)),
    ...refs.map((r) => ({ label: r.label, color: '#777', line: '6 4' })),
    ...regions.map((r) => ({ label: r.label, color: REGION_COLOR })),
  ];
  const key = legend(items, plot.bottom + 62, plot.left, plot.right - plot.left);
  const body = [
    ...regions.map((r) => regionSvg(r, plot, x)),
    yAxis(plot, yTicks, y, c.yLabel, formatY),
    xAxis(plot, xTicks, x, c.xLabel, formatX),
    ...(c.xMarkers ?? []).map((m) => `<g class="marker"><line x1="${px(x(m.x))}" x2="${px(x(m.x))}" y1="${plot.top}" y2="${plot.bottom}" stroke="#b00" stroke-dasharray="2 3"/><text x="${px(x(m.x) + 4)}" y="${plot.top + 10}" style="fill:#b00">${escapeHtml(m.label)}</text></g>`),
    ...refs.map((r) => `<polyline class="reference" data-label="${escapeHtml(r.label)}" data-points="${r.points.map((p) => `${p.x},${p.y}`).join(' ')}" points="${r.points.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join(' ')}" fill="none" stroke="#777" stroke-width="1.5" stroke-dasharray="6 4"><title>${escapeHtml(r.label)}</title></polyline>`),
    ...series.map((s, i) => seriesSvg(s, i, scales)),
    key.svg,
  ];
  return chartFigure(c.id, c.title, width, plot.bottom + 62 + key.height, body);
}

const range = (p: LinePoint): [number, number] | undefined => (p.low !== undefined && p.high !== undefined && Number.isFinite(p.low) && Number.isFinite(p.high) ? [p.low, p.high] : undefined);

function seriesLegend(s: LineSeries, index: number): LegendItem[] {
  const color = seriesColor(index);
  return [
    { label: s.label, color, line: seriesDash(index) ?? '' },
    ...(s.points.some((p) => range(p)) ? [{ label: s.rangeLabel ?? `${s.label}, range`, color: tint(color, BAND_OPACITY) }] : []),
    ...(s.points.some((p) => p.extrapolated) ? [{ label: s.extrapolatedLabel ?? `${s.label}, extrapolated`, color, line: EXTRAPOLATED_DASH }] : []),
  ];
}

function seriesSvg(s: LineSeries, index: number, sc: Scales): string {
  const color = seriesColor(index);
  const dash = seriesDash(index);
  const label = escapeHtml(s.label);
  const sorted = [...s.points].sort((a, b) => a.x - b.x);
  const at = (p: LinePoint) => `${px(sc.x(p.x))},${px(sc.y(p.y))}`;
  const marks = sorted.map((p) => markSvg(s, p, color, sc));
  return [`<g class="series" data-series="${label}">`, ...bandSvg(s, sorted, color, sc), ...lineSvg(sorted, at, color, dash), ...marks, '</g>'].join('\n');
}

/** One polyline through measured points, and a dashed segment into (and between) extrapolated ones. */
function lineSvg(sorted: readonly LinePoint[], at: (p: LinePoint) => string, color: string, dash: string | undefined): string[] {
  const solid = (points: readonly LinePoint[]) => `<polyline class="series-line" points="${points.map(at).join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
  if (!sorted.some((p) => p.extrapolated)) return [solid(sorted)];
  const measured = sorted.filter((p) => !p.extrapolated);
  const dashed = sorted.slice(1).flatMap((p, i) => (p.extrapolated || sorted[i]!.extrapolated ? [[sorted[i]!, p]] : []));
  return [
    ...(measured.length > 1 ? [solid(measured)] : []),
    ...dashed.map(([a, b]) => `<polyline class="series-line extrapolated" points="${at(a!)} ${at(b!)}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${EXTRAPOLATED_DASH}"/>`),
  ];
}

function bandSvg(s: LineSeries, sorted: readonly LinePoint[], color: string, sc: Scales): string[] {
  const ranged = sorted.flatMap((p) => (range(p) ? [{ x: p.x, r: range(p)! }] : []));
  if (ranged.length === 0) return [];
  // A single point has no width: its band is an error bar.
  if (ranged.length === 1) {
    const { x, r } = ranged[0]!;
    return [`<line class="range-band" data-series="${escapeHtml(s.label)}" data-ranges="${x}:${r[0]}-${r[1]}" x1="${px(sc.x(x))}" x2="${px(sc.x(x))}" y1="${px(sc.y(r[0]))}" y2="${px(sc.y(r[1]))}" stroke="${color}" stroke-opacity="0.5" stroke-width="8"/>`];
  }
  const outline = [...ranged.map(({ x, r }) => `${px(sc.x(x))},${px(sc.y(r[0]))}`), ...[...ranged].reverse().map(({ x, r }) => `${px(sc.x(x))},${px(sc.y(r[1]))}`)];
  const title = s.rangeLabel ?? `${s.label}, range`;
  return [`<polygon class="range-band" data-series="${escapeHtml(s.label)}" data-ranges="${ranged.map(({ x, r }) => `${x}:${r[0]}-${r[1]}`).join(' ')}" points="${outline.join(' ')}" fill="${color}" fill-opacity="${BAND_OPACITY}" stroke="none"><title>${escapeHtml(title)}</title></polygon>`];
}

function markSvg(s: LineSeries, p: LinePoint, color: string, sc: Scales): string {
  const r = range(p);
  const extra = `${r ? ` data-low="${r[0]}" data-high="${r[1]}"` : ''}${p.extrapolated ? ' data-extrapolated="true"' : ''}`;
  // A hollow mark keeps the series colour in its outline, so it still reads as the same line.
  const paint = p.extrapolated ? `fill="#fff" stroke="${color}" stroke-width="2"` : `fill="${color}"`;
  return `<circle class="mark" data-series="${escapeHtml(s.label)}" data-x="${p.x}" data-y="${p.y}"${extra} cx="${px(sc.x(p.x))}" cy="${px(sc.y(p.y))}" r="4" ${paint}><title>${escapeHtml(p.tooltip ?? `${s.label}: ${sc.formatX(p.x)}, ${sc.formatY(p.y)}`)}</title></circle>`;
}

function regionSvg(r: XRegion, plot: Plot, x: (v: number) => number): string {
  // A region of one value (only p=1 calibrated) still shows as a narrow strip.
  const [a, b] = [x(Math.min(r.from, r.to)), x(Math.max(r.from, r.to))];
  const [left, right] = b - a < 8 ? [(a + b) / 2 - 4, (a + b) / 2 + 4] : [a, b];
  const ticks = (r.points ?? []).map(
    (v) => `<path class="region-point" data-x="${v}" d="M${px(x(v))} ${px(plot.bottom)} l-5 -8 h10 z" fill="#555"><title>${escapeHtml(`${r.label}: ${v}`)}</title></path>`,
  );
  return [
    `<g class="x-region" data-label="${escapeHtml(r.label)}" data-from="${r.from}" data-to="${r.to}">`,
    `<rect x="${px(left)}" y="${plot.top}" width="${px(right - left)}" height="${px(plot.bottom - plot.top)}" fill="${REGION_COLOR}" fill-opacity="0.5"><title>${escapeHtml(r.label)}</title></rect>`,
    ...ticks,
    '</g>',
  ].join('\n');
}

/** The colour a translucent fill shows on white, for its legend square. */
function tint(hex: string, opacity: number): string {
  const channel = (i: number) => Math.round(255 - (255 - parseInt(hex.slice(i, i + 2), 16)) * opacity);
  return `#${[1, 3, 5].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}
