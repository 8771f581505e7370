import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareResults } from '../../src/compare/compare-results.js';
import { IncomparableError } from '../../src/compare/incomparable-error.js';
import type { ResultFile } from '../../src/compare/sides.js';
import { comparisonOf } from '../../src/commands/compare.js';
import { UsageError } from '../../src/commands/usage-error.js';
import type { RunResult } from '../../src/model/run-result.js';
import { compareTables } from '../../src/report/terminal/compare-table.js';
import { connectorRun, noisyWalls, type PointSpec } from '../support/connector-runs.js';

const opts = { maxSlowdown: 0.1 };
const files = (base: RunResult, next: RunResult): ResultFile[] => [
  { file: 'base.json', result: base },
  { file: 'new.json', result: next },
];
const pair = (base: PointSpec[], next: PointSpec[]) => compareResults(files(connectorRun([{ version: '3.4.0', points: base }]), connectorRun([{ version: '3.5.0', points: next }])), opts);

test('pure noise (5 repeats ±7 % from one distribution) never fails, over 20 seeded pairs', () => {
  for (let s = 0; s < 20; s++) {
    const c = pair([{ walls: noisyWalls(100, 5, 0.07, `base${s}`) }], [{ walls: noisyWalls(100, 5, 0.07, `new${s}`) }]);
    assert.equal(c.verdict, 'no-regression', `seed ${s}: ${JSON.stringify(c.regressions)}`);
    assert.notEqual(c.points[0]!.time, 'slower');
  }
});

test('a 25 % slowdown with 3 repeats fails: the ratio is above 1.1 and its interval above 1', () => {
  const c = pair([{ walls: [100, 103, 98] }], [{ walls: [125, 129, 122] }]);
  const pc = c.points[0]!;
  assert.equal(pc.time, 'slower');
  assert.equal(pc.ratio, 1.25);
  assert.ok(pc.interval && pc.interval.low > 1, JSON.stringify(pc.interval));
  assert.equal(c.verdict, 'regression');
  assert.equal(c.regressions.length, 1);
  assert.match(c.regressions[0]!.text, /^p=1 chunk 8096: NEW 25\.0% slower \(median 100\.0 s → 125\.0 s, 95% interval ×1\.\d\d–×1\.\d\d\)$/);
});

test('2 repeats give no interval, say so, and are judged on the medians', () => {
  const slow = pair([{ walls: [100, 102] }], [{ walls: [125, 127] }]);
  const pc = slow.points[0]!;
  assert.equal(pc.interval, undefined);
  assert.equal(pc.timeNote, '2 repeats: no interval, judged on medians');
  assert.equal(pc.time, 'slower');
  assert.match(compareTables(slow), /2 repeats: no interval, judged on medians/);
  assert.equal(pair([{ walls: [100, 102] }], [{ walls: [104, 106] }]).verdict, 'no-regression');
});

test('a slowdown within --max-slowdown passes; the same one fails with a tighter limit', () => {
  const base = connectorRun([{ version: '3.4.0', points: [{ walls: [100, 101, 99] }] }]);
  const next = connectorRun([{ version: '3.5.0', points: [{ walls: [106, 107, 105] }] }]);
  assert.equal(compareResults(files(base, next), { maxSlowdown: 0.1 }).verdict, 'no-regression');
  assert.equal(compareResults(files(base, next), { maxSlowdown: 0.05 }).verdict, 'regression');
});

test('a large ratio whose interval reaches below 1 is noise, not a regression', () => {
  const c = pair([{ walls: [10, 11, 14] }], [{ walls: [9, 13, 15] }]);
  assert.ok(c.points[0]!.ratio! > 1.1);
  assert.ok(c.points[0]!.interval!.low <= 1);
  assert.equal(c.points[0]!.time, 'same');
  assert.equal(c.verdict, 'no-regression');
});

test('a 25 % speed-up is an improvement and never fails', () => {
  const c = pair([{ walls: [125, 129, 122] }], [{ walls: [100, 103, 98] }]);
  assert.equal(c.points[0]!.time, 'faster');
  assert.equal(c.verdict, 'no-regression');
  assert.match(c.improvements[0]!.text, /NEW 20\.0% faster/);
});

