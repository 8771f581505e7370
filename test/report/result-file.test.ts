import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { writeEstimateFile, writeResultFile } from '../../src/report/result-file.js';
import { handWrittenEstimate } from './estimate-result-fixture.js';
import { longPolesResult } from './run-result-fixture.js';

const listing = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** `body` writes into a fresh temporary folder, removed afterwards whatever happens. */
async function inTempFolder(body: (root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-reports-'));
  try {
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a run folder holds result.json, report.md and report.html, and nothing is written under reports/', async () => {
  const before = listing('reports');
  await inTempFolder(async (root) => {
    const result = longPolesResult();
    const dir = await writeResultFile(result, { reportsDir: root });
    assert.equal(dir, path.join(root, '2026-11-26T14-03-27Z-long-poles'));
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.md', 'result.json']);
    assert.deepEqual(runResultSchema.parse(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'))), result);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /^# cdc-sizer run: long-poles\n/);
    assert.match(md, /\| flink-cdc \| 2 \| 3 \| 49\.0 \| 47\.8–51\.3 \| 1\.90× \|/);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<figure class="chart" id="time-vs-parallelism">/);
  });
  // Other runs may write to reports/ meanwhile; none of the new entries may be this test's.
  assert.deepEqual(listing('reports').filter((name) => !before.includes(name) && name.endsWith('-long-poles')), []);
});

test('an estimate folder is named for the catalog file and holds result.json, report.md and report.html', async () => {
  await inTempFolder(async (root) => {
    const result = handWrittenEstimate();
    // A path with a folder and a space: the result folder is named for the file, made safe.
    result.workload.name = '/data/prod db/catalog v2.json';
    const dir = await writeEstimateFile(result, { reportsDir: root });
    assert.equal(dir, path.join(root, '2026-11-26T14-03-27Z-estimate-catalog_v2'));
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.md', 'result.json']);
    assert.deepEqual(estimateResultSchema.parse(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'))), result);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /^# cdc-sizer estimate: catalog v2\.json\n\n.*\n\n\*\*Verdict: ≈ 10\.0 h at p=1, ≈ 2\.5 h at p=8 \(recommended\);/);
    assert.match(md, /\| 8 \| 2\.5 h \| 2\.0 h – 3\.0 h \| 4\.00× \| source-scaling \| recommended, extrapolated \|/);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.equal(html.match(/<figure class="chart" id="predicted-time">[\s\S]*?<\/figure>/)?.[0].match(/class="mark"/g)?.length, result.predictions.length);
  });
});

test('a folder named by the caller (size puts each step in its own folder) is used as it is', async () => {
  await inTempFolder(async (root) => {
    const dir = await writeEstimateFile(handWrittenEstimate(), { reportsDir: path.join(root, 'size'), folder: 'estimate' });
    assert.equal(dir, path.join(root, 'size', 'estimate'));
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.md', 'result.json']);
  });
});
