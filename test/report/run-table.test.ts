import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTables } from '../../src/report/terminal/run-table.js';
import { longPolesResult } from './run-result-fixture.js';

test('the terminal tables print the same figures as the reports: one table per option set, speedup against p=1', () => {
  const out = runTables(longPolesResult());
  assert.match(out, /^chunk size 8096:\n/);
  assert.match(out, /\nchunk size 8096, debezium\.poll\.interval\.ms=50:\n/);
  const row = (engine: string, p: number) => out.split('\n').find((l) => new RegExp(`│ ${engine}\\s+│ ${p} │`).test(l))!;
  assert.match(row('flink-cdc', 2), /│ 3\s+│ 49\.0\s+│ 47\.8–51\.3\s+│ 1\.90\s+│ 0\.95\s+│ 20,408\s+│ 9\.4\s+│ 1\.6%\s+│ 0\s+│/);
  assert.match(row('flink-cdc', 4), /│ 2\s+│ 45\.5\s+│ 44\.9–46\.1\s+│ 2\.04\s+│ 0\.51\s+│.*│ 1\s+│$/);
});
