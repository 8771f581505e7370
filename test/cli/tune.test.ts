import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tuneResultSchema } from '../../src/tune/tune-result.js';
import { assertOneLine, embeddedCliState, type CliResult } from '../support/cli.js';

function lastLine(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr.trim().split('\n').pop()!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

const { cli, leftovers } = embeddedCliState('cdc-sizer-tune-');

// chunk-cost at a fifth of its rows: four tables, a few chunks each; four candidates at p = 2: one job or two, two poll intervals.
const SMALL = ['scenarios/chunk-cost.yaml', '--scale', '0.2', '--parallelism', '2', '--space', 'chunk-size=8096', '--space', 'debezium.poll.interval.ms=default|20', '--space', 'debezium.snapshot.fetch.size=default'];

test('a tiny tune: every candidate verified, the best promoted, the winner proved against the defaults, nothing left behind', { timeout: 900_000 }, async () => {
  const r = cli('tune', ...SMALL, '--budget', '6m', '--first-rung', '0.5', '--proof-pairs', '1', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = tuneResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(result.trials.filter((t) => t.rung === 0).length, 4, 'the whole space on the first rung');
  assert.ok(result.trials.some((t) => t.rung === 1), 'someone climbed');
  assert.ok(result.trials.every((t) => t.verified), JSON.stringify(result.trials));
  assert.ok(result.trials.every((t) => t.peakRssBytes! > 50 * 2 ** 20), 'the local JVM measured per candidate');
  assert.deepEqual(result.trials[0]!.candidate, { parallelism: 2, jobs: 1, chunkSize: 8096, options: {} }, 'the defaults first');
  assert.ok(result.trials.some((t) => t.candidate.jobs === 2 && t.verified), 'two jobs over halves of the tables, verified');
  const rec = result.recommendation!;
  assert.equal((parse(rec.snippets[0]!.pipelineYaml) as { pipeline: { parallelism: number } }).pipeline.parallelism, 2 / rec.candidate.jobs);
  assert.equal(rec.snippets.length, rec.candidate.jobs);
  const defaultsWon = JSON.stringify(rec.candidate) === JSON.stringify(result.trials[0]!.candidate);
  // On a machine this small the defaults may win; then there is nothing to prove, and the report says to keep them.
  if (defaultsWon) assert.equal(result.proof, undefined);
  else {
    assert.equal(result.proof!.winnerSeconds.length, 1);
    assert.equal(result.proof!.defaultsSeconds.length, 1);
    assert.equal(result.proof!.allVerified, true);
    assert.equal(result.proof!.interval, undefined, 'no interval from one run a side');
  }
  assert.ok(result.searchSeconds <= result.budgetSeconds + 30, `search ${result.searchSeconds} s within the ${result.budgetSeconds} s budget (a job is stopped at the budget's end)`);
  assert.match(r.stderr, /best so far: .* s of the budget left/);
  const dir = path.join('reports', readdirSync('reports').filter((d) => d.includes('-tune-chunk-cost')).sort().pop()!);
  assert.ok(existsSync(path.join(dir, 'report.html')));
  rmSync(dir, { recursive: true });
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});

test('a budget too small for the defaults, a memory limit below theirs, an unknown option: one line each, nothing left behind', { timeout: 600_000 }, async () => {
  assertOneLine(cli('tune', ...SMALL, '--space', 'scan.made.up=1|2'), 2, /unknown option "scan\.made\.up"/);
  // These fail after the search started: its progress lines come first, the error is the last line.
  lastLine(cli('tune', ...SMALL, '--budget', '1s'), /^cdc-sizer: --budget 1s is too small: the connector's defaults did not finish/);
  lastLine(cli('tune', ...SMALL, '--memory', '1m'), /^cdc-sizer: --memory 1m is below what the connector's defaults need: their Flink JVM peaked at/);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});
