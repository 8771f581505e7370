import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures, failureTable } from '../../src/report/run-summary/failures.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { tableAfter } from './markdown-table.js';
import { longPolesResult } from './run-result-fixture.js';

test('a failure whose isolation ran out of probes says so, with the tables not cleared; it is not called transient', () => {
  const result = longPolesResult();
  const failed = result.points.flatMap((p) => p.samples).find((s) => !s.ok)!;
  failed.isolationStopped = { probes: 64, reason: 'probe-budget', notCleared: Array.from({ length: 12 }, (_, i) => `public.t${i}`) };
  const row = failureTable(failures(result)).rows[0]!;
  assert.equal(row[2], 'java.lang.IllegalStateException: snapshot split public.odd|name:3 failed after 3 attempts; isolation stopped after 64 probes (the probe budget); tables not cleared: public.t0, public.t1, public.t2, public.t3, public.t4, public.t5, public.t6, public.t7, public.t8, public.t9 and 2 more');
  assert.match(tableAfter(runReportMarkdown(result), '## Failures')[0]![2]!, /isolation stopped after 64 probes/);
  assert.doesNotMatch(runReportMarkdown(result), /transient|passing/i);
});