test('points are matched on parallelism, chunk size and options; the rest are listed, not judged', () => {
  const c = pair(
    [{ parallelism: 1, walls: [10, 10, 10] }, { parallelism: 2, walls: [6, 6, 6] }, { parallelism: 2, chunkSize: 50000, walls: [4, 4, 4] }],
    [{ parallelism: 2, walls: [6, 6, 6] }, { parallelism: 1, walls: [10, 10, 10] }, { parallelism: 2, sourceOptions: { 'debezium.poll.interval.ms': '50' }, walls: [2, 2, 2] }],
  );
  assert.deepEqual(c.points.map((p) => p.point.parallelism), [1, 2]);
  assert.deepEqual(c.points.map((p) => p.ratio), [1, 1]);
  assert.deepEqual(c.unmatched.map((u) => [u.side, u.point.chunkSize, u.point.sourceOptions]), [['base', 50000, {}], ['new', 8096, { 'debezium.poll.interval.ms': '50' }]]);
  assert.deepEqual(c.notes.filter((n) => n.area === 'grid').map((n) => n.text), ['measured on BASE only, not compared: p=2 chunk 50000', 'measured on NEW only, not compared: p=2 chunk 8096 debezium.poll.interval.ms=50']);
});

test('NEW runs failing where BASE runs did not is a regression; the reverse an improvement', () => {
  const worse = pair([{ walls: [10, 10, 10] }], [{ walls: [10, 10], failed: 1 }]);
  assert.equal(worse.verdict, 'regression');
  assert.deepEqual(worse.regressions.map((r) => r.text), ['p=1 chunk 8096: 1 of 3 NEW runs failed; every BASE run succeeded']);
  const better = pair([{ walls: [10], failed: 2 }], [{ walls: [10, 10, 10] }]);
  assert.equal(better.verdict, 'no-regression');
  assert.equal(better.improvements[0]!.area, 'failed runs');
});

test('different excluded tables: the timing is flagged "not the same tables" and never a time regression', () => {
  const c = pair([{ walls: [10, 10, 10] }], [{ walls: [20, 20, 20], excludedTables: ['public.t2'] }]);
  const pc = c.points[0]!;
  assert.equal(pc.sameTables, false);
  assert.equal(pc.time, 'not-judged');
  assert.equal(pc.timeNote, 'not the same tables');
  assert.equal(c.verdict, 'no-regression');
  assert.match(c.notes[0]!.text, /not the same tables \(BASE left out none; NEW left out public\.t2\)/);
  assert.equal(pair([{ walls: [10, 10, 10], excludedTables: ['public.t2'] }], [{ walls: [20, 20, 20], excludedTables: ['public.t2'] }]).points[0]!.time, 'slower', 'the same exclusions on both sides are the same tables');
});

test('a slot or publication NEW leaves behind where BASE left nothing is a regression', () => {
  const c = pair([{ walls: [10, 10, 10], leftBehind: { slots: 0, publications: 0 } }], [{ walls: [10, 10, 10], leftBehind: { slots: 1, publications: 1 } }]);
  assert.equal(c.verdict, 'regression');
  assert.deepEqual(c.regressions.map((r) => r.text), ['p=1 chunk 8096: NEW left 3 slots and 3 publications behind after 3 of 3 runs; BASE left nothing']);
  assert.match(compareTables(c), /  NEW 3\.5\.0: 3 replication slots and 3 publications left behind after 3 of 3 runs/);
});

test('leftovers cleaned up in NEW are an improvement; against a BASE that recorded nothing, only a note', () => {
  const fixed = pair([{ walls: [10, 10, 10], leftBehind: { slots: 1, publications: 0 } }], [{ walls: [10, 10, 10], leftBehind: { slots: 0, publications: 0 } }]);
  assert.equal(fixed.verdict, 'no-regression');
  assert.equal(fixed.improvements[0]!.area, 'hygiene');
  const unknown = pair([{ walls: [10, 10, 10] }], [{ walls: [10, 10, 10], leftBehind: { slots: 1, publications: 0 } }]);
  assert.equal(unknown.verdict, 'no-regression');
  assert.match(unknown.notes[0]!.text, /BASE did not record leftovers/);
});

