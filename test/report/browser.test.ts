import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test, type TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { EstimateResult } from '../../src/model/estimate-result.js';
import type { RunResult } from '../../src/model/run-result.js';
import { writeReports } from '../../src/report/result-file.js';
import { handWrittenEstimate } from './estimate-result-fixture.js';
import { longPolesResult, medianWall } from './run-result-fixture.js';

/**
 * The HTML reports opened in a real browser: string tests cannot tell whether an SVG lays out,
 * whether a mark lands inside its chart, or whether the page throws. Debian's chromium, not a
 * browser Playwright downloads: CI (.ci/run) installs it with apt.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'reports/screenshots';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: .ci/run installs it (apt-get install chromium)`;

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-browser-'));
let browser: Browser | undefined;
before(async () => {
  // Root (CI, containers) cannot use chromium's sandbox.
  if (!skip) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const okPoints = (r: RunResult) => r.points.filter((p) => p.samples.some((s) => s.ok));

/** How many marks each chart of the run report must show, counted from the fixture's data. */
function runMarks(r: RunResult): Record<string, number> {
  const ok = okPoints(r);
  const connector = r.points.filter((p) => p.settings.engine === 'flink-cdc');
  const tablesRead = new Set(ok.flatMap((p) => p.samples.filter((s) => s.ok && s.wallSeconds === medianWall(p)).flatMap((s) => s.tables.map((t) => t.table)))).size;
  return {
    'time-vs-parallelism': ok.length,
    'speedup-vs-parallelism': ok.length,
    'ceiling-chunk-8096': ok.length,
    'chunk-cost': 2 * ok.length, // the chunk query and the rest of its cycle
    'long-poles-slowest': tablesRead,
    'long-poles-fastest': tablesRead,
    // One line per connector point (its first run), a mark per observation that saw a slot.
    'wal-retained': connector.reduce((n, p) => n + p.samples[0]!.observations!.points.filter((o) => o.slots.length > 0).length, 0),
  };
}

/** The same for the estimate report. */
function estimateMarks(e: EstimateResult): Record<string, number> {
  return {
    'predicted-time': e.predictions.length,
    'predicted-speedup': e.predictions.length,
    'long-poles': e.longPoles.length,
    'wal-vs-limits': [e.wal.retainedBytes, e.wal.maxSlotWalKeepSizeBytes, e.wal.freeDiskBytes].filter((b) => b !== undefined).length,
  };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.width <= outer.x + outer.width + 1 && inner.y + inner.height <= outer.y + outer.height + 1;

/** Opens report.html, checks it renders cleanly with the expected marks, and writes its screenshot. */
async function checkInBrowser(t: TestContext, result: RunResult | EstimateResult, expected: Record<string, number>, name: string): Promise<void> {
  const out = path.join(dir, name);
  mkdirSync(out);
  const { html } = await writeReports(result, out);
  const page = await browser!.newPage({ viewport: { width: 1320, height: 900 } });
  try {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

    const ids = await page.locator('figure.chart:not(.empty)').evaluateAll((fs) => fs.map((f) => f.id));
    assert.deepEqual(ids.sort(), Object.keys(expected).sort(), 'every chart drawn, none empty');
    assert.equal(await page.locator('figure.chart svg').count(), ids.length, 'one svg per chart');
    for (const id of ids) {
      const svg = page.locator(`[id="${id}"] > svg`);
      const svgBox = await svg.boundingBox();
      assert.ok(svgBox && svgBox.width > 0 && svgBox.height > 0, `${id}: the chart has a size on the page`);
      // The marks a reader can see: displayed, with a size, inside their chart (boxes relative to the viewport, as boundingBox's).
      const marks = svg.locator('circle.mark[data-x], rect.mark[data-value]');
      const boxes = await marks.evaluateAll((ms) => ms.map((m) => ({ ...(m.getBoundingClientRect().toJSON() as Box), shown: getComputedStyle(m).visibility === 'visible' && getComputedStyle(m).display !== 'none' })));
      const visible = boxes.filter((b) => b.shown && b.width > 0 && b.height > 0 && inside(b, svgBox));
      assert.equal(visible.length, expected[id], `${id}: visible marks (${await marks.count()} in the markup)`);
    }
    assert.deepEqual(errors, []);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = path.join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${path.resolve(shot)}`);
  } finally {
    await page.close();
  }
}

test('the run report in chromium: every chart drawn with a mark per measured figure, no errors', { skip, timeout: 60_000 }, async (t) => {
  const result = longPolesResult();
  await checkInBrowser(t, result, runMarks(result), 'run-report');
});

test('the estimate report in chromium: every chart drawn with a mark per prediction, long pole and WAL figure, no errors', { skip, timeout: 60_000 }, async (t) => {
  const estimate = handWrittenEstimate();
  await checkInBrowser(t, estimate, estimateMarks(estimate), 'estimate-report');
});
