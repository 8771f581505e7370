import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { tuneResultSchema } from '../../src/tune/tune-result.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * tune --pg-url URL without a scenario: the search on an existing database's selected tables, read
 * as they are (nothing generated, nothing of the run left), and with --sample on a sample of them
 * while the configuration it prints names the whole selection.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-tune-existing-'));
const cli = cliRunner(path.join(dir, 'state'));
after(() => rmSync(dir, { recursive: true, force: true }));

const READER = { user: 'tune_reader', password: 'tune-reader-pw' };
const db = existingDatabase(`
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY, amount numeric(10,2), note text);
INSERT INTO shop.orders SELECT g, g / 100.0, 'order ' || g FROM generate_series(1, 20000) g;
CREATE TABLE shop."LineItems" (order_id bigint, line int, qty int, PRIMARY KEY (order_id, line));
INSERT INTO shop."LineItems" SELECT g / 4, g % 4, g FROM generate_series(1, 12000) g;
CREATE TABLE shop.customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text);
INSERT INTO shop.customers (name) SELECT 'customer ' || g FROM generate_series(1, 3000) g;
CREATE TABLE shop.regions (id int PRIMARY KEY, name text);
INSERT INTO shop.regions SELECT g, 'region ' || g FROM generate_series(1, 40) g;
CREATE TABLE shop.untouched (id int PRIMARY KEY);
INSERT INTO shop.untouched SELECT generate_series(1, 10);
CREATE ROLE ${READER.user} LOGIN NOREPLICATION PASSWORD '${READER.password}'; GRANT USAGE ON SCHEMA shop TO ${READER.user}; GRANT SELECT ON ALL TABLES IN SCHEMA shop TO ${READER.user};
ANALYZE;`);

/** The tune folders these runs wrote under reports/. */
function removeReports(): void {
  for (const d of existsSync('reports') ? readdirSync('reports') : []) if (d.endsWith(`-tune-existing-${db.pg.database}`)) rmSync(path.join('reports', d), { recursive: true });
}

// Two candidates at p = 2, one job each: the defaults and a shorter poll interval.
const SPACE = ['--parallelism', '2', '--space', 'jobs=1', '--space', 'chunk-size=8096', '--space', 'debezium.poll.interval.ms=default|20', '--space', 'debezium.snapshot.fetch.size=default'];

test('tune on an existing database: its selected tables read as they are, every candidate verified against their counts and keys, nothing left', { timeout: 900_000 }, async () => {
  const before = await footprint(db.admin);
  const r = cli('tune', '--pg-url', urlOf(db.pg), '--tables', 'shop.*', '--exclude', 'shop.untouched', ...SPACE, '--budget', '5m', '--first-rung', '0.5', '--proof-pairs', '1', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = tuneResultSchema.parse(JSON.parse(r.stdout));
  assert.deepEqual(result.subject, { name: `existing-${db.pg.database}`, tables: 4, rows: 35040 });
  assert.equal(result.trials.filter((t) => t.rung === 0).length, 2);
  assert.ok(result.trials.every((t) => t.verified), JSON.stringify(result.trials));
  assert.match(result.rungs[1]!.workload, /^the whole selection \(4 tables\)$/);
  const yaml = parse(result.recommendation!.snippets[0]!.pipelineYaml) as { source: { tables: string } };
  assert.match(yaml.source.tables, /LineItems/);
  assert.doesNotMatch(yaml.source.tables, /untouched/);
  assert.deepEqual(await footprint(db.admin), before, 'no slot, publication or table of the run left');
  removeReports();
});

test('tune --sample measures a sample, prints the configuration for the whole selection and its snapshot predicted by estimate at the recommended settings', { timeout: 900_000 }, async () => {
  const before = await footprint(db.admin);
  const r = cli('tune', '--pg-url', urlOf(db.pg), '--tables', 'shop.*', '--sample', '2', ...SPACE, '--space', 'debezium.poll.interval.ms=default', '--budget', '4m', '--first-rung', '1', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = tuneResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(result.subject.tables, 2, 'the sample is measured');
  assert.match(result.rungs[1]!.workload, /^the whole sample \(2 tables\)$/);
  const yaml = parse(result.recommendation!.snippets[0]!.pipelineYaml) as { source: { tables: string } };
  for (const t of ['orders', 'LineItems', 'customers', 'regions', 'untouched']) assert.match(yaml.source.tables, new RegExp(t), `the whole selection: ${yaml.source.tables}`);
  // The whole selection at the recommended settings, predicted by estimate from a sampled run at them.
  const whole = result.wholeSelection!;
  assert.equal(whole.tables, 5);
  assert.ok(whole.seconds! > 0 && whole.low! <= whole.seconds! && whole.seconds! <= whole.high!, JSON.stringify(whole));
  const folder = readdirSync('reports').filter((d) => d.endsWith(`-tune-existing-${db.pg.database}`)).sort().pop()!;
  for (const f of ['calibration/result.json', 'calibration/catalog.json', 'estimate/result.json']) assert.ok(existsSync(path.join('reports', folder, f)), f);
  assert.match(r.stderr, /the whole selection \(5 tables\) at the recommended settings: a sampled run at p = 1, 2, then estimate/);
  assert.deepEqual(await footprint(db.admin), before);
  removeReports();
});

test('tune on an existing database: a role without REPLICATION, --scale, and no scenario nor --pg-url are one line each, nothing created', async () => {
  const before = await footprint(db.admin);
  assertOneLine(cli('tune', '--pg-url', urlOf(db.pg, READER), '--tables', 'shop.orders', ...SPACE), 1, /^cdc-sizer: preflight: role tune_reader may not replicate \(.*\); fix: ALTER ROLE "?tune_reader"? WITH REPLICATION/);
  assertOneLine(cli('tune', '--pg-url', urlOf(db.pg), '--scale', '2'), 2, /--scale multiplies a scenario's rows; an existing database is measured as it is/);
  assertOneLine(cli('tune', ...SPACE), 2, /tune needs a scenario file, or --pg-url to measure the tables of an existing database/);
  assertOneLine(cli('tune', 'scenarios/smoke.yaml', '--tables', 'shop.*'), 2, /use them with --pg-url and no scenario/);
  assert.deepEqual(await footprint(db.admin), before);
});
