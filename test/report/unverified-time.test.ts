import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { runTables } from '../../src/report/terminal/run-table.js';
import { htmlDocumentProblems } from './html-document.js';
import { tableAfter } from './markdown-table.js';
import { lostRowsResult } from './run-result-fixture.js';
import { figure, marks } from './svg-marks.js';

// The option set's points of the fixture: each finished, 1 of public.audit_log's 1,200 rows arrived.
const lost = 'public.audit_log: 1,200 expected, 1 read';
const unverifiedLine = (p: number, seconds: string) => `Unverified: flink-cdc p=${p} chunk 8096 debezium.poll.interval.ms=50 finished in ${seconds} s, but its rows did not verify: ${lost}.`;

test('terminal: a run that finished but lost rows keeps its time, marked unverified, with what was lost', () => {
  const out = runTables(lostRowsResult());
  const table = out.slice(out.indexOf('chunk size 8096, debezium.poll.interval.ms=50:'));
  const row = (p: number) => table.split('\n').find((l) => new RegExp(`│ flink-cdc\\s+│ ${p} │`).test(l))!;
  assert.match(row(1), /│ 1\s+│ 31\.0 \(unverified\)\s+│ 31\.0–31\.0\s+│ 1\.00\s+│ 1\.00\s+│ 32,258\s+│.*│ 1\s+│$/);
  assert.match(row(2), /│ 1\s+│ 17\.2 \(unverified\)\s+│ 17\.2–17\.2\s+│ 1\.80\s+│ 0\.90\s+│/, 'speedup between unverified points is still T1/Tp');
  for (const [p, s] of [[1, '31.0'], [2, '17.2'], [4, '16.4']] as const) assert.ok(out.includes(unverifiedLine(p, s)), `${p}:\n${out}`);
  // A job that did not finish has no time to show; the verified points are as before.
  const defaults = out.slice(0, out.indexOf('chunk size 8096, debezium'));
  assert.match(defaults.split('\n').find((l) => /│ flink-cdc\s+│ 4 │/.test(l))!, /│ 2\s+│ 45\.5\s+│ 44\.9–46\.1\s+│/);
  assert.doesNotMatch(defaults, /unverified/i);
});

test('report.md: the time and the unverified mark in the scaling table, the lost rows below it', () => {
  const md = runReportMarkdown(lostRowsResult());
  const rows = tableAfter(md, '### chunk size 8096, debezium.poll.interval.ms=50');
  assert.deepEqual(rows.map((r) => [r[1], r[2], r[3], r[10]]), [['1', '1', '31.0 (unverified)', '1'], ['2', '1', '17.2 (unverified)', '1'], ['4', '1', '16.4 (unverified)', '1']]);
  for (const [p, s] of [[1, '31.0'], [2, '17.2'], [4, '16.4']] as const) assert.ok(md.includes(unverifiedLine(p, s)), `p=${p}`);
  assert.ok(tableAfter(md, '## Failures').some((r) => r[3] === lost), 'the failures table still lists it');
  // The fastest verified point is still named as such: unverified points do not compete with it.
  assert.match(md, /Fastest flink-cdc point: flink-cdc p=4 chunk 8096, 45\.5 s median over 2 runs/);
});

test('report.html: the time, the mark and the lost rows, in the table and the time chart', () => {
  const html = runReportHtml(lostRowsResult());
  assert.deepEqual(htmlDocumentProblems(html), []);
  for (const s of ['31.0', '17.2', '16.4']) assert.match(html, new RegExp(`<td class="num">${s.replace('.', '\\.')} \\(unverified\\)</td>`));
  for (const [p, s] of [[1, '31.0'], [2, '17.2'], [4, '16.4']] as const) assert.ok(html.includes(`<p class="unverified">${unverifiedLine(p, s)}</p>`), `p=${p}`);
  const chart = marks(figure(html, 'time-vs-parallelism')).filter((m) => m.attrs['data-series'] === 'flink-cdc, chunk 8096, debezium.poll.interval.ms=50');
  assert.deepEqual(chart.map((m) => Number(m.attrs['data-y'])), [31.0, 17.2, 16.4]);
  for (const m of chart) assert.match(m.title, /\(unverified\): public\.audit_log: 1,200 expected, 1 read$/);
});

test('when no point verified, the fastest point is still named, and said unverified', () => {
  const result = lostRowsResult();
  result.points = result.points.filter((p) => Object.keys(p.settings.sourceOptions).length > 0);
  assert.match(runReportMarkdown(result), /Fastest flink-cdc point: flink-cdc p=4 chunk 8096 debezium\.poll\.interval\.ms=50, 16\.4 s median over 1 run \(unverified\): no run verified, rows were lost\./);
});
