import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { mdEscape } from '../../src/report/markdown/markdown-text.js';
import { cells, tableAfter } from './markdown-table.js';
import { baselineOf, longPolesResult, medianWall } from './run-result-fixture.js';

const optionsTitle = (p: RunResult['points'][number]) => {
  const o = Object.entries(p.settings.sourceOptions).map(([k, v]) => `${k}=${v}`).join(' ');
  return `### chunk size ${p.settings.chunkSize}${o ? `, ${mdEscape(o)}` : ''}`;
};

test('a row per point in its chunk size / option set table, with the speedup T1/Tp against p=1 of the same settings', () => {
  const result = longPolesResult();
  const md = runReportMarkdown(result);
  const titles = [...new Set(result.points.map(optionsTitle))];
  assert.equal(titles.length, 2);
  for (const title of titles) {
    const rows = tableAfter(md, title);
    const points = result.points.filter((p) => optionsTitle(p) === title);
    assert.equal(rows.length, points.length, title);
    for (const p of points) {
      const row = rows.find((r) => r[0] === p.settings.engine && r[1] === String(p.settings.parallelism));
      assert.ok(row, `${title}: no row for ${p.settings.engine} p=${p.settings.parallelism}`);
      const expected = medianWall(baselineOf(result, p)) / medianWall(p);
      assert.equal(row[5], `${expected.toFixed(2)}×`, `${p.settings.engine} p=${p.settings.parallelism}`);
      assert.equal(row[6], (expected / p.settings.parallelism).toFixed(2));
      assert.equal(row[2], String(p.samples.filter((s) => s.ok).length));
      assert.equal(row[10], String(p.samples.filter((s) => !s.ok).length));
    }
  }
  // The figures a reader checks first, stated outright: 93.0 / 49.0 and 93.0 / 45.5 (the failed run left out).
  const defaults = tableAfter(md, '### chunk size 8096');
  assert.deepEqual(defaults.find((r) => r[0] === 'flink-cdc' && r[1] === '2')!.slice(3, 6), ['49.0', '47.8–51.3', '1.90×']);
  assert.deepEqual(defaults.find((r) => r[0] === 'flink-cdc' && r[1] === '4')!.slice(3, 6), ['45.5', '44.9–46.1', '2.04×']);
  // The connector's share of the raw-copy ceiling: 1.2 s / 93.0 s at p=1.
  assert.equal(defaults.find((r) => r[0] === 'flink-cdc' && r[1] === '1')![9], '1.3%');
});

