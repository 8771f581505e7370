import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareResults } from '../../src/compare/compare-results.js';
import { compareReportMarkdown } from '../../src/report/markdown/compare-report.js';
import { compareTables } from '../../src/report/terminal/compare-table.js';
import { tableAfter } from '../report/markdown-table.js';
import { connectorRun, healthyColumns, withColumn } from '../support/connector-runs.js';

/** One file of two versions: p=1 30 % slower, p=2 with 2 repeats, the option set on other tables; jsonb changed, money fixed. */
function upgrade() {
  const result = connectorRun([
    { version: '3.4.0', points: [{ walls: [10, 10.2, 9.9], leftBehind: { slots: 0, publications: 0 } }, { parallelism: 2, walls: [6, 6.1] }, { parallelism: 2, sourceOptions: { 'debezium.x': 'a|b' }, walls: [3, 3.1, 3] }], fidelity: healthyColumns() },
    {
      version: '3.5.0',
      points: [{ walls: [13, 13.1, 12.8], leftBehind: { slots: 1, publications: 1 } }, { parallelism: 2, walls: [6, 6.3] }, { parallelism: 2, sourceOptions: { 'debezium.x': 'a|b' }, walls: [2, 2.1, 2], excludedTables: ['public.t2'] }],
      fidelity: withColumn(withColumn(healthyColumns(), 'public.t1', 'doc', 'changed', { source: '<a|b>', emitted: '*x*' }), 'public.t1', 'price', 'exact'),
    },
  ]);
  return compareResults([{ file: 'reports/r/result.json', result }], { maxSlowdown: 0.1 });
}

test('the terminal shows every point, the types that differ, hygiene, the findings and the verdict last', () => {
  const out = compareTables(upgrade());
  assert.match(out, /^compare tricky-types \(hash h1\) at scale 1: BASE 3\.4\.0 → NEW 3\.5\.0 \(both in reports\/r\/result\.json\); max slowdown 10%/);
  assert.match(out, /│ 1 │ +8096 │ defaults +│ +10\.0 \(n=3\) │ +13\.0 \(n=3\) │ ×1\.30 │ ×1\.\d\d–×1\.\d\d +│ +0\/0 │ REGRESSION: 30\.0% slower/);
  assert.match(out, /│ 2 │ +8096 │ defaults +│ +6\.05 \(n=2\) │ +6\.15 \(n=2\) │ ×1\.02 │ 2 repeats: no interval, judged on medians │ +0\/0 │ same \(within 10%\)/);
  assert.match(out, /debezium\.x=a\|b .* not judged: not the same tables/);
  assert.match(out, /│ jsonb +│ exact 1 +│ changed 1 │ new: <a\|b> → \*x\* +│/);
  assert.doesNotMatch(out, /│ bigint/, 'types that fared the same are left out of the terminal');
  assert.match(out, /hygiene:\n {2}BASE 3\.4\.0: nothing left behind after 3 runs\.\n {2}NEW 3\.5\.0: 3 replication slots/);
  assert.match(out, /\nverdict: REGRESSION \(3: 1 time, 1 hygiene, 1 fidelity\)$/);
});

test('the Markdown puts the verdict first and escapes every cell', () => {
  const md = compareReportMarkdown(upgrade());
  assert.ok(md.startsWith('# cdc-sizer compare: tricky-types, 3.4.0 → 3.5.0\n\n**Verdict: REGRESSION (3: 1 time, 1 hygiene, 1 fidelity)**\n'), md.slice(0, 200));
  const points = tableAfter(md, '## Snapshot time');
  assert.equal(points.length, 3);
  assert.deepEqual(points[0]!.slice(0, 6), ['1', '8096', 'defaults', '10.0 (n=3)', '13.0 (n=3)', '×1.30']);
  assert.equal(points[2]![2], 'debezium.x=a\\|b', 'a pipe in an option value stays in its cell');
  const types = tableAfter(md, '## Type fidelity');
  assert.deepEqual(types.map((r) => r[0]), ['jsonb', 'money']);
  assert.equal(types[0]![3], 'new: \\<a\\|b\\> → \\*x\\*');
  assert.match(md, /<details><summary>Every type<\/summary>\n\n\| PostgreSQL type/);
  assert.match(md, /### Regressions\n\n- time: p=1 chunk 8096: NEW 30\.0% slower/);
  assert.match(md, /## Hygiene\n\n- BASE 3\.4\.0: nothing left behind after 3 runs\./);
});

test('without regressions the verdict says what was compared', () => {
  const result = connectorRun([{ version: '3.4.0', points: [{ walls: [10, 10, 10] }] }, { version: '3.5.0', points: [{ walls: [10, 10.1, 9.9] }] }]);
  const c = compareResults([{ file: 'r.json', result }], { maxSlowdown: 0.1 });
  assert.match(compareTables(c), /\nverdict: no regression \(1 point compared, fidelity not compared\)$/);
  assert.match(compareReportMarkdown(c), /^Fidelity was not compared: BASE \(3\.4\.0\) and NEW \(3\.5\.0\) have no fidelity section\.$/m);
});
