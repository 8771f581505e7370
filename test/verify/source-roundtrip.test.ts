import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadDataset } from '../../src/datagen/load-dataset.js';
import { PoolBank } from '../../src/datagen/pool-bank.js';
import { TableGenerator } from '../../src/datagen/table-generator.js';
import { planGeneration, type GenerationPlan } from '../../src/datagen/table-plan.js';
import { PINNED_SESSION_SETTINGS } from '../../src/datagen/types/type-family.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { checkSourceValues } from '../../src/verify/source-values.js';
import { startTestPostgres } from '../support/embedded.js';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
const tailTables: string[] = [];
before(async () => {
  pg = await startTestPostgres();
});
after(async () => {
  await pg?.stop();
});

/** Loads a scenario, then reads every value back and compares it with the canonical text. */
async function roundTrip(file: string): Promise<GenerationPlan> {
  const plan = planGeneration(await loadScenario(file));
  const loaded = await loadDataset(pg.server.pg, plan, { concurrency: 3, allowExisting: true });
  assert.equal(loaded.rows, plan.tables.reduce((a, t) => a + t.spec.rows, 0));
  const client = await connectPg(pg.server.pg, { rawText: true, settings: { ...PINNED_SESSION_SETTINGS, search_path: 'public' } });
  try {
    const bank = new PoolBank(plan.scenario.seed, plan.scenario.poolSize);
    const mismatches = [];
    for (const table of plan.tables) {
      const gen = new TableGenerator(table, plan.scenario.seed, bank);
      if (gen.usesRowTails) tailTables.push(table.spec.name);
      const check = await checkSourceValues(client, gen);
      assert.equal(check.actualRows, table.spec.rows, `${table.spec.name}: row count`);
      assert.equal(check.unexpectedKeys, 0, `${table.spec.name}: keys the generator did not make`);
      assert.equal(check.checkedValues, table.spec.rows * gen.columnNames.length, `${table.spec.name}: every value of every row compared`);
      mismatches.push(...check.mismatches);
    }
    assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} values differ from their canonical text`);
  } finally {
    await client.end();
  }
  return plan;
}

test('smoke: every generated value round-trips and counts match the scenario', async () => {
  const plan = await roundTrip('scenarios/smoke.yaml');
  assert.ok(plan.tables.length >= 10);
});

test('tricky-types: every value of every type family round-trips, edges included', async () => {
  const plan = await roundTrip('scenarios/tricky-types.yaml');
  const families = new Set(plan.tables.flatMap((t) => t.columns.map((c) => c.type.family)));
  for (const f of ['integer', 'numeric', 'float', 'money', 'boolean', 'text', 'bytea', 'uuid', 'date', 'time', 'timestamp', 'interval', 'json', 'array', 'network', 'enum', 'composite', 'domain', 'hstore', 'bit', 'tsvector', 'point', 'range', 'xml']) {
    assert.ok(families.has(f), `tricky-types covers ${f}`);
  }
});

test('pk-pathologies: big tables built from row tails round-trip too, every key shape included', async () => {
  const plan = await roundTrip('scenarios/pk-pathologies.yaml');
  assert.deepEqual(new Set(plan.tables.map((t) => t.spec.key.shape)), new Set(['uuid', 'bigint-sparse', 'text', 'composite', 'none']));
  assert.ok(plan.tables.every((t) => tailTables.includes(t.spec.name)), 'the 50,000-row tables use row tails');
});