test('environment, the core count and what it means for scaling, scenario and volume', () => {
  const md = runReportMarkdown(longPolesResult());
  assert.match(md, /^# cdc-sizer run: long-poles\n/);
  assert.match(md, /This machine has 2 cores; scaling above 2 is expected to flatten\./);
  assert.match(md, /\| PostgreSQL \| 18\.4 \|/);
  assert.match(md, /\| Flink CDC \| 3\.5\.0 \|/);
  assert.match(md, /long-poles \(hash 3f9a1c0d7b2e4a65\) at scale 0\.1: 4 tables, 1,000,000 rows, 231 MB on disk\./);
  assert.match(md, /parallelism 1, 2, 4; chunk sizes 8096/);
  assert.match(md, /Fastest flink-cdc point: flink-cdc p=4 chunk 8096 debezium\.poll\.interval\.ms=50, 16\.4 s median/);
  assert.match(md, /Peak RSS: cdc-sizer 281 MB; Flink JVM 612 MB\./);
});

test('per-chunk cost, harness overhead, WAL and locks, failures and leftovers carry the recorded figures', () => {
  const md = runReportMarkdown(longPolesResult());
  const chunk = tableAfter(md, '## Per-chunk cost');
  assert.deepEqual(chunk.find((r) => r[0] === 'flink-cdc p=1 chunk 8096'), ['flink-cdc p=1 chunk 8096', '127', '41.2', '698.4', '5.9%', '0.214']);
  const overhead = tableAfter(md, '## Harness overhead');
  assert.deepEqual(overhead.find((r) => r[0] === 'flink-cdc p=1 chunk 8096'), ['flink-cdc p=1 chunk 8096', '93.0', '90.1', '2.90', '3.1%', '1.40']);
  assert.equal(overhead.length, 6, 'one row per connector point; raw-copy has no job');
  assert.match(md, /Max WAL retained by a run's slot: 1\.5 MB \(flink-cdc p=4 chunk 8096\)/);
  assert.match(md, /Strongest lock seen on source tables: ShareUpdateExclusiveLock \(flink-cdc p=2 chunk 8096 debezium\.poll\.interval\.ms=50\)/);
  const failures = tableAfter(md, '## Failures');
  assert.equal(failures.length, 1);
  assert.equal(failures[0]![2], 'java.lang.IllegalStateException: snapshot split public.odd\\|name:3 failed after 3 attempts', 'the first line only, with its pipe escaped');
  assert.match(failures[0]![3]!, /public\.orders: 600,000 expected, 161,000 read/);
  assert.match(md, /The connector left 12 replication slots and 12 publications behind after 12 of 12 runs/);
  assert.equal(tableAfter(md, '## Hygiene').length, 12);
});

test('long-pole tables: the top 10 tables by reading seconds at the slowest and the fastest point', () => {
  const result = longPolesResult();
  const slowest = result.points.find((p) => p.settings.engine === 'flink-cdc' && p.settings.parallelism === 1 && Object.keys(p.settings.sourceOptions).length === 0)!;
  for (const s of slowest.samples) for (let i = 0; i < 12; i++) s.tables.push({ table: `public.small_${String(i).padStart(2, '0')}`, rows: 100, bytes: 4000, seconds: 0.1 + i / 100 });
  const md = runReportMarkdown(result);
  const top = tableAfter(md, '### Slowest point: flink-cdc p=1 chunk 8096, run 1 (93.0 s; top 10 of 16 tables by reading seconds)');
  assert.equal(top.length, 10);
  assert.deepEqual(top.map((r) => r[0]), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  assert.deepEqual(top.slice(0, 2).map((r) => [r[1], r[4]]), [['public.orders', '54.9'], ['public.events', '28.8']]);
  assert.deepEqual(top.slice(2, 4).map((r) => r[1]).sort(), ['public.\\<script\\>x\\</script\\>', 'public.odd\\|name']);
  assert.deepEqual(top.slice(4).map((r) => r[1]), ['11', '10', '09', '08', '07', '06'].map((n) => `public.small_${n}`));
  const fastest = tableAfter(md, '### Fastest point: flink-cdc p=4 chunk 8096 debezium.poll.interval.ms=50, run 1 (16.4 s; top 4 of 4 tables by reading seconds)');
  assert.equal(fastest[0]![1], 'public.orders');
});

test('every table row has as many cells as its header, whatever the names hold', () => {
  const result = longPolesResult();
  result.scenario.name = 'a|b <i>c</i>';
  const md = runReportMarkdown(result);
  assert.match(md, /^# cdc-sizer run: a\\\|b \\<i\\>c\\<\/i\\>\n/);
  assert.doesNotMatch(md, /<script>|<i>/, 'no raw HTML from user strings reaches a CI summary');
  const blocks = md.split(/\n\n/).filter((b) => b.startsWith('|'));
  assert.ok(blocks.length >= 8);
  for (const block of blocks) {
    const [head, rule, ...rows] = block.split('\n');
    const n = cells(head!).length;
    assert.equal(cells(rule!).length, n);
    for (const r of rows) assert.equal(cells(r).length, n, r);
  }
});

test('a result with no points, or only failed runs, still renders without NaN', () => {
  const empty = { ...longPolesResult(), points: [] };
  const none = runReportMarkdown(empty);
  assert.match(none, /No point was measured\./);
  assert.doesNotMatch(none, /NaN|undefined/);
  const failed = longPolesResult();
  for (const p of failed.points) for (const s of p.samples) Object.assign(s, { ok: false, failure: 'boom' });
  const md = runReportMarkdown(failed);
  assert.doesNotMatch(md, /NaN|undefined|Infinity/);
  assert.equal(tableAfter(md, '## Failures').length, failed.points.reduce((n, p) => n + p.samples.length, 0));
  assert.match(md, /No run succeeded, so nothing was delivered\./);
});

test('Markdown escaping: pipes, HTML, emphasis and code marks; underscores inside words stay readable', () => {
  assert.equal(mdEscape('public.odd|name'), 'public.odd\\|name');
  assert.equal(mdEscape('<script>x</script>'), '\\<script\\>x\\</script\\>');
  assert.equal(mdEscape('app_001'), 'app_001');
  assert.equal(mdEscape('_x_ *y* `z`'), '\\_x\\_ \\*y\\* \\`z\\`');
  assert.equal(mdEscape('line one\nline two'), 'line one line two');
});
