import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { estimateResultSchema, type EstimateResult } from '../../src/model/estimate-result.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { writeEstimateFile, writeResultFile } from '../../src/report/result-file.js';
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

function estimate(): EstimateResult {
  return estimateResultSchema.parse({
    schemaVersion: 1,
    kind: 'estimate',
    createdAt: '2026-11-26T14:03:27.512Z',
    calibration: {
      files: ['cal.json'],
      scenarios: ['smoke@1'],
      sourceOptions: {},
      costs: { perChunkSeconds: 0.5, perGbSeconds: 20, perTableSeconds: 0.1, perChunkPerTableSeconds: 0 },
      fixedSeconds: 10,
      law: { sigma: 0.2, kappa: 0 },
      measuredParallelisms: [1, 2],
      measuredChunkSizes: [8096],
      cores: 2,
      fit: { maxRelativeError: 0.05, rmsRelativeError: 0.03 },
      explanation: ['snapshot time = 10.0 s start-up + reading time at p = 1 / S(p)'],
    },
    workload: { name: '/data/prod db/catalog v2.json', tables: 2, rows: 1000, diskBytes: 1e6, chunks: 2, tablesWithoutKey: [] },
    chunkSize: 8096,
    predictions: [
      { parallelism: 1, seconds: 100, low: 90, high: 110, extrapolated: false },
      { parallelism: 4, seconds: 40, low: 30, high: 50, extrapolated: true },
    ],
    recommended: 4,
    longPoles: [{ table: 'public.a', seconds: 20, chunks: 1, boundsTotal: false }],
    wal: { level: 'unknown', note: 'the write rate was not sampled' },
    extrapolations: ['p = 4: beyond the measured p ≤ 2'],
    verdict: '≈ 100 s at p=1, ≈ 40 s at p=4 (recommended); the sync will not take days at any parallelism listed',
  });
}

test('an estimate folder is named for the catalog file and holds result.json, report.md and report.html', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-reports-'));
  try {
    const result = estimate();
    const dir = await writeEstimateFile(result, root);
    assert.equal(dir, path.join(root, '2026-11-26T14-03-27Z-estimate-catalog_v2'));
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.md', 'result.json']);
    assert.deepEqual(estimateResultSchema.parse(JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'))), result);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.match(md, /^# cdc-sizer estimate: catalog v2\.json\n\n.*\n\n\*\*Verdict: ≈ 100 s at p=1, ≈ 40 s at p=4 \(recommended\);/);
    assert.match(md, /\| 4 \| 40 s \| 30 s – 50 s \| 2\.50× \| recommended, extrapolated \|/);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.equal(html.match(/<figure class="chart" id="predicted-time">[\s\S]*?<\/figure>/)?.[0].match(/class="mark"/g)?.length, 2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
