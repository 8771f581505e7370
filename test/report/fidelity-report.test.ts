import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FidelityTally } from '../../src/fidelity/fidelity-tally.js';
import type { FidelityColumn, RunResult } from '../../src/model/run-result.js';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { runTables } from '../../src/report/terminal/run-table.js';
import { tableAfter } from './markdown-table.js';
import { longPolesResult } from './run-result-fixture.js';

const col = (table: string, column: string, pgType: string, verdict: FidelityColumn['verdict'], extra: Partial<FidelityColumn> = {}): FidelityColumn => ({ table, column, pgType, verdict, compared: verdict === 'job-failed' ? 0 : 20, nonNull: verdict === 'job-failed' ? 0 : 18, ...extra });

/** Two versions: 3.4.0 keeps time exact, 3.5.0 cuts its microseconds; money fails in both; a composite is dropped. */
function withFidelity(): RunResult {
  const tally = new FidelityTally(20);
  for (const v of ['3.4.0', '3.5.0']) {
    tally.add(v, [
      col('public.t_text', 'body', 'text', 'exact'),
      col('public.t_time', 'time', 'time without time zone', v === '3.4.0' ? 'exact' : 'changed', v === '3.4.0' ? {} : { example: { key: '915', source: '05:54:26.860295', emitted: '05:54:26.860000' } }),
      col('public.t_comp', 'address', 'composite', 'dropped'),
      col('public.wide', 'note', 'text', 'job-failed'),
    ]);
    tally.failTable(v, 'public.t_money', 'org.postgresql.util.PSQLException: Bad value for type double : -92,233,720,368,547,758.08\n\tat …', [col('public.t_money', 'amount', 'money', 'job-failed')]);
  }
  return { ...longPolesResult(), fidelity: tally.result() };
}

test('the tally keeps each column\'s worst verdict with its example and adds up the rows compared', () => {
  const tally = new FidelityTally(5);
  tally.add('3.5.0', [col('public.t', 'c', 'time without time zone', 'exact')]);
  tally.add('3.5.0', [col('public.t', 'c', 'time without time zone', 'changed', { example: { key: '1', source: 'a', emitted: 'b' } })]);
  tally.add('3.5.0', [col('public.t', 'c', 'time without time zone', 'exact')]);
  const [f] = tally.result();
  assert.equal(f!.columns.length, 1);
  assert.equal(f!.columns[0]!.verdict, 'changed');
  assert.deepEqual(f!.columns[0]!.example, { key: '1', source: 'a', emitted: 'b' });
  assert.equal(f!.columns[0]!.compared, 60);
});

test('the Markdown report has a row per PostgreSQL type and a column per connector version, with the evidence', () => {
  const md = runReportMarkdown(withFidelity());
  const rows = tableAfter(md, '## Type fidelity');
  assert.deepEqual(rows.map((r) => r[0]), ['composite', 'money', 'text', 'time without time zone']);
  const byType = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
  assert.deepEqual(byType['time without time zone'], ['exact', 'changed 1: 05:54:26.860295 → 05:54:26.860000 (of 1 column)']);
  assert.deepEqual(byType.money, ['job failed 1: public.t_money (of 1 column)', 'job failed 1: public.t_money (of 1 column)']);
  assert.equal(byType.text![0], 'job failed 1: public.wide; exact 1 (of 2 columns)');
  assert.equal(byType.composite![1], 'dropped 1: public.t_comp.address (of 1 column)');
  const unreadable = tableAfter(md, '### Tables the connector could not read');
  assert.deepEqual(unreadable.map((r) => r.slice(0, 2)), [['Flink CDC 3.4.0', 'public.t_money'], ['Flink CDC 3.5.0', 'public.t_money']]);
  assert.match(unreadable[0]![2]!, /Bad value for type double/);
  assert.doesNotMatch(unreadable[0]![2]!, /\tat/, 'only the first line of the failure');
});

test('the terminal and HTML reports carry the same matrix; a run without fidelity has no such section', () => {
  const result = withFidelity();
  const text = runTables(result);
  assert.match(text, /type fidelity \(up to 20 sampled rows/);
  assert.match(text, /Flink CDC 3\.5\.0 could not read public\.t_money: .*Bad value for type double/);
  const html = runReportHtml(result);
  assert.match(html, /<h2[^>]*>Type fidelity<\/h2>/);
  assert.match(html, /05:54:26\.860295 → 05:54:26\.860000/);
  assert.doesNotMatch(runReportMarkdown(longPolesResult()), /Type fidelity/);
  assert.doesNotMatch(runTables(longPolesResult()), /type fidelity/);
});

test('an example keeps no Java identity hash and no more than a line of text', async () => {
  const { clip, stableText } = await import('../../src/fidelity/judge-sample.js');
  assert.equal(stableText('{[Ljava.lang.String;@5e039a7d,[Ljava.lang.String;@4dc9532}'), '{[Ljava.lang.String;@…,[Ljava.lang.String;@…}');
  assert.equal(clip('x'.repeat(500)).length, 120);
  assert.equal(clip('short'), 'short');
});
