import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { assertOneLine, cliRunner } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-estimate-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = cliRunner(path.join(dir, 'state'));
const calibration = ['--calibration', 'test/fixtures/calibrations/crm-1605/result.json', '--catalog', 'test/fixtures/calibrations/crm-1605/catalog.json', '--parallelism', '1,2'];

test('with a measured stream capacity and a write rate, estimate gives the whole sync and its verdict', () => {
  const r = cli('estimate', ...calibration, '--stream-capacity', 'test/fixtures/stream-capacity-live-writes.json', '--write-rate', '5000', '--json');
  assert.equal(r.status, 0, r.stderr);
  const e = estimateResultSchema.parse(JSON.parse(r.stdout));
  const rec = e.predictions.find((p) => p.parallelism === e.recommended)!;
  assert.ok(Math.abs(e.sync!.capacityPerSecond - 21091) < 1, 'the connector\'s drain rate');
  assert.ok(Math.abs(e.sync!.totalSeconds! - (rec.seconds * e.sync!.capacityPerSecond) / (e.sync!.capacityPerSecond - 5000)) < 1e-6);
  assert.match(e.verdict, /whole sync: the target is live/);
  const never = estimateResultSchema.parse(JSON.parse(cli('estimate', ...calibration, '--stream-capacity', 'test/fixtures/stream-capacity-live-writes.json', '--write-rate', '30000', '--json').stdout));
  assert.match(never.verdict, /never catches up/);
});

test('a write rate without a capacity, or a capacity file of another kind, is refused in one line', () => {
  assertOneLine(cli('estimate', ...calibration, '--write-rate', '100'), 2, /--write-rate needs --stream-capacity/);
  const wrong = cli('estimate', ...calibration, '--stream-capacity', 'test/fixtures/calibrations/crm-1605/result.json');
  assert.equal(wrong.status, 2, wrong.stderr);
  assert.match(wrong.stderr, /stream-capacity/);
});
