import assert from 'node:assert/strict';
import { test } from 'node:test';
import { niceTicks } from '../../src/report/html/chart-scale.js';
import { escapeHtml } from '../../src/report/html/escape.js';
import { svgBarChart } from '../../src/report/html/svg-bar-chart.js';
import { svgHBarChart } from '../../src/report/html/svg-hbar-chart.js';
import { svgLineChart } from '../../src/report/html/svg-line-chart.js';

const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;

test('round ticks cover the data: 1, 2 or 5 × 10^k steps, ends rounded outward', () => {
  assert.deepEqual(niceTicks(0, 93), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0, 1.5e6), [0, 500000, 1000000, 1500000]);
  assert.deepEqual(niceTicks(0, 0.3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test('line chart: a circle per finite point with its value, a legend entry per series and reference line, title and axis labels', () => {
  const svg = svgLineChart({
    id: 'c',
    title: 'T <1>',
    xLabel: 'x axis',
    yLabel: 'y axis',
    series: [
      { label: 'a', points: [{ x: 1, y: 2 }, { x: 2, y: 3 }, { x: 3, y: Number.NaN }] },
      { label: 'b & c', points: [{ x: 1, y: 1, tooltip: 'one' }] },
    ],
    references: [{ label: 'ideal', points: [{ x: 1, y: 1 }, { x: 3, y: 3 }] }],
  });
  assert.equal(count(svg, /class="mark"/g), 3);
  assert.match(svg, /data-series="a" data-x="2" data-y="3"[^>]*><title>a: 2, 3<\/title>/);
  assert.match(svg, /data-series="b &amp; c" data-x="1" data-y="1"[^>]*><title>one<\/title>/);
  assert.equal(count(svg, /class="legend-item"/g), 3);
  assert.match(svg, /class="chart-title"[^>]*>T &lt;1&gt;</);
  assert.match(svg, />x axis</);
  assert.match(svg, />y axis</);
  assert.doesNotMatch(svg, /NaN/);
  assert.match(svgLineChart({ id: 'e', title: 'Empty', xLabel: '', yLabel: '', series: [{ label: 'a', points: [] }] }), /<figure class="chart empty" id="e">.*no data points/);
});

test('bar chart: a rect per defined value, grouped by category; tiny values stay visible', () => {
  const svg = svgBarChart({
    id: 'b',
    title: 'Bars',
    xLabel: 'p',
    yLabel: 'rows/s',
    categories: ['p=1', 'p=2'],
    series: [
      { label: 'ceiling', values: [1000, 2000] },
      { label: 'connector', values: [1, undefined], notes: ['0.1%', undefined] },
    ],
  });
  assert.equal(count(svg, /class="mark"/g), 3);
  assert.match(svg, /data-series="connector" data-category="p=1" data-value="1"[^>]*height="1"/);
  assert.match(svg, /class="bar-note"[^>]*>0\.1%</);
  assert.equal(count(svg, /class="legend-item"/g), 2);
});

test('horizontal bars: stacked segments per row, long labels cut with the whole label as tooltip', () => {
  const long = `public.${'x'.repeat(80)}_end`;
  const svg = svgHBarChart({ id: 'h', title: 'H', xLabel: 'ms', segments: ['query', 'rest'], rows: [{ label: long, values: [40, 600] }, { label: 'b', values: [10, undefined] }] });
  assert.equal(count(svg, /class="mark"/g), 3);
  assert.match(svg, new RegExp(`<text class="row-label"[^>]*><title>${long}</title>public\\.x+…x+_end</text>`), 'cut in the middle, where labels differ least');
  const [q, r] = [...svg.matchAll(/data-row="public\.x+_end" data-segment="(\w+)" data-value="(\d+)" x="([\d.]+)"[^>]*width="([\d.]+)"/g)];
  assert.deepEqual([q![1], r![1]], ['query', 'rest']);
  assert.equal(Number(r![3]), Math.round((Number(q![3]) + Number(q![4])) * 10) / 10, 'the rest starts where the query ends');
});

test('HTML escaping covers text and quoted attributes', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
