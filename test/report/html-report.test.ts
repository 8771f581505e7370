import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { htmlDocumentProblems } from './html-document.js';
import { baselineOf, longPolesResult, medianWall } from './run-result-fixture.js';
import { figure, marks } from './svg-marks.js';

const label = (p: RunResult['points'][number], withP: boolean) => {
  const o = Object.entries(p.settings.sourceOptions).map(([k, v]) => `${k}=${v}`).join(' ');
  return withP ? `${p.settings.engine} p=${p.settings.parallelism} chunk ${p.settings.chunkSize}${o ? ` ${o}` : ''}` : `${p.settings.engine}, chunk ${p.settings.chunkSize}${o ? `, ${o}` : ''}`;
};
const okPoints = (r: RunResult) => r.points.filter((p) => p.samples.some((s) => s.ok));

test('every mark in the page carries a tooltip', () => {
  const html = runReportHtml(longPolesResult());
  const all = html.match(/class="mark"/g)?.length ?? 0;
  assert.ok(all > 50);
  assert.equal(marks(html).length, all, 'each mark is a circle or rect with a <title>');
  for (const m of marks(html)) assert.notEqual(m.title.trim(), '');
});

test('time vs parallelism: a mark per measured point at its median time, one line per engine, chunk size and option set', () => {
  const result = longPolesResult();
  const chart = figure(runReportHtml(result), 'time-vs-parallelism');
  const found = marks(chart);
  assert.equal(found.length, okPoints(result).length);
  for (const p of okPoints(result)) {
    const m = found.find((x) => x.attrs['data-series'] === label(p, false) && x.attrs['data-x'] === String(p.settings.parallelism));
    assert.ok(m, label(p, true));
    assert.equal(Number(m.attrs['data-y']), medianWall(p));
    assert.match(m.title, new RegExp(`^${label(p, true)}: `));
  }
  assert.equal(new Set(found.map((m) => m.attrs['data-series'])).size, 3);
  assert.equal((chart.match(/class="series-line"/g) ?? []).length, 3);
  assert.match(chart, /<g class="marker">[\s\S]*?>2 cores</, 'the core count is marked where the grid goes past it');
  for (const s of ['raw-copy, chunk 8096', 'flink-cdc, chunk 8096', 'flink-cdc, chunk 8096, debezium.poll.interval.ms=50']) assert.match(chart, new RegExp(`<g class="legend-item">.*>${s}</text>`), `legend for ${s}`);
});

test('speedup vs parallelism: a mark per point at T1/Tp, and the ideal line from 1 to the largest parallelism', () => {
  const result = longPolesResult();
  const chart = figure(runReportHtml(result), 'speedup-vs-parallelism');
  const found = marks(chart);
  assert.equal(found.length, okPoints(result).length);
  for (const p of okPoints(result)) {
    const m = found.find((x) => x.attrs['data-series'] === label(p, false) && x.attrs['data-x'] === String(p.settings.parallelism))!;
    const expected = medianWall(baselineOf(result, p)) / medianWall(p);
    assert.ok(Math.abs(Number(m.attrs['data-y']) - expected) < 1e-9, label(p, true));
    assert.match(m.title, new RegExp(`speedup ${expected.toFixed(2)}×`));
  }
  assert.match(chart, /<polyline class="reference" data-label="ideal \(speedup = p\)" data-points="1,1 4,4"/);
  assert.match(chart, /<g class="legend-item">.*>ideal \(speedup = p\)<\/text>/);
});