test('different scenario hashes cannot be compared: a usage error naming both', () => {
  const base = connectorRun([{ version: '3.4.0', points: [{ walls: [10] }] }], { scenarioName: 'tricky-types', scenarioHash: 'aaa' });
  const next = connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }], { scenarioName: 'smoke', scenarioHash: 'bbb' });
  assert.throws(() => compareResults(files(base, next), opts), IncomparableError);
  assert.throws(() => comparisonOf(files(base, next), opts), (err: Error) => err instanceof UsageError && /BASE base\.json \(3\.4\.0\) ran scenario tricky-types \(hash aaa\) and NEW new\.json \(3\.5\.0\) ran smoke \(hash bbb\)/.test(err.message));
});

test('different scales cannot be compared', () => {
  const base = connectorRun([{ version: '3.4.0', points: [{ walls: [10] }] }], { scale: 0.5 });
  const next = connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }], { scale: 1 });
  assert.throws(() => comparisonOf(files(base, next), opts), /ran at scale 0\.5 and NEW new\.json \(3\.5\.0\) at scale 1$/);
});

test('no common point cannot be compared', () => {
  assert.throws(() => comparisonOf(files(connectorRun([{ version: '3.4.0', points: [{ parallelism: 1, walls: [10] }] }]), connectorRun([{ version: '3.5.0', points: [{ parallelism: 4, walls: [10] }] }])), opts), (err: Error) => err instanceof UsageError && /no grid point in both: BASE .* measured p=1 chunk 8096; NEW .* measured p=4 chunk 8096/.test(err.message));
});

test('a file without flink-cdc points cannot be compared', () => {
  const raw = connectorRun([{ version: '3.4.0', points: [{ walls: [10] }] }]);
  raw.points = raw.points.map((p) => ({ ...p, settings: { ...p.settings, engine: 'raw-copy' as const } }));
  assert.throws(() => comparisonOf(files(raw, connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }])), opts), /base\.json has no flink-cdc points/);
});

test('one file of two connector versions: the first measured is BASE', () => {
  const both = connectorRun([
    { version: '3.4.0', points: [{ walls: [10, 10, 10] }, { parallelism: 2, walls: [6, 6, 6] }] },
    { version: '3.5.0', points: [{ walls: [13, 13, 13] }, { parallelism: 2, walls: [6, 6, 6] }] },
  ]);
  const c = compareResults([{ file: 'result.json', result: both }], opts);
  assert.deepEqual([c.base.connectorVersion, c.next.connectorVersion], ['3.4.0', '3.5.0']);
  assert.deepEqual(c.points.map((p) => p.time), ['slower', 'same']);
  assert.equal(c.verdict, 'regression');
});

test('one file must hold exactly two versions; of two files, neither may hold two', () => {
  const one = connectorRun([{ version: '3.5.0', points: [{ walls: [10] }] }]);
  assert.throws(() => comparisonOf([{ file: 'one.json', result: one }], opts), /one\.json holds one connector version \(3\.5\.0\); compare of one file needs exactly two/);
  const three = connectorRun(['3.2.0', '3.4.0', '3.5.0'].map((version) => ({ version, points: [{ walls: [10] }] })));
  assert.throws(() => comparisonOf([{ file: 'three.json', result: three }], opts), /holds 3 connector versions \(3\.2\.0, 3\.4\.0, 3\.5\.0\)/);
  const two = connectorRun(['3.4.0', '3.5.0'].map((version) => ({ version, points: [{ walls: [10] }] })));
  assert.throws(() => comparisonOf([{ file: 'two.json', result: two }, { file: 'one.json', result: one }], opts), (err: Error) => err instanceof UsageError && /two\.json holds 2 connector versions \(3\.4\.0, 3\.5\.0\): compare that file alone/.test(err.message));
});

test('points without connectorVersion take the version from environment.flinkCdc', () => {
  const base = connectorRun([{ version: '3.4.0', points: [{ walls: [10, 10, 10] }] }], { versionInEnvironmentOnly: true });
  const next = connectorRun([{ version: '3.5.0', points: [{ walls: [10, 10, 10] }] }], { versionInEnvironmentOnly: true });
  const c = compareResults(files(base, next), opts);
  assert.deepEqual([c.base.connectorVersion, c.next.connectorVersion], ['3.4.0', '3.5.0']);
});
