import { seriesColor } from './chart-palette.js';
import { fmtTick, linearScale, niceTicks, px } from './chart-scale.js';
import { escapeHtml } from './escape.js';
import { chartFigure, emptyFigure, legend, xAxisAt, yAxis, type Plot } from './svg-chart-frame.js';

export interface BarSeries {
  label: string;
  /** One value per category; undefined (or not finite) draws no bar. */
  values: (number | undefined)[];
  tooltips?: (string | undefined)[];
  /** Short text above a bar (a percentage, say). */
  notes?: (string | undefined)[];
}

export interface BarChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: BarSeries[];
  formatY?: (v: number) => string;
  width?: number;
  height?: number;
}

/**
 * Vertical bars grouped by category, one colour per series: a rect mark per value, carrying it as
 * data attributes and a `<title>` tooltip. A value too small to see still gets one pixel.
 */
export function svgBarChart(c: BarChart): string {
  const values = c.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  if (values.length === 0 || c.categories.length === 0) return emptyFigure(c.id, c.title, 'no data points');
  const width = c.width ?? 620;
  const plot: Plot = { left: 72, top: 36, right: width - 20, bottom: (c.height ?? 300) - 48 };
  const formatY = c.formatY ?? fmtTick;
  const yTicks = niceTicks(0, Math.max(...values));
  const y = linearScale([0, yTicks.at(-1)!], [plot.bottom, plot.top]);
  const band = (plot.right - plot.left) / c.categories.length;
  const barWidth = (band * 0.8) / c.series.length;
  const key = legend(
    c.series.map((s, i) => ({ label: s.label, color: seriesColor(i) })),
    plot.bottom + 62,
    plot.left,
    plot.right - plot.left,
  );
  const bars = c.series.flatMap((s, i) =>
    s.values.flatMap((v, j) => {
      if (v === undefined || !Number.isFinite(v)) return [];
      const x0 = plot.left + band * j + band * 0.1 + barWidth * i;
      const top = Math.min(y(v), plot.bottom - (v > 0 ? 1 : 0));
      const tooltip = s.tooltips?.[j] ?? `${s.label}, ${c.categories[j]}: ${formatY(v)}`;
      const note = s.notes?.[j];
      return [
        `<rect class="mark" data-series="${escapeHtml(s.label)}" data-category="${escapeHtml(c.categories[j] ?? '')}" data-value="${v}" x="${px(x0)}" y="${px(top)}" width="${px(barWidth)}" height="${px(plot.bottom - top)}" fill="${seriesColor(i)}"><title>${escapeHtml(tooltip)}</title></rect>`,
        ...(note ? [`<text class="bar-note" x="${px(x0 + barWidth / 2)}" y="${px(top - 4)}" text-anchor="middle" font-size="11">${escapeHtml(note)}</text>`] : []),
      ];
    }),
  );
  const body = [
    yAxis(plot, yTicks, y, c.yLabel, formatY),
    xAxisAt(plot, c.categories.map((text, j) => ({ at: plot.left + band * (j + 0.5), text })), c.xLabel),
    `<g class="bars">`,
    ...bars,
    '</g>',
    key.svg,
  ];
  return chartFigure(c.id, c.title, width, plot.bottom + 62 + key.height, body);
}
