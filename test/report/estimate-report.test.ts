import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateReportHtml } from '../../src/report/html/estimate-report.js';
import { estimateReportMarkdown } from '../../src/report/markdown/estimate-report.js';
import { handWrittenEstimate } from './estimate-result-fixture.js';
import { htmlDocumentProblems } from './html-document.js';
import { tableAfter } from './markdown-table.js';
import { attrsOf, figure, marks } from './svg-marks.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

test('report.md: the verdict first and bold, then a row per parallelism with its range, speedup and marks', () => {
  const md = estimateReportMarkdown(handWrittenEstimate());
  const lines = md.split('\n').filter((l) => l !== '');
  assert.equal(lines[0], '# cdc-sizer estimate: prod.json');
  assert.equal(lines[2], '**Verdict: ≈ 10.0 h at p=1, ≈ 2.5 h at p=8 (recommended); the sync will not take days at any parallelism listed**');
  assert.ok(md.indexOf('**Verdict') < md.indexOf('## '), 'before every section');
  assert.deepEqual(tableAfter(md, '## Predictions per parallelism'), [
    ['1', '10.0 h', '9.0 h – 11.0 h', '1.00×', 'measured', ''],
    ['2', '5.0 h', '4.5 h – 5.5 h', '2.00×', 'measured', ''],
    ['4', '3.3 h', '3.0 h – 3.7 h', '3.00×', 'measured', ''],
    ['8', '2.5 h', '2.0 h – 3.0 h', '4.00×', 'source-scaling', 'recommended, extrapolated'],
    ['16', '2.3 h', '1.6 h – 3.0 h', '4.29×', 'cluster-slots', 'extrapolated'],
  ]);
  assert.match(md, /\| p \| estimate \| range \(low – high\) \| speedup vs p=1 \| limited by \| notes \|/);
  assert.match(md, /Recommended parallelism: 8,/);
});

