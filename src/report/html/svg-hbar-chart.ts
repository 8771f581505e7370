import { seriesColor } from './chart-palette.js';
import { fmtTick, linearScale, niceTicks, px } from './chart-scale.js';
import { escapeHtml } from './escape.js';
import { chartFigure, emptyFigure, legend, shorten, textWidth, xAxis, type Plot } from './svg-chart-frame.js';

export interface HBarRow {
  label: string;
  /** One value per segment, stacked left to right; undefined draws nothing. */
  values: (number | undefined)[];
  tooltips?: (string | undefined)[];
}

export interface HBarChart {
  id: string;
  title: string;
  xLabel: string;
  /** The legend: what each stacked segment is (one entry for plain bars). */
  segments: string[];
  rows: HBarRow[];
  /** Vertical guides across the rows (a limit, a total to compare the bars with). */
  markers?: { x: number; label: string }[];
  formatX?: (v: number) => string;
  width?: number;
}

const ROW_HEIGHT = 24;
const MAX_LABEL_CHARS = 56;
const MARKER_COLOR = '#b00';
const MARKER_DASH = '3 3';

/**
 * Horizontal bars, one row per label, each made of stacked segments: plain bars (long poles) or
 * parts of a whole (a chunk's query and the rest of its cycle). A rect mark per segment, carrying
 * its value as data attributes and a `<title>` tooltip; long row labels are cut, with the whole
 * label as their tooltip.
 */
export function svgHBarChart(c: HBarChart): string {
  const totals = c.rows.map((r) => r.values.reduce<number>((sum, v) => sum + (v !== undefined && Number.isFinite(v) ? v : 0), 0));
  if (c.rows.length === 0 || Math.max(...totals) <= 0) return emptyFigure(c.id, c.title, 'no data points');
  const width = c.width ?? 720;
  const labels = c.rows.map((r) => shorten(r.label, MAX_LABEL_CHARS));
  const left = Math.max(60, Math.min(width * 0.55, Math.max(...labels.map(textWidth)) + 16));
  const plot: Plot = { left, top: 36, right: width - 24, bottom: 36 + c.rows.length * ROW_HEIGHT };
  const formatX = c.formatX ?? fmtTick;
  const markers = (c.markers ?? []).filter((m) => Number.isFinite(m.x));
  const xTicks = niceTicks(0, Math.max(...totals, ...markers.map((m) => m.x)));
  const x = linearScale([0, xTicks.at(-1)!], [plot.left, plot.right]);
  const key = legend(
    [...c.segments.map((label, i) => ({ label, color: seriesColor(i) })), ...markers.map((m) => ({ label: m.label, color: MARKER_COLOR, line: MARKER_DASH }))],
    plot.bottom + 62,
    plot.left,
    plot.right - plot.left,
  );
  const rows = c.rows.map((r, i) => rowSvg(r, labels[i]!, c.segments, plot.top + i * ROW_HEIGHT, plot.left, x, formatX));
  const grid = xTicks.map((v) => `<line class="grid" x1="${px(x(v))}" x2="${px(x(v))}" y1="${plot.top}" y2="${plot.bottom}" stroke="#e3e3e3"/>`);
  const body = [...grid, xAxis(plot, xTicks, x, c.xLabel, formatX), `<line class="axis-line" x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#888"/>`, ...rows, ...markers.map((m) => markerSvg(m, plot, x)), key.svg];
  return chartFigure(c.id, c.title, width, plot.bottom + 62 + key.height, body);
}

/** Named in the legend rather than beside the line, where its words would cover a bar or the title. */
function markerSvg(m: { x: number; label: string }, plot: Plot, x: (v: number) => number): string {
  const at = px(x(m.x));
  return `<g class="marker" data-x="${m.x}"><line x1="${at}" x2="${at}" y1="${plot.top}" y2="${plot.bottom}" stroke="${MARKER_COLOR}" stroke-width="2" stroke-dasharray="${MARKER_DASH}"><title>${escapeHtml(m.label)}</title></line></g>`;
}

function rowSvg(r: HBarRow, shown: string, segments: readonly string[], top: number, left: number, x: (v: number) => number, formatX: (v: number) => string): string {
  const label = escapeHtml(r.label);
  const cut = shown !== r.label ? `<title>${label}</title>` : '';
  let at = 0;
  const marks = r.values.flatMap((v, k) => {
    if (v === undefined || !Number.isFinite(v)) return [];
    const x0 = x(at);
    at += v;
    const w = Math.max(v > 0 ? 1 : 0, x(at) - x0);
    const tooltip = r.tooltips?.[k] ?? `${r.label}, ${segments[k] ?? ''}: ${formatX(v)}`;
    return [`<rect class="mark" data-row="${label}" data-segment="${escapeHtml(segments[k] ?? '')}" data-value="${v}" x="${px(x0)}" y="${top + 4}" width="${px(w)}" height="${ROW_HEIGHT - 8}" fill="${seriesColor(k)}"><title>${escapeHtml(tooltip)}</title></rect>`];
  });
  return [`<g class="row">`, `<text class="row-label" x="${left - 6}" y="${top + ROW_HEIGHT / 2}" text-anchor="end" dominant-baseline="middle">${cut}${escapeHtml(shown)}</text>`, ...marks, '</g>'].join('\n');
}
