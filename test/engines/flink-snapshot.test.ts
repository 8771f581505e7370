import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { loadDataset } from '../../src/datagen/load-dataset.js';
import { planGeneration, type GenerationPlan } from '../../src/datagen/table-plan.js';
import { readingSeconds, runFlinkSnapshot } from '../../src/engines/flink-cdc/flink-cdc-engine.js';
import { FlinkRest } from '../../src/engines/flink-cdc/flink-rest.js';
import { probeChunkBoundaries } from '../../src/catalog/chunk-boundaries.js';
import { describeTables, type SourceTable } from '../../src/engines/source-table.js';
import { LocalFlink, type StartedLocalFlink } from '../../src/infra/flink/local-flink.js';
import { ensureFlinkArtifacts } from '../../src/infra/flink/maven-build.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { dropLeftovers, findLeftovers } from '../../src/verify/leftovers.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let flink: StartedLocalFlink;
let rest: FlinkRest;
let jarId: string;
let plan: GenerationPlan;
let tables: SourceTable[];
/** Smoke tables Flink CDC 3.5.0 reads correctly; the others are findings with tests of their own below. */
const READABLE = ['customers', 'devices', 'documents', 'measurements', 'misc_1', 'misc_2', 'sales'];
const only = (...names: string[]) => tables.filter((t) => names.includes(t.name));
/** Chunks of 500 rows the connector cuts the readable tables into (leaf partitions apart). */
let readableChunks: number;

/**
 * The connector's splitting rule run on the data: by the key's first column, over each leaf
 * partition, cut arithmetically when the column is numeric and its keys spread evenly over the
 * statistics' row count, else walked chunk-size keys at a time (catalog/chunk-boundaries.ts).
 */
async function chunksOf(c: Client, ts: SourceTable[], chunkSize: number): Promise<number> {
  let chunks = 0;
  for (const t of ts) {
    for (const leaf of t.partitions ?? [t.name]) {
      const { rows } = await c.query<{ rows: number }>(`SELECT reltuples::bigint::int AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [t.schema, leaf]);
      assert.ok(rows[0] && rows[0].rows > 0, `${leaf} analyzed`);
      chunks += (await probeChunkBoundaries(c, { schema: t.schema, name: leaf, column: t.key[0]!, rows: rows[0].rows }, chunkSize)).chunks;
    }
  }
  return chunks;
}

before(async () => {
  pg = await startTestPostgres();
  plan = planGeneration(await loadScenario('scenarios/smoke.yaml'));
  await loadDataset(pg.server.pg, plan, { concurrency: 2, allowExisting: false });
  const c = await connectPg(pg.server.pg);
  try {
    tables = await describeTables(c, plan.tables.map((t) => t.spec), 'row_no');
    readableChunks = await chunksOf(c, only(...READABLE), 500);
  } finally {
    await c.end();
  }
  const artifacts = await ensureFlinkArtifacts();
  flink = await new LocalFlink(artifacts).withSlots(2).start();
  rest = new FlinkRest(flink.restUrl);
  jarId = await rest.uploadJar(artifacts.jobJar);
});

after(async () => {
  await flink?.release();
  await pg?.stop();
});

async function leftovers() {
  const c = await connectPg(pg.server.pg);
  return findLeftovers(c).finally(() => c.end());
}

async function clean(names: { slot: string; publication: string }) {
  const c = await connectPg(pg.server.pg);
  return dropLeftovers(c, { stems: [names.slot, names.publication] }).finally(() => c.end());
}

for (const parallelism of [1, 2]) {
  test(`Flink CDC snapshots every smoke table it can read, exactly, at p=${parallelism}`, async () => {
    const names = { slot: `cdcsizer_test_p${parallelism}`, publication: `cdcsizer_test_p${parallelism}`, jobName: `test p=${parallelism}` };
    const r = await runFlinkSnapshot(rest, jarId, pg.server.pg, only(...READABLE), { parallelism, chunkSize: 500, sourceOptions: {} }, names);
    assert.equal(r.state, 'FINISHED', r.failure);
    const expected = Object.fromEntries(plan.tables.filter((t) => READABLE.includes(t.spec.name)).map((t) => [`public.${t.spec.name}`, t.spec.rows]));
    assert.deepEqual(Object.fromEntries(r.tables.map((t) => [t.table, t.records])), expected);
    assert.ok(r.bytes > r.records * 20, 'JSON bytes counted');
    // The harness's clock runs from submitting the job to seeing it end: it covers the job's own duration.
    assert.ok(r.jobSeconds > 0 && r.wallSeconds >= r.jobSeconds - 0.01, `wall ${r.wallSeconds} s, job ${r.jobSeconds} s`);
    for (const t of r.tables) {
      const span = readingSeconds(t);
      assert.ok(span !== undefined && span >= 0 && span <= r.jobSeconds, `${t.table} read in ${span} s of a ${r.jobSeconds} s job`);
    }
    // The enumerators handed out every chunk the splitting rule makes of the data, no more.
    assert.equal(r.chunks, readableChunks);
    await clean(names);
    assert.deepEqual(await leftovers(), { slots: [], publications: [] });
  });
}

test('a job cancelled over REST mid-snapshot leaves nothing once the harness cleans up', async () => {
  const names = { slot: 'cdcsizer_test_cancel', publication: 'cdcsizer_test_cancel', jobName: 'test cancel' };
  let cancelled = false;
  const r = await runFlinkSnapshot(rest, jarId, pg.server.pg, tables, { parallelism: 2, chunkSize: 100, sourceOptions: {} }, names, { onJob: (id, job) => {
    if (!cancelled && job?.state === 'RUNNING') {
      cancelled = true;
      void rest.cancel(id);
    }
  } });
  assert.equal(r.state, 'CANCELED');
  await clean(names);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});

test('finding: Flink CDC 3.5.0 fails the whole job on a money value of -92,233,720,368,547,758.08', async () => {
  const names = { slot: 'cdcsizer_test_money', publication: 'cdcsizer_test_money', jobName: 'test money' };
  const r = await runFlinkSnapshot(rest, jarId, pg.server.pg, only('orders'), { parallelism: 1, chunkSize: 8096, sourceOptions: {} }, names);
  assert.equal(r.state, 'FAILED');
  assert.match(r.failure ?? '', /Bad value for type double : -92,233,720,368,547,758\.08/);
  await clean(names);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});

test('finding: without a primary key, 3.5.0 keeps one row per chunk (FLINK-39409), which the count check catches', async () => {
  const names = { slot: 'cdcsizer_test_nokey', publication: 'cdcsizer_test_nokey', jobName: 'test no key' };
  const r = await runFlinkSnapshot(rest, jarId, pg.server.pg, only('audit_log'), { parallelism: 1, chunkSize: 100, sourceOptions: {} }, names);
  assert.equal(r.state, 'FINISHED');
  assert.equal(r.tables[0]?.records, 12, '1,200 rows in chunks of 100');
  await clean(names);
});
