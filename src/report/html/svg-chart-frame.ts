import { px, type Scale } from './chart-scale.js';
import { escapeHtml } from './escape.js';

/**
 * What every SVG chart has around its marks: the figure and its title, axes with ticks and
 * labels, grid lines and a legend. Charts pass data-space ticks and scales; labels are escaped here.
 */
export interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const FONT_SIZE = 12;
/** Average glyph width of the sans-serif font at FONT_SIZE, for laying out labels without measuring. */
const CHAR_WIDTH = 6.6;
export const textWidth = (text: string): number => text.length * CHAR_WIDTH;

/** Cuts a label to `max` characters in the middle: labels of one chart tend to differ at the end (options, run numbers). */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** A `<figure>` holding one self-contained SVG chart; `id` names the chart for links and tests. */
export function chartFigure(id: string, title: string, width: number, height: number, body: readonly string[]): string {
  const t = escapeHtml(title);
  return [
    `<figure class="chart" id="${escapeHtml(id)}">`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${px(height)}" width="${width}" height="${px(height)}" role="img" aria-labelledby="${escapeHtml(id)}-title" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${FONT_SIZE}">`,
    `<title id="${escapeHtml(id)}-title">${t}</title>`,
    `<text class="chart-title" x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${t}</text>`,
    ...body,
    '</svg>',
    '</figure>',
  ].join('\n');
}

/** The y axis on the left: grid lines across the plot, tick labels and the axis label turned upright. */
export function yAxis(plot: Plot, ticks: readonly number[], y: Scale, label: string, format: (v: number) => string): string {
  const lines = ticks.map((v) => {
    const yy = px(y(v));
    return `<line class="grid" x1="${plot.left}" x2="${plot.right}" y1="${yy}" y2="${yy}" stroke="#e3e3e3"/><text class="tick" x="${plot.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(format(v))}</text>`;
  });
  const mid = (plot.top + plot.bottom) / 2;
  return [
    `<g class="axis y-axis">`,
    ...lines,
    `<line class="axis-line" x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#888"/>`,
    `<text class="axis-label" transform="translate(14 ${px(mid)}) rotate(-90)" text-anchor="middle">${escapeHtml(label)}</text>`,
    '</g>',
  ].join('\n');
}

/** The x axis at the bottom, with numeric ticks. */
export function xAxis(plot: Plot, ticks: readonly number[], x: Scale, label: string, format: (v: number) => string): string {
  return xAxisAt(plot, ticks.map((v) => ({ at: x(v), text: format(v) })), label);
}

/** The x axis at the bottom, with ticks at given positions (bar charts put them mid-band). */
export function xAxisAt(plot: Plot, ticks: readonly { at: number; text: string }[], label: string): string {
  const lines = ticks.map(({ at, text }) => `<line x1="${px(at)}" x2="${px(at)}" y1="${plot.bottom}" y2="${plot.bottom + 5}" stroke="#888"/><text class="tick" x="${px(at)}" y="${plot.bottom + 18}" text-anchor="middle">${escapeHtml(text)}</text>`);
  return [
    `<g class="axis x-axis">`,
    `<line class="axis-line" x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#888"/>`,
    ...lines,
    `<text class="axis-label" x="${px((plot.left + plot.right) / 2)}" y="${plot.bottom + 36}" text-anchor="middle">${escapeHtml(label)}</text>`,
    '</g>',
  ].join('\n');
}

export interface LegendItem {
  label: string;
  color: string;
  /** A line key (with this dash pattern, or solid when '') instead of a filled square. */
  line?: string;
}

const LEGEND_ROW = 18;

/** Legend items flowing left to right under the chart, wrapping at `width`; returns the SVG and its height. */
export function legend(items: readonly LegendItem[], top: number, left: number, width: number): { svg: string; height: number } {
  let x = left;
  let row = 0;
  const maxChars = Math.floor((width - 38) / CHAR_WIDTH);
  const parts = items.map((item) => {
    const shown = shorten(item.label, maxChars);
    const w = 22 + textWidth(shown) + 16;
    if (x > left && x + w > left + width) {
      x = left;
      row++;
    }
    const y = top + row * LEGEND_ROW;
    const key =
      item.line !== undefined
        ? `<line x1="${px(x)}" x2="${px(x + 16)}" y1="${px(y)}" y2="${px(y)}" stroke="${item.color}" stroke-width="2"${item.line ? ` stroke-dasharray="${item.line}"` : ''}/>`
        : `<rect x="${px(x + 3)}" y="${px(y - 5)}" width="10" height="10" fill="${item.color}"/>`;
    const cut = shown !== item.label ? `<title>${escapeHtml(item.label)}</title>` : '';
    const svg = `<g class="legend-item">${key}<text x="${px(x + 22)}" y="${px(y)}" dominant-baseline="middle">${cut}${escapeHtml(shown)}</text></g>`;
    x += w;
    return svg;
  });
  return { svg: `<g class="legend">\n${parts.join('\n')}\n</g>`, height: items.length ? (row + 1) * LEGEND_ROW : 0 };
}

/** A chart with nothing to draw still says what it would have shown. */
export function emptyFigure(id: string, title: string, message: string): string {
  return `<figure class="chart empty" id="${escapeHtml(id)}"><figcaption><strong>${escapeHtml(title)}</strong>: ${escapeHtml(message)}</figcaption></figure>`;
}
