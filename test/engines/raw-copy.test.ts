import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadDataset } from '../../src/datagen/load-dataset.js';
import { planGeneration, type GenerationPlan } from '../../src/datagen/table-plan.js';
import { runRawCopy } from '../../src/engines/raw-copy/raw-copy-engine.js';
import { describeTables } from '../../src/engines/source-table.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let plan: GenerationPlan;
before(async () => {
  pg = await startTestPostgres();
  plan = planGeneration(await loadScenario('scenarios/pk-pathologies.yaml', { scale: 0.2 }));
  await loadDataset(pg.server.pg, plan, { concurrency: 2, allowExisting: false });
});
after(async () => {
  await pg?.stop();
});

async function tables() {
  const c = await connectPg(pg.server.pg);
  try {
    return await describeTables(c, plan.tables.map((t) => t.spec), 'row_no');
  } finally {
    await c.end();
  }
}

test('the catalog gives each table its key, composite ones in key order', async () => {
  const byName = new Map((await tables()).map((t) => [t.name, t.key]));
  assert.deepEqual(byName.get('pk_uuid_random'), [{ name: 'id', type: 'uuid' }]);
  assert.deepEqual(byName.get('pk_composite_region_day'), [{ name: 'region', type: 'character varying(20)' }, { name: 'day', type: 'date' }, { name: 'seq', type: 'bigint' }]);
  assert.deepEqual(byName.get('pk_none'), [{ name: 'row_no', type: 'bigint' }]);
});

for (const parallelism of [1, 3]) {
  test(`raw-copy at p=${parallelism} reads every row once, in chunks of the chunk size, for every key shape`, async () => {
    const result = await runRawCopy(pg.server.pg, await tables(), { parallelism, chunkSize: 1000 });
    for (const t of plan.tables) {
      const read = result.tables.find((r) => r.table === `public.${t.spec.name}`);
      assert.equal(read?.rows, t.spec.rows, `${t.spec.name} rows`);
      assert.equal(read?.chunks, Math.floor(t.spec.rows / 1000) + 1, `${t.spec.name} chunks`);
    }
    assert.equal(result.rows, plan.tables.reduce((a, t) => a + t.spec.rows, 0));
    assert.equal(result.chunkMillis.length, result.tables.reduce((a, t) => a + t.chunks, 0));
    assert.ok(result.bytes > result.rows * 10);
    assert.ok(result.splitSeconds > 0 && result.readSeconds > 0 && result.wallSeconds >= result.readSeconds);
  });
}
