import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { estimateReportHtml } from '../../src/report/html/estimate-report.js';
import { runReportHtml } from '../../src/report/html/run-report.js';
import { estimateReportMarkdown } from '../../src/report/markdown/estimate-report.js';
import { runReportMarkdown } from '../../src/report/markdown/run-report.js';
import { estimateTables } from '../../src/report/terminal/estimate-table.js';
import { runTables } from '../../src/report/terminal/run-table.js';
import { handWrittenEstimate } from '../report/estimate-result-fixture.js';
import { longPolesResult } from '../report/run-result-fixture.js';
import { assertOneLine, cliRunner } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const run = cliRunner();
const file = (name: string, content: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};
const read = (f: string) => readFileSync(f, 'utf8');

test('report re-renders a run result beside it and prints its tables', () => {
  const folder = mkdtempSync(path.join(dir, 'run-'));
  const result = path.join(folder, 'result.json');
  copyFileSync('test/fixtures/results/long-poles.json', result);
  const r = run('report', result);
  assert.equal(r.status, 0, r.stderr);
  const expected = longPolesResult();
  assert.ok(r.stdout.startsWith(runTables(expected)), 'the tables `run` prints');
  assert.ok(r.stdout.endsWith(`report: ${folder}/report.md, ${folder}/report.html\n`), r.stdout.slice(-200));
  assert.equal(read(path.join(folder, 'report.md')), runReportMarkdown(expected));
  assert.equal(read(path.join(folder, 'report.html')), runReportHtml(expected));
  assert.equal(read(result), read('test/fixtures/results/long-poles.json'), 'the result itself is left alone');
});

test('report re-renders an estimate result into --out, creating the folder', () => {
  const estimate = handWrittenEstimate();
  const result = file('estimate.json', estimate);
  const out = path.join(dir, 'elsewhere', 'reports');
  const r = run('report', result, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith(estimateTables(estimate)), 'the tables `estimate` prints');
  assert.equal(read(path.join(out, 'report.md')), estimateReportMarkdown(estimate));
  assert.equal(read(path.join(out, 'report.html')), estimateReportHtml(estimate));
  assert.ok(!existsSync(path.join(dir, 'report.html')), 'nothing written beside the result');
});

test('report: what it cannot read is one line and exit 2, and no report is written', () => {
  const bad = mkdtempSync(path.join(dir, 'bad-'));
  const put = (name: string, content: unknown) => {
    writeFileSync(path.join(bad, name), typeof content === 'string' ? content : JSON.stringify(content));
    return path.join(bad, name);
  };
  assertOneLine(run('report', path.join(bad, 'missing.json')), 2, /^cdc-sizer: cannot read .*missing\.json: no such file$/);
  assertOneLine(run('report', put('text.json', 'not json {')), 2, /text\.json is not JSON; expected a cdc-sizer run or estimate result/);
  assertOneLine(run('report', put('catalog.json', { schemaVersion: 1, kind: 'catalog', tables: [] })), 2, /catalog\.json is a "catalog" file; expected a cdc-sizer run or estimate result/);
  assertOneLine(run('report', put('newer.json', { ...longPolesResult(), schemaVersion: 99 })), 2, /newer\.json was written by a newer cdc-sizer \(schema version 99; this one reads 1\): upgrade cdc-sizer/);
  assertOneLine(run('report', put('broken.json', { ...handWrittenEstimate(), predictions: 'soon' })), 2, /broken\.json does not match a cdc-sizer run or estimate result .*\(predictions: /);
  assertOneLine(run('report', put('null.json', 'null')), 2, /null\.json holds no JSON object/);
  assertOneLine(run('report', put('result.json', longPolesResult()), '--out', put('a-file', '')), 2, /cannot write the reports into .*a-file: /);
  assert.ok(!existsSync(path.join(bad, 'report.md')) && !existsSync(path.join(bad, 'report.html')));
});
