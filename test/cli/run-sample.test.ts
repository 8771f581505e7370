import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { catalogSchema } from '../../src/catalog/catalog.js';
import { estimateResultSchema } from '../../src/model/estimate-result.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { existingDatabase, footprint, urlOf } from '../support/existing-database.js';

/**
 * run --pg-url URL --sample: a stratified sample of a database made by plain SQL is read by the
 * connector, the largest tables' chunk boundaries probed, the catalog of the whole selection
 * written beside the result, and estimate covers the whole selection from them. Nothing is left
 * on the database; bad --sample values are one line, exit 2.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-run-sample-'));
const cli = cliRunner(path.join(dir, 'state'));

// At chunk size 2000: ledger (dense bigint, 40 chunks) is large and probed; tenant_events (composite
// key, 4 tenants of 6,000 rows: the connector splits by tenant_id, so 3 chunks, not 12) is probed
// before the plan, and so a table of a few chunks; the
// rest mixes widths (wide rows: a jsonb document of 1.3 kB), key shapes (uuid, text, composite) and a partitioned table.
const SCHEMA = `
CREATE SCHEMA shop;
CREATE SCHEMA other;
CREATE TABLE shop.ledger (id bigint PRIMARY KEY, qty integer, amount numeric(12,2));
INSERT INTO shop.ledger SELECT g, g % 100, g * 0.5 FROM generate_series(1, 80000) g;
CREATE TABLE shop.tenant_events (tenant_id integer, seq bigint, kind text, PRIMARY KEY (tenant_id, seq));
INSERT INTO shop.tenant_events SELECT g % 4, g, 'k' || (g % 9) FROM generate_series(1, 24000) g;
CREATE TABLE shop.docs (code text PRIMARY KEY, doc jsonb);
INSERT INTO shop.docs SELECT md5(g::text), jsonb_build_object('n', g, 'body', repeat(md5(g::text), 40)) FROM generate_series(1, 600) g;
CREATE TABLE shop.sessions (id uuid PRIMARY KEY, started date, tags integer[]);
INSERT INTO shop.sessions SELECT md5(g::text)::uuid, date '2024-01-01' + g % 300, ARRAY[g % 3, g % 5] FROM generate_series(1, 3000) g;
CREATE TABLE shop.parts (region integer, id bigint, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE shop.parts_a PARTITION OF shop.parts FOR VALUES IN (1);
CREATE TABLE shop.parts_b PARTITION OF shop.parts FOR VALUES IN (2);
INSERT INTO shop.parts SELECT 1 + g % 2, g FROM generate_series(1, 1000) g;
CREATE TABLE shop.nokey (at timestamptz DEFAULT now(), n integer);
INSERT INTO shop.nokey (n) SELECT generate_series(1, 50);
CREATE TABLE other.outside (id integer PRIMARY KEY);
INSERT INTO other.outside SELECT generate_series(1, 10);
${[1, 2, 3, 4, 5, 6].map((i) => `CREATE TABLE shop.small_${i} (id ${i % 2 ? 'bigint' : 'uuid'} PRIMARY KEY, note text);
INSERT INTO shop.small_${i} SELECT ${i % 2 ? 'g' : "md5(g::text || 's')::uuid"}, 'n' || g FROM generate_series(1, ${100 * i}) g;`).join('\n')}
ANALYZE;`;

const db = existingDatabase(SCHEMA);
after(() => rmSync(dir, { recursive: true, force: true }));

const printed = (out: string, label: string) => new RegExp(`^${label}: (\\S+)`, 'm').exec(out)?.[1];

test('a sampled run reads only its sample, probes the largest tables, writes the catalog of the whole selection, and estimate covers all of it', async () => {
  const before = await footprint(db.admin);
  const r = cli('run', '--pg-url', urlOf(db.pg), '--tables', 'shop.*', '--no-key', 'skip', '--sample', '4', '--parallelism', '2', '--chunk-size', '2000', '--fidelity-rows', '0');
  assert.equal(r.status, 0, r.stderr);
  const resultFile = printed(r.stdout, 'result')!;
  const catalogFile = printed(r.stdout, 'catalog')!;
  assert.equal(path.dirname(catalogFile), path.dirname(resultFile), 'the catalog lies beside result.json');
  const result = runResultSchema.parse(JSON.parse(readFileSync(resultFile, 'utf8')));
  assert.equal(result.source?.kind, 'existing');
  if (result.source?.kind !== 'existing') return;
  const sample = result.source.sample!;
  assert.equal(sample.spec, '4');
  assert.equal(sample.selectedTables.length, 11, 'every keyed shop table (nokey skipped, other.outside not selected)');
  assert.equal(sample.measuredTables.length, 4);
  // tenant_events is 12 chunks by rows and 3 as the connector cuts it (probed before the plan): a table of a few chunks, not a largest one.
  assert.deepEqual([...sample.largestTables].sort(), ['shop.ledger']);
  assert.ok(sample.measuredTables.every((t) => !sample.largestTables.includes(t)), 'the largest are probed, not read');
  // What the connector read and what was counted: the sample's tables, nothing else.
  assert.deepEqual(result.source.tables.map((t) => t.table).sort(), [...sample.measuredTables].sort());
  for (const p of result.points) {
    assert.ok(p.samples[0]!.ok, p.samples[0]!.failure);
    assert.deepEqual(p.samples[0]!.tables.map((t) => t.table).sort(), [...sample.measuredTables].sort());
  }
  assert.deepEqual(result.points.map((p) => p.settings.parallelism), [1, 2], 'p = 1 and p > 1: what estimate needs');
  // (A sample taken again after a passing failure runs after its probe jobs: warm.)
  assert.deepEqual(result.points.map((p) => p.samples[0]!.coldJvm === true || p.samples[0]!.transientFailure !== undefined), [true, false], 'p = 1 starts the JVM; p = 2 runs on it warm');
  const probe = (t: string) => sample.chunkProbes.find((p) => p.table === t)!;
  assert.deepEqual([probe('shop.ledger').method, probe('shop.ledger').chunks], ['even', 40]);
  // As the connector: [null, 1), [1, 2), then [2, null), since the boundary after 2 is the maximum.
  assert.deepEqual([probe('shop.tenant_events').method, probe('shop.tenant_events').chunks, probe('shop.tenant_events').splitColumn], ['uneven', 3, 'tenant_id']);
  // Every table of several chunks by rows is probed, before the plan: sessions (3,000 uuid keys) by the connector's walk.
  assert.deepEqual([probe('shop.sessions')?.method, probe('shop.sessions')?.chunks], ['uneven', 2]);
  assert.ok(sample.classes.some((c) => c.dimension === 'key' && c.value === 'uuid' && c.measuredBy !== null), 'a uuid-keyed table stands for the uuid keys');
  const catalog = catalogSchema.parse(JSON.parse(readFileSync(catalogFile, 'utf8')));
  assert.deepEqual(catalog.tables.map((t) => `${t.schema}.${t.name}`).sort(), [...sample.selectedTables, 'shop.parts_a', 'shop.parts_b'].sort());
  // The source's own scaling: raw-copy of the sample's tables at p = 1, 2, 4, 8 (as far as its chunks keep readers busy).
  const scaling = sample.sourceScaling!;
  assert.deepEqual(scaling.map((x) => x.parallelism), [1, 2, 4, 8].slice(0, scaling.length));
  assert.ok(scaling.length >= 2 && scaling.every((x) => x.readSeconds > 0 && x.chunks === scaling[0]!.chunks), JSON.stringify(scaling));
  // ledger holds 40 of the 54 chunks, of 0.1 MB, narrower than the sample's full chunks (sessions' 0.14 MB, tenant_events' 0.43 MB):
  // read in part, its first 20 chunks in a job of its own, stopped (read-only; its slot and publication dropped, below).
  const partial = sample.partialReads ?? [];
  assert.deepEqual(partial.map((p) => [p.table, p.chunkSize]), [['shop.ledger', 2000]]);
  assert.ok(partial[0]!.cycles >= 15 && partial[0]!.rows < 80_000 && partial[0]!.cycleSeconds > 0, JSON.stringify(partial));
  assert.ok(partial[0]!.earlyCycles === 10 && partial[0]!.earlyCycleSeconds! < partial[0]!.cycleSeconds, JSON.stringify(partial));
  assert.match(r.stderr, /shop\.ledger holds a quarter or more of the chunks or bytes, in chunks narrower or wider than every full chunk the sample reads: read in part after the sample's jobs \(the first 20 chunks of shop\.ledger, then the job is stopped\)/);
  // The local cluster runs on this machine: its cores are recorded, the slots the run gave it.
  assert.deepEqual([result.cluster?.where, result.cluster?.cores, result.cluster?.slots], ['local', result.environment.cores, 2]);
  assert.deepEqual(await footprint(db.admin), before, 'no relation, slot or publication added or left');

  const reportsBefore = new Set(existsSync('reports') ? readdirSync('reports') : []);
  const e = cli('estimate', '--calibration', resultFile, '--catalog', catalogFile, '--parallelism', '1,2', '--json');
  // The estimate's own folder under reports/ is this test's to remove.
  for (const d of readdirSync('reports')) if (!reportsBefore.has(d) && d.includes('-estimate-')) rmSync(path.join('reports', d), { recursive: true });
  assert.equal(e.status, 0, e.stderr);
  const estimate = estimateResultSchema.parse(JSON.parse(e.stdout));
  const sampling = estimate.sampling!;
  assert.equal(estimate.workload.tables, 12, 'the whole selection: 10 tables and the two partitions of shop.parts');
  assert.equal(sampling.measuredTables.length + sampling.extrapolatedTables.length, 12);
  assert.ok(sampling.extrapolatedTables.includes('shop.ledger'));
  const tenant = sampling.probedTables.find((p) => p.table === 'shop.tenant_events')!;
  assert.deepEqual([tenant.chunks, tenant.chunksByRows], [3, 12], 'the probed chunks replace rows / chunk size');
  assert.equal(estimate.workload.chunks, 40 + 3 + 1 + 2 + 6 + 2, 'ledger 40, tenant_events 3, docs 1, sessions 2, six small tables and two partitions one each');
  assert.match(estimate.extrapolations[0]!, /sampled sizing \(--sample 4\): the connector read 4 of 11 selected tables .*; the other 7 are extrapolated/);
  assert.match(estimate.extrapolations[0]!, /chunk counts and splitting time of the largest \(shop\.ledger: 40 chunks\) and 2 more tables of two chunks or more by rows \(5 chunks as the connector cuts them, 14 by rows\) come from the connector's boundary queries/);
  assert.match(estimate.extrapolations[0]!, /read in part \(the first chunks of each, at p = 1\), their chunks measured instead of costed by the model's per-chunk line: shop\.ledger \(40 chunks\) at \d\.\d{3} s a chunk, its cycles after the job's first ten/);
  assert.ok(estimate.predictions.every((p) => p.low <= p.seconds && p.seconds <= p.high));
  assert.deepEqual(estimate.bounds?.sourceScaling?.map((x) => x.parallelism), scaling.map((x) => x.parallelism));
  assert.ok(estimate.predictions.every((p) => (p.parallelism <= 2 ? p.limitedBy === 'measured' : p.limitedBy !== 'measured')));
  assert.ok(estimate.recommended <= 2, 'a local calibration at p ≤ 2 supports nothing above 2');
});

test('--sample 0, --sample 150% and --sample with a scenario: one line, exit 2, before anything starts', () => {
  const url = urlOf(db.pg);
  assertOneLine(cli('run', '--pg-url', url, '--sample', '0'), 2, /--sample.*'0' is invalid.*number of tables/);
  assertOneLine(cli('run', '--pg-url', url, '--sample', '150%'), 2, /--sample.*'150%' is invalid.*percentage/);
  assertOneLine(cli('run', '--pg-url', url, '--sample', '-5%'), 2, /--sample/);
  assertOneLine(cli('run', 'scenarios/smoke.yaml', '--pg-url', url, '--sample', '10%'), 2, /--sample measures a sample of an existing database's tables/);
  assertOneLine(cli('run', '--pg-url', url, '--sample', '3', '--parallelism', '1'), 2, /--sample feeds estimate, which needs parallelism 1 and at least one above it/);
});
