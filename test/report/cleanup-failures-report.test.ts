import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { htmlDocumentProblems } from './html-document.js';
import { tableAfter } from './markdown-table.js';
import { longPolesResult } from './run-result-fixture.js';

const failed = () => ({
  ...longPolesResult(),
  cleanupFailures: [
    { what: 'slot' as const, name: 'cdcsizer_ab12cd_3', database: 'app', error: 'permission denied\nDETAIL: more', remedy: "SELECT pg_drop_replication_slot('cdcsizer_ab12cd_3'); -- in database app" },
    { what: 'job' as const, name: 'f00d', error: 'cluster did not answer', remedy: "curl -X PATCH 'http://flink:8081/jobs/f00d?mode=cancel'" },
  ],
});

test('report.md lists every cleanup failure with the command that removes what it left', () => {
  const md = runReportMarkdown(failed());
  assert.match(md, /2 cleanup steps failed/);
  const rows = tableAfter(md, '2 cleanup steps failed: what each left is still there until removed as shown (the run exited 3).');
  assert.deepEqual(rows.map((r) => [r[0], r[2], r[3]]), [['slot', 'app', 'permission denied'], ['job', '', 'cluster did not answer']]);
  assert.ok(rows[0]![1]!.replace(/\\/g, '') === 'cdcsizer_ab12cd_3');
  assert.ok(rows[0]![4]!.includes('pg_drop_replication_slot'));
});

test('report.html lists them too, escaped, and a clean run says nothing of them', () => {
  const html = runReportHtml(failed());
  assert.deepEqual(htmlDocumentProblems(html), []);
  assert.match(html, /2 cleanup steps failed/);
  assert.ok(html.includes('pg_drop_replication_slot(&#39;cdcsizer_ab12cd_3&#39;)') || html.includes("pg_drop_replication_slot(&#x27;cdcsizer_ab12cd_3&#x27;)"), 'the remedy, escaped');
  assert.ok(html.includes('mode=cancel'));
  assert.doesNotMatch(runReportHtml(longPolesResult()), /cleanup step/);
  assert.doesNotMatch(runReportMarkdown(longPolesResult()), /cleanup step/);
});
