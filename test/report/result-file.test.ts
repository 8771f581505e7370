import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runResultSchema } from '../../src/model/run-result.js';
import { writeResultFile } from '../../src/report/result-file.js';
import { longPolesResult } from './run-result-fixture.js';

const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

test('a run folder holds result.json, report.md and report.html, and nothing is written under reports/', async () => {
  const before = listing('reports');
  const root = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-reports-'));
  try {
    const result = longPolesResult();
    const dir = await writeResultFile(result, root);
    assert.equal(dir, path.join(root, '2026-11-26T14-03-27Z-long-poles'));
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.md', 'result.json']);
    assert.deepEqual(runResultSchema.parse(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'))), result);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /^# cdc-sizer run: long-poles\n/);
    assert.match(md, /\| flink-cdc \| 2 \| 3 \| 49\.0 \| 47\.8–51\.3 \| 1\.90× \|/);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<figure class="chart" id="time-vs-parallelism">/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // Other runs may write to reports/ meanwhile; none of the new entries may be this test's.
  assert.deepEqual(listing('reports').filter((name) => !before.includes(name) && name.endsWith('-long-poles')), []);
});
