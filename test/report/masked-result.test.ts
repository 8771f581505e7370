import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';
import { maskResultValues } from '../../src/report/masked-result.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { longPolesResult } from './run-result-fixture.js';

/** The fixture with a changed column whose example holds recognisable values, and a statement of another session with constants. */
function withValues(): RunResult {
  const r = longPolesResult();
  r.fidelity = [
    {
      connectorVersion: '3.5.0',
      sampledRows: 20,
      failedTables: [],
      columns: [
        { table: 'app.people', column: 'born', pgType: 'time without time zone', verdict: 'changed', compared: 3, nonNull: 3, example: { key: 'Jane-4711', source: '13:45:07.123456', emitted: '13:45:07.123', change: 'the last 3 characters of 15 cut' } },
        { table: 'app.people', column: 'name', pgType: 'text', verdict: 'exact', compared: 3, nonNull: 3 },
      ],
    },
  ];
  const failed = r.points.flatMap((p) => p.samples).find((s) => s.failure)!;
  failed.failure = 'org.postgresql.util.PSQLException: Bad value for type double : -4711.25';
  r.fidelity[0]!.failedTables.push({ table: 'app.money', failure: 'java.lang.NumberFormatException: For input string: "Jane"' });
  const obs = r.points.flatMap((p) => p.samples).find((s) => s.observations)!.observations!;
  obs.points[0]!.connections.push({ pid: 9, application: 'billing', backendType: 'client backend', state: 'active', waitEvent: null, query: `UPDATE app.people SET name = 'Jane Doe' WHERE id = 4711` });
  return r;
}

test('masking leaves no source value in the result, keeps shapes and the change note, and says so', () => {
  const masked = maskResultValues(withValues());
  runResultSchema.parse(masked);
  const text = JSON.stringify(masked);
  assert.ok(text.includes('Bad value for type double : -9999.99'));
  assert.ok(text.includes('For input string: \\"Xxxx\\"'));
  for (const secret of ['Jane', '4711', '13:45', '.123456']) assert.ok(!text.includes(secret), `${secret} is masked`);
  assert.equal(masked.valuesMasked, true);
  const ex = masked.fidelity![0]!.columns[0]!.example!;
  assert.deepEqual(ex, { key: 'Xxxx-9999', source: '99:99:99.999999', emitted: '99:99:99.999', change: 'the last 3 characters of 15 cut', masked: true });
  assert.ok(text.includes('UPDATE app.people SET name = ? WHERE id = ?'));
  // The connector's own statements keep their shape.
  assert.ok(text.includes('SELECT * FROM \\"public\\".\\"orders\\" WHERE \\"id\\" >= ? AND \\"id\\" <= ?'));
});

test('a report of a masked result shows shapes, where they differ, and how to see the values', () => {
  const md = runReportMarkdown(maskResultValues(withValues()));
  assert.match(md, /99:99:99\.999999 → 99:99:99\.999 \(the last 3 characters of 15 cut\)/);
  assert.match(md, /masked.*--show-values/);
  assert.doesNotMatch(md, /Jane|4711|13:45/);
  const clear = runReportMarkdown(withValues());
  assert.match(clear, /13:45:07\.123456 → 13:45:07\.123/);
  assert.doesNotMatch(clear, /--show-values|characters of 15 cut/);
});

test('masking a masked result changes nothing (compare masks a clear side to match a masked one)', () => {
  const once = maskResultValues(withValues());
  assert.deepEqual(maskResultValues(once), once);
});