test('report.md: workload, long poles, keyless tables, WAL risk, extrapolations and the model, user text escaped', () => {
  const md = estimateReportMarkdown(handWrittenEstimate());
  const workload = Object.fromEntries(tableAfter(md, '## Workload').map(([k, v]) => [k, v]));
  assert.deepEqual(workload, { tables: '412', rows: '1,305,000,000', 'on disk (heap + TOAST)': '271 GB', chunks: '161,200', 'chunk size': '8,096 rows', 'tables without a primary key': '2' });
  assert.deepEqual(tableAfter(md, '## Long poles at p=8'), [
    ['public.orders', '2.5 h', '111,200', 'yes'],
    ['\\<b\\>x\\</b\\>', '67 min', '37,100', ''],
    ['public.events_2026', '25 min', '12,400', ''],
  ]);
  assert.match(md, /## Tables without a primary key\n\n2 tables without a primary key: .*\n\n- \\<b\\>x\\<\/b\\>\n- public\.audit\\\|log\n/);
  assert.match(md, /## WAL risk\n\n\*\*danger\*\*: the slot would retain ≈ 21\.6 GB, more than half the 30\.0 GB free disk\n/);
  const wal = Object.fromEntries(tableAfter(md, '## WAL risk').map(([k, v]) => [k, v]));
  assert.equal(wal['retained by the slot at p=8 (upper estimate)'], '21.6 GB');
  assert.equal(wal['max_slot_wal_keep_size'], '50.0 GB');
  assert.equal(wal['free disk'], '30.0 GB');
  assert.equal(wal['WAL written (sampled)'], '2.0 MB/s');
  const extrapolated = md.slice(md.indexOf('## What is extrapolated'), md.indexOf('## The model'));
  assert.equal(count(extrapolated, /^- /gm), 2);
  const model = md.slice(md.indexOf('## The model'));
  assert.equal(count(model, /^- /gm), 2, 'one bullet per line of the explanation');
  const facts = Object.fromEntries(tableAfter(md, '## The model').map(([k, v]) => [k, v]));
  assert.equal(facts['σ (contention)'], '0.200');
  assert.equal(facts['κ (coherency)'], '0.0031');
  assert.equal(facts['fit error'], 'max 8 %, RMS 4 %');
  assert.equal(facts['calibration files'], 'runs/cal-1.json, runs/a\\|b.json');
  assert.equal(facts['calibration scenarios'], 'hundreds-of-tables@0.05, wide-rows@1');
  assert.doesNotMatch(md, /<b>|NaN|undefined|Infinity/);
});

test('report.html: the verdict in its box, before every section', () => {
  const html = estimateReportHtml(handWrittenEstimate());
  const box = /<div class="verdict">([\s\S]*?)<\/div>/.exec(html);
  assert.ok(box);
  assert.match(box[1]!, /<p>≈ 10\.0 h at p=1, ≈ 2\.5 h at p=8 \(recommended\); the sync will not take days at any parallelism listed<\/p>/);
  assert.ok(html.indexOf('class="verdict"') < html.indexOf('<section>'));
  assert.match(html, /<div class="risk risk-danger"><strong>danger<\/strong>: the slot would retain/);
});

test('predicted time: a mark per parallelism at its estimate with its range, extrapolated ones hollow and reached by dashes', () => {
  const e = handWrittenEstimate();
  const chart = figure(estimateReportHtml(e), 'predicted-time');
  assert.match(chart, /class="axis-label"[^>]*>hours</, 'the largest value is 11 h');
  const found = marks(chart);
  assert.equal(found.length, e.predictions.length);
  for (const x of e.predictions) {
    const m = found.find((f) => f.attrs['data-x'] === String(x.parallelism));
    assert.ok(m, `p=${x.parallelism}`);
    assert.ok(close(Number(m.attrs['data-y']), x.seconds / 3600));
    assert.ok(close(Number(m.attrs['data-low']), x.low / 3600));
    assert.ok(close(Number(m.attrs['data-high']), x.high / 3600));
    assert.equal(m.attrs['data-extrapolated'] === 'true', x.extrapolated, `p=${x.parallelism}`);
    assert.equal(m.attrs.fill === '#fff', x.extrapolated, `p=${x.parallelism}: hollow only when extrapolated`);
    assert.match(m.title, new RegExp(`^p=${x.parallelism}: ≈ `));
  }
  const hollow = found.filter((m) => m.attrs['data-extrapolated'] === 'true');
  assert.deepEqual(hollow.map((m) => m.attrs['data-x']), ['8', '16']);
  assert.match(found.find((m) => m.attrs['data-x'] === '8')!.title, /^p=8: ≈ 2\.5 h \(range 2\.0 h – 3\.0 h\), recommended, extrapolated$/);
  assert.equal(count(chart, /class="series-line"/g), 1, 'one solid line through p = 1, 2, 4');
  assert.equal(count(chart, /class="series-line extrapolated"[^>]*stroke-dasharray/g), 2, 'dashed 4→8 and 8→16');
  const band = /<polygon class="range-band"([^>]*)>/.exec(chart);
  assert.ok(band, 'the range is drawn as a band');
  assert.equal(attrsOf(band[1]!)['data-ranges']!.split(' ').length, e.predictions.length);
  for (const legendText of ['predicted time', 'range (low – high)', 'extrapolated (hollow mark, dashed)', 'calibrated on p = 1, 2, 4']) assert.match(chart, new RegExp(`<g class="legend-item">.*>${legendText.replace(/[()]/g, '\\$&')}</text>`), legendText);
  // The legend keys the extrapolated style with a dashed line in the series colour.
  assert.match(chart, /<g class="legend-item"><line [^>]*stroke-dasharray="5 4"\/><text[^>]*>extrapolated/);
});

test('predicted time and speedup: the calibration\'s parallelisms and cores are marked', () => {
  const html = estimateReportHtml(handWrittenEstimate());
  for (const id of ['predicted-time', 'predicted-speedup']) {
    const chart = figure(html, id);
    const region = /<g class="x-region"([^>]*)>/.exec(chart);
    assert.ok(region, id);
    assert.deepEqual([attrsOf(region[1]!)['data-from'], attrsOf(region[1]!)['data-to']], ['1', '4']);
    assert.deepEqual([...chart.matchAll(/class="region-point" data-x="(\d+)"/g)].map((m) => m[1]), ['1', '2', '4'], id);
    assert.match(chart, /<g class="marker">[\s\S]*?>4 cores \(calibration\)</, id);
  }
});

test('predicted speedup: a mark per parallelism at T1/Tp, the extrapolated ones hollow, and the ideal line', () => {
  const e = handWrittenEstimate();
  const chart = figure(estimateReportHtml(e), 'predicted-speedup');
  const found = marks(chart);
  assert.equal(found.length, e.predictions.length);
  for (const x of e.predictions) {
    const m = found.find((f) => f.attrs['data-x'] === String(x.parallelism))!;
    assert.ok(close(Number(m.attrs['data-y']), 36_000 / x.seconds), `p=${x.parallelism}`);
    assert.equal(m.attrs['data-extrapolated'] === 'true', x.extrapolated);
  }
  assert.equal(found.filter((m) => m.attrs.fill === '#fff').length, 2);
  assert.match(found.find((m) => m.attrs['data-x'] === '16')!.title, /^p=16: speedup 4\.29×, efficiency 0\.27, extrapolated$/);
  assert.match(chart, /<polyline class="reference" data-label="ideal \(speedup = p\)" data-points="1,1 16,16"/);
  assert.match(chart, /<g class="legend-item">.*>ideal \(speedup = p\)<\/text>/);
  assert.equal(count(chart, /class="range-band"/g), 0, 'a ratio of two ranges is not drawn as one');
});

test('long poles: a bar per table at its own time, the one that bounds the total set apart, the whole reading marked', () => {
  const e = handWrittenEstimate();
  const chart = figure(estimateReportHtml(e), 'long-poles');
  const found = marks(chart);
  assert.equal(found.length, e.longPoles.length);
  for (const lp of e.longPoles) {
    const m = found.find((f) => f.attrs['data-row'] === lp.table);
    assert.ok(m, lp.table);
    assert.ok(close(Number(m.attrs['data-value']), lp.seconds / 60), `${lp.table} in minutes: the longest is 2.5 h`);
    assert.equal(m.attrs['data-segment'], lp.boundsTotal ? 'own time, bounds the total' : 'own time');
  }
  assert.match(chart, /<text class="row-label"[^>]*>&lt;b&gt;x&lt;\/b&gt;<\/text>/);
  assert.match(chart, /<g class="marker" data-x="149\.5">/, '(9,000 s − 30 s start-up) / 60');
});

test('WAL: retained at the recommended parallelism beside max_slot_wal_keep_size and the free disk', () => {
  const found = marks(figure(estimateReportHtml(handWrittenEstimate()), 'wal-vs-limits'));
  assert.deepEqual(
    found.map((m) => [m.attrs['data-row'], Number(m.attrs['data-value'])]),
    [
      ['retained at p=8 (upper estimate)', 21.6e9],
      ['max_slot_wal_keep_size', 50e9],
      ['free disk', 30e9],
    ],
  );
  assert.equal(new Set(found.map((m) => m.attrs.fill)).size, 3, 'a colour each');
  assert.match(figure(estimateReportHtml(handWrittenEstimate()), 'wal-vs-limits'), /<g class="marker" data-x="15000000000">/);
});

test('report.html: one well-formed, self-contained document, every mark with a tooltip, user text escaped', () => {
  const html = estimateReportHtml(handWrittenEstimate());
  assert.deepEqual(htmlDocumentProblems(html), []);
  assert.equal(count(html, /<html[\s>]/g), 1);
  assert.deepEqual([...new Set(html.match(/https?:\/\/[^"'\s)]*/g))], ['http://www.w3.org/2000/svg']);
  assert.doesNotMatch(html, /<script|<img|<b>|<link|<iframe|@import|url\(/i);
  assert.doesNotMatch(html, /<[^>]*\s(src|href|on\w+)=/i);
  const all = count(html, /class="mark"/g);
  assert.equal(all, 5 + 5 + 3 + 3, 'time, speedup, long poles, WAL');
  assert.equal(marks(html).length, all, 'each mark is a circle or rect with a <title>');
  assert.match(html, /<li>&lt;b&gt;x&lt;\/b&gt;<\/li>/);
  assert.match(html, /<td>runs\/cal-1\.json, runs\/a\|b\.json<\/td>/);
  assert.doesNotMatch(html, /NaN|undefined|Infinity/);
});

test('without a sampled write rate the WAL chart gives way to the reason; without keyless tables the page says so', () => {
  const e = handWrittenEstimate();
  e.wal = { level: 'unknown', note: 'the write rate was not sampled (profile --sample-seconds); WAL retained by the slot is unknown' };
  e.workload.tablesWithoutKey = [];
  const html = estimateReportHtml(e);
  assert.deepEqual(htmlDocumentProblems(html), []);
  assert.doesNotMatch(html, /id="wal-vs-limits"/);
  assert.match(html, /<div class="risk risk-unknown"><strong>unknown<\/strong>: the write rate was not sampled/);
  assert.match(html, /Every table has a primary key/);
  const md = estimateReportMarkdown(e);
  assert.match(md, /\| retained by the slot at p=8 \(upper estimate\) \| unknown \|/);
  assert.doesNotMatch(html + md, /NaN|undefined|Infinity/);
});
