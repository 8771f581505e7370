import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { durationText, parseMaxJobTime } from '../../src/commands/max-job-time.js';
import { assertOneLine, cliRunner } from '../support/cli.js';

test('--max-job-time takes minutes, hours, days and plain seconds', () => {
  assert.equal(parseMaxJobTime('90m'), 90 * 60_000);
  assert.equal(parseMaxJobTime('36h'), 36 * 3_600_000);
  assert.equal(parseMaxJobTime('2d'), 2 * 86_400_000);
  assert.equal(parseMaxJobTime('1.5h'), 90 * 60_000);
  assert.equal(parseMaxJobTime('45s'), 45_000);
  assert.equal(parseMaxJobTime('3600'), 3_600_000);
  assert.equal(parseMaxJobTime(' 90M '), 90 * 60_000);
});

test('--max-job-time 0, below a second, or garbage is refused', () => {
  for (const bad of ['0', '0s', '0.5', '', 'abc', '90 minutes', '-5m', '1w', '2d3h', 'Infinity', '400d']) assert.equal(parseMaxJobTime(bad), undefined, bad);
});

test('a bound is said as it would be written', () => {
  assert.equal(durationText(90 * 60_000), '90m');
  assert.equal(durationText(36 * 3_600_000), '36h');
  assert.equal(durationText(2 * 86_400_000), '2d');
  assert.equal(durationText(45_000), '45s');
  assert.equal(durationText(1500), '1.5s');
});

test('run --max-job-time 0 or garbage: one line, exit 2, before anything starts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-max-job-time-'));
  const cli = cliRunner(dir);
  try {
    for (const bad of ['0', 'soon']) assertOneLine(cli('run', 'scenarios/smoke.yaml', '--max-job-time', bad), 2, new RegExp(`--max-job-time <duration>' argument '${bad}' is invalid\\. must be a duration of at least 1 s such as 90m, 36h, 2d, or seconds as a plain number`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
