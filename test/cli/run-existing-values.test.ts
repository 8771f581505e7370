import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner, type CliResult } from '../support/cli.js';
import { existingDatabase, urlOf } from '../support/existing-database.js';

/**
 * What a --pg-url run shows of the user's rows and how hard it touches them: fidelity examples
 * masked unless --show-values, --verify counts reading no key, and a verification snapshot that
 * stops at --verify-timeout with one line. A `time` column with microseconds comes out of Flink
 * CDC 3.5.0 cut to milliseconds: a known "changed" verdict, so there is an example to mask.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-run-values-'));
const cli = cliRunner(path.join(dir, 'state'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BIG_ROWS = 3_000_000;
const db = existingDatabase(`
CREATE SCHEMA app;
CREATE TABLE app.shifts (id bigint PRIMARY KEY, starts time NOT NULL, label text NOT NULL);
INSERT INTO app.shifts SELECT g, time '13:45:07.123456', 'Night shift ' || g FROM generate_series(1, 5) g;
CREATE TABLE app.big (id bigint PRIMARY KEY);
INSERT INTO app.big SELECT generate_series(1, ${BIG_ROWS});
ANALYZE;`);

const SHIFTS = ['--tables', 'app.shifts', '--parallelism', '1', '--fidelity-rows', '5'];

/** result.json, report.md and report.html of a run, from the folder its last stdout line names. */
function outputs(r: CliResult): { result: RunResult; json: string; md: string; html: string } {
  const file = /result: (.+\/result\.json)/.exec(r.stdout)?.[1];
  assert.ok(file, r.stdout);
  const json = readFileSync(file, 'utf8');
  const folder = path.dirname(file);
  return { result: runResultSchema.parse(JSON.parse(json)), json, md: readFileSync(path.join(folder, 'report.md'), 'utf8'), html: readFileSync(path.join(folder, 'report.html'), 'utf8') };
}

const startsColumn = (result: RunResult) => result.fidelity?.[0]?.columns.find((c) => c.column === 'starts');

/** Statements of the key-fingerprint scan that pg_stat_statements counted since the last reset. */
async function keyScans(): Promise<number> {
  const { rows } = await db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_statements WHERE query LIKE '%cdcsizer_keys%'`);
  return Number(rows[0]!.n);
}

test('--pg-url: fidelity examples are masked in result.json and both reports; --verify counts reads no key', async () => {
  await db.admin.query('SELECT pg_stat_statements_reset()');
  const r = cli('run', '--pg-url', urlOf(db.pg), ...SHIFTS, '--verify', 'counts');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /counted 5 rows of 1 tables \(counts only: --verify counts\) in one REPEATABLE READ snapshot, held \d+\.\d s/);
  const { result, json, md, html } = outputs(r);
  assert.equal(result.valuesMasked, true);
  const starts = startsColumn(result);
  assert.equal(starts?.verdict, 'changed', JSON.stringify(result.fidelity));
  assert.deepEqual(starts.example, { key: '9', source: '99:99:99.999999', emitted: '99:99:99.999', change: 'the last 3 characters of 15 cut', masked: true });
  for (const [name, text] of [['result.json', json], ['report.md', md], ['report.html', html], ['the terminal', r.stdout]] as const) {
    assert.doesNotMatch(text, /13:45|Night shift/, `${name} holds no value of the table`);
  }
  for (const text of [md, html]) assert.match(text, /99:99:99\.999999 → 99:99:99\.999 \(the last 3 characters of 15 cut\)/);
  for (const text of [md, html, r.stdout]) assert.match(text, /masked.*--show-values/);
  // Counts only: said in the result and the report, and no key was read.
  assert.equal(result.source?.kind === 'existing' && result.source.verification?.method, 'counts');
  assert.equal(result.source?.kind === 'existing' && result.source.tables[0]!.keyFingerprint, undefined);
  assert.match(md, /row counts only \(--verify counts\): equal counts are necessary, not sufficient/);
  assert.equal(await keyScans(), 0, 'no key-fingerprint statement ran');
});

test('--show-values: the same example in clear, and the default --verify keys fingerprints the keys', async () => {
  await db.admin.query('SELECT pg_stat_statements_reset()');
  const r = cli('run', '--pg-url', urlOf(db.pg), ...SHIFTS, '--show-values');
  assert.equal(r.status, 0, r.stderr);
  const { result, md, html } = outputs(r);
  assert.equal(result.valuesMasked, undefined);
  const starts = startsColumn(result);
  assert.match(starts?.example?.key ?? '', /^[1-5]$/);
  assert.deepEqual({ ...starts!.example, key: undefined }, { key: undefined, source: '13:45:07.123456', emitted: '13:45:07.123', change: 'the last 3 characters of 15 cut' });
  for (const text of [md, html]) {
    assert.match(text, /13:45:07\.123456 → 13:45:07\.123/);
    assert.doesNotMatch(text, /--show-values/);
  }
  if (result.source?.kind !== 'existing') throw new Error('an existing source');
  assert.equal(result.source.verification?.method, 'keys');
  assert.equal(result.source.verification?.isolation, 'repeatable read');
  assert.equal(result.source.verification?.timeoutSeconds, 1800, 'the default limit: 30 minutes');
  assert.ok(result.source.verification!.snapshotSeconds >= 0);
  assert.match(result.source.tables[0]!.keyFingerprint ?? '', /^[0-9a-f]{16}$/);
  assert.ok((await keyScans()) > 0, 'the key scan ran (and pg_stat_statements sees it: the counts-only test means something)');
});

test('the verification snapshot stops at --verify-timeout: one line naming the tables not verified, exit 1, nothing created', async () => {
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'app.big', '--verify-timeout', '1s');
  assert.equal(r.status, 1, r.stderr);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^cdc-sizer: the verification snapshot reached --verify-timeout 1s \(held \d+ s\) while reading app\.big: 1 table\(s\) not verified \(app\.big\); nothing was measured or created; raise --verify-timeout/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const { rows } = await db.admin.query(`SELECT 1 FROM pg_replication_slots UNION ALL SELECT 1 FROM pg_publication`);
  assert.equal(rows.length, 0);
});

test('--show-values without --pg-url and --verify with a scenario are refused in one line (exit 2)', () => {
  assertOneLine(cli('run', 'scenarios/smoke.yaml', '--show-values'), 2, /--show-values unmasks row values read from a --pg-url server; the embedded server's values are generated/);
  assertOneLine(cli('run', 'scenarios/smoke.yaml', '--verify', 'counts'), 2, /--verify and --verify-timeout choose how an existing database's tables are verified/);
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--verify', 'rows'), 2, /--verify must be keys or counts, got "rows"/);
  assertOneLine(cli('run', '--pg-url', urlOf(db.pg), '--verify-timeout', 'soon'), 2, /--verify-timeout.*must be a duration such as 90s, 30m or 2h/);
});