test('the connector vs the raw-copy ceiling: a bar per point at rows/s, the connector\'s share written above its bars', () => {
  const result = longPolesResult();
  const chart = figure(runReportHtml(result), 'ceiling-chunk-8096');
  const found = marks(chart);
  assert.equal(found.length, okPoints(result).length);
  for (const p of okPoints(result)) {
    const m = found.find((x) => x.attrs['data-series'] === label(p, false) && x.attrs['data-category'] === `p=${p.settings.parallelism}`)!;
    assert.ok(Math.abs(Number(m.attrs['data-value']) - p.samples.find((s) => s.ok)!.rows / medianWall(p)) < 1e-6, label(p, true));
  }
  const raw1 = medianWall(result.points.find((p) => p.settings.engine === 'raw-copy' && p.settings.parallelism === 1)!);
  const share = raw1 / medianWall(result.points.find((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1)!);
  assert.match(chart, new RegExp(`class="bar-note"[^>]*>${(share * 100).toFixed(1)}%<`));
  assert.equal((chart.match(/class="bar-note"/g) ?? []).length, 6, 'one share per connector bar');
});

test('long poles: a horizontal bar per top table at the slowest and the fastest point, names escaped', () => {
  const result = longPolesResult();
  const html = runReportHtml(result);
  for (const [id, point] of [
    ['long-poles-slowest', result.points[1]!],
    ['long-poles-fastest', result.points[8]!],
  ] as const) {
    const found = marks(figure(html, id));
    const sample = point.samples.find((s) => s.ok && s.wallSeconds === medianWall(point))!;
    assert.equal(found.length, sample.tables.length, id);
    for (const t of sample.tables) assert.equal(Number(found.find((m) => m.attrs['data-row'] === t.table)?.attrs['data-value']), t.seconds, `${id}: ${t.table}`);
    assert.deepEqual(found.map((m) => Number(m.attrs['data-value'])), [...found.map((m) => Number(m.attrs['data-value']))].sort((a, b) => b - a), 'longest first');
  }
  assert.match(figure(html, 'long-poles-slowest'), /<text class="row-label"[^>]*>public\.&lt;script&gt;x&lt;\/script&gt;<\/text>/);
});

test('WAL retained over time: one line per connector point, a mark per observation that saw a slot', () => {
  const result = longPolesResult();
  const chart = figure(runReportHtml(result), 'wal-retained');
  const found = marks(chart);
  const connector = result.points.filter((p) => p.settings.engine === 'flink-cdc');
  let expected = 0;
  for (const p of connector) {
    const withSlots = p.samples[0]!.observations!.points.filter((o) => o.slots.length > 0);
    const line = found.filter((m) => m.attrs['data-series']!.startsWith(`${label(p, true)}, run `));
    assert.equal(line.length, withSlots.length, label(p, true));
    expected += withSlots.length;
  }
  assert.equal(found.length, expected);
  const first = connector[0]!.samples[0]!.observations!.points[1]!;
  assert.ok(found.some((m) => Number(m.attrs['data-x']) === first.t && Number(m.attrs['data-y']) === first.slots[0]!.walRetainedBytes));
});

test('chunk cost: the query and the rest of the cycle as two segments per point', () => {
  const result = longPolesResult();
  const found = marks(figure(runReportHtml(result), 'chunk-cost'));
  assert.equal(found.length, 2 * okPoints(result).length);
  const p1 = found.filter((m) => m.attrs['data-row'] === 'flink-cdc p=1 chunk 8096');
  // Medians over the three samples: queries 41.2, 40.6, 42.0 ms; cycles from the fixture.
  const cycles = result.points[1]!.samples.map((s) => s.chunkCycleMillis!).sort((a, b) => a - b);
  assert.deepEqual(p1.map((m) => [m.attrs['data-segment'], Number(m.attrs['data-value'])]), [['chunk query', 41.2], ['rest of the cycle', cycles[1]! - 41.2]]);
});

test('one self-contained, well-formed document: no network references, no scripts, user strings escaped', () => {
  const result = longPolesResult();
  result.scenario.name = '"><img src=x onerror=alert(1)>';
  result.points[6]!.settings.sourceOptions = { 'debezium.poll.interval.ms': '<b>50</b>' };
  result.points[5]!.samples[2]!.failure = '</pre><script>alert(1)</script>';
  const html = runReportHtml(result);
  assert.deepEqual(htmlDocumentProblems(html), []);
  assert.equal(html.match(/<html[\s>]/g)?.length, 1);
  assert.equal(html.match(/<\/html>/g)?.length, 1);
  assert.deepEqual([...new Set(html.match(/https?:\/\/[^"'\s)]*/g))], ['http://www.w3.org/2000/svg']);
  assert.doesNotMatch(html, /<script|<img|<b>|<link|<iframe|@import|url\(/i);
  assert.doesNotMatch(html, /<[^>]*\s(src|href|on\w+)=/i, 'no tag loads or runs anything');
  assert.match(html, /public\.&lt;script&gt;x&lt;\/script&gt;/);
  assert.match(html, /&lt;\/pre&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<title>cdc-sizer run: &quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/title>/);
  assert.match(html, /data-series="flink-cdc, chunk 8096, debezium\.poll\.interval\.ms=&lt;b&gt;50&lt;\/b&gt;"/);
});

test('without raw-copy, or without any point, the page says what is missing instead of drawing empty charts', () => {
  const connectorOnly = longPolesResult();
  connectorOnly.points = connectorOnly.points.filter((p) => p.settings.engine === 'flink-cdc');
  const html = runReportHtml(connectorOnly);
  assert.deepEqual(htmlDocumentProblems(html), []);
  assert.doesNotMatch(html, /id="ceiling-chunk-/);
  assert.match(html, /did not measure the raw-copy ceiling/);
  const empty = runReportHtml({ ...longPolesResult(), points: [] });
  assert.deepEqual(htmlDocumentProblems(empty), []);
  assert.match(empty, /No point was measured\./);
  assert.doesNotMatch(empty + html, /NaN|undefined|Infinity/);
});
