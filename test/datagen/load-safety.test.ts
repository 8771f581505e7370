import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UnsafeTargetError } from '../../src/datagen/generate-error.js';
import { loadDataset } from '../../src/datagen/load-dataset.js';
import { planGeneration } from '../../src/datagen/table-plan.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { parseScenarioText } from '../../src/scenario/load-scenario.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
before(async () => {
  pg = await startTestPostgres();
});
after(async () => {
  await pg?.stop();
});

const tiny = (tableName: string) =>
  planGeneration(expandScenario(parseScenarioText(`name: tiny\nseed: 1\ntables:\n  - { name: ${tableName}, rows: 100, columns: [{ type: text }, { type: enum }] }\n  - { name: part, rows: 50, partitions: { by: hash, count: 2 } }`, 't.yaml'), {}));

async function query(sql: string): Promise<unknown[]> {
  const c = await connectPg(pg.server.pg);
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

test('generate refuses a database holding tables it did not create, and drops nothing of theirs', async () => {
  await query('CREATE TABLE customer_data (id int PRIMARY KEY, secret text)');
  await query("INSERT INTO customer_data VALUES (1, 'keep me')");
  await assert.rejects(loadDataset(pg.server.pg, tiny('tiny_a'), { concurrency: 2, allowExisting: false }), (err: unknown) => {
    assert.ok(err instanceof UnsafeTargetError);
    assert.match(err.message, /1 table cdc-sizer did not create \(public\.customer_data\).*--allow-existing/);
    return true;
  });
  assert.deepEqual(await query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'tiny_a'"), [{ n: 0 }]);

  await loadDataset(pg.server.pg, tiny('tiny_a'), { concurrency: 2, allowExisting: true });
  assert.deepEqual(await query('SELECT secret FROM customer_data'), [{ secret: 'keep me' }]);
  assert.deepEqual(await query('SELECT count(*)::int AS n FROM tiny_a'), [{ n: 100 }]);
});

test('regenerating replaces only its own tables; a name clash with a foreign table is refused', async () => {
  await loadDataset(pg.server.pg, tiny('tiny_a'), { concurrency: 1, allowExisting: true });
  assert.deepEqual(await query('SELECT count(*)::int AS n FROM tiny_a'), [{ n: 100 }]);
  assert.deepEqual(await query('SELECT count(*)::int AS n FROM part'), [{ n: 50 }]);
  await assert.rejects(loadDataset(pg.server.pg, tiny('customer_data'), { concurrency: 1, allowExisting: true }), /customer_data exists and was not created by cdc-sizer/);
  assert.deepEqual(await query('SELECT secret FROM customer_data'), [{ secret: 'keep me' }]);
});

test('a type of the same name that is not ours is refused', async () => {
  await query('DROP TABLE tiny_a');
  await query('DROP TYPE cdcsizer_mood');
  await query("CREATE TYPE cdcsizer_mood AS ENUM ('mine')");
  await assert.rejects(loadDataset(pg.server.pg, tiny('tiny_b'), { concurrency: 1, allowExisting: true }), /type public\.cdcsizer_mood exists and was not created by cdc-sizer/);
});
