import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { RunResult } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { connectorRun, healthyColumns, noisyWalls } from '../support/connector-runs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-compare-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = cliRunner(path.join(dir, 'state'));
const file = (name: string, result: RunResult): string => {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(result));
  return f;
};

const base = file('base.json', connectorRun([{ version: '3.4.0', points: [{ walls: noisyWalls(100, 5, 0.07, 'b') }, { parallelism: 2, walls: noisyWalls(60, 5, 0.07, 'b2') }], fidelity: healthyColumns() }]));
const same = file('same.json', connectorRun([{ version: '3.5.0', points: [{ walls: noisyWalls(100, 5, 0.07, 'n') }, { parallelism: 2, walls: noisyWalls(60, 5, 0.07, 'n2') }], fidelity: healthyColumns() }]));
const slower = file('slower.json', connectorRun([{ version: '3.5.0', points: [{ walls: noisyWalls(125, 5, 0.02, 's') }, { parallelism: 2, walls: noisyWalls(60, 5, 0.07, 's2') }], fidelity: healthyColumns() }]));

test('compare: the same distribution exits 0 with the report on stdout', () => {
  const r = cli('compare', base, same);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^compare tricky-types \(hash h1\) at scale 1: BASE 3\.4\.0 \(.*base\.json\) → NEW 3\.5\.0 \(.*same\.json\); max slowdown 10%\n/);
  assert.match(r.stdout, /\nverdict: no regression \(2 points compared, fidelity compared\)\n$/);
});

test('compare: a 25 % slowdown prints the report, then one line on stderr, and exits 1', () => {
  const r = cli('compare', base, slower);
  assertOneLine(r, 1, /^cdc-sizer: compare: 1 regression from 3\.4\.0 to 3\.5\.0: p=1 chunk 8096: NEW 2\d\.\d% slower \(median /);
  assert.match(r.stdout, /REGRESSION: 2\d\.\d% slower/);
  assert.match(r.stdout, /\nverdict: REGRESSION \(1: 1 time\)\n$/);
  assert.equal(cli('compare', base, slower, '--max-slowdown', '40%').status, 0, 'within a 40 % allowance');
  assert.equal(cli('compare', base, slower, '--max-slowdown', '0.4').status, 0, 'the same as a fraction');
});

test('compare: one file of two connector versions', () => {
  const both = file('both.json', connectorRun([
    { version: '3.4.0', points: [{ walls: [10, 10, 10] }] },
    { version: '3.5.0', points: [{ walls: [10, 10.1, 9.9] }] },
  ]));
  const r = cli('compare', both);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /BASE 3\.4\.0 → NEW 3\.5\.0 \(both in .*both\.json\)/);
});

test('compare --json prints the comparison object; --markdown a job summary', () => {
  const json = cli('compare', base, slower, '--json');
  assert.equal(json.status, 1);
  const c = JSON.parse(json.stdout) as { verdict: string; points: { ratio: number; interval: { low: number } }[]; base: { connectorVersion: string } };
  assert.equal(c.verdict, 'regression');
  assert.equal(c.base.connectorVersion, '3.4.0');
  assert.ok(c.points[0]!.ratio > 1.15 && c.points[0]!.interval.low > 1);
  const md = cli('compare', base, same, '--markdown');
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /^# cdc-sizer compare: tricky-types, 3\.4\.0 → 3\.5\.0\n\n\*\*Verdict: no regression/);
  assert.match(md.stdout, /\n## Snapshot time\n/);
});

test('compare: inputs that cannot be compared are one line and exit 2', () => {
  const other = file('other.json', connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }], { scenarioName: 'smoke', scenarioHash: 'h2' }));
  assertOneLine(cli('compare', base, other), 2, /^cdc-sizer: cannot compare: BASE .*base\.json \(3\.4\.0\) ran scenario tricky-types \(hash h1\) and NEW .*other\.json \(3\.5\.0\) ran smoke \(hash h2\)$/);
  const scaled = file('scaled.json', connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }], { scale: 2 }));
  assertOneLine(cli('compare', base, scaled), 2, /at scale 1 and NEW .* at scale 2$/);
  const p8 = file('p8.json', connectorRun([{ version: '3.5.0', points: [{ parallelism: 8, walls: [10] }] }]));
  assertOneLine(cli('compare', base, p8), 2, /cannot compare: no grid point in both/);
  assertOneLine(cli('compare', base), 2, /base\.json holds one connector version \(3\.4\.0\); compare of one file needs exactly two/);
  const both = file('two-versions.json', connectorRun(['3.4.0', '3.5.0'].map((version) => ({ version, points: [{ walls: [10] }] }))));
  assertOneLine(cli('compare', both, same), 2, /two-versions\.json holds 2 connector versions \(3\.4\.0, 3\.5\.0\): compare that file alone/);
  assertOneLine(cli('compare', base, path.join(dir, 'missing.json')), 2, /cannot read .*missing\.json: no such file$/);
  const future = file('future.json', { ...connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }]), schemaVersion: 99 } as unknown as RunResult);
  assertOneLine(cli('compare', base, future), 2, /future\.json was written by a newer cdc-sizer \(schema version 99; this one reads 1\): upgrade cdc-sizer$/);
});

test('compare: a bad --max-slowdown or both output formats are a usage error, exit 2', () => {
  for (const bad of ['abc', '10', '-5%', '1.5']) {
    const r = cli('compare', base, same, '--max-slowdown', bad);
    assertOneLine(r, 2, /--max-slowdown.*must be a percentage such as 10% or a fraction such as 0\.1/);
  }
  assertOneLine(cli('compare', base, same, '--json', '--markdown'), 2, /cannot be used with/);
});
