import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checksumDataset } from '../../src/datagen/checksum.js';
import { planGeneration } from '../../src/datagen/table-plan.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

test('same seed and scale give byte-identical rows at any concurrency', async () => {
  const plan = () => loadScenario('scenarios/smoke.yaml').then(planGeneration);
  const serial = await checksumDataset(await plan(), 1);
  const parallel = await checksumDataset(await plan(), 4);
  assert.deepEqual(parallel.tables, serial.tables);
  assert.equal(parallel.total, serial.total);
  assert.ok(serial.bytes > 1_000_000);
});

test('a different seed or scale gives different rows', async () => {
  const base = await loadScenario('scenarios/smoke.yaml');
  const a = await checksumDataset(planGeneration(base), 2);
  const reseeded = await checksumDataset(planGeneration({ ...base, seed: 'other' }), 2);
  const scaled = await checksumDataset(planGeneration(await loadScenario('scenarios/smoke.yaml', { scale: 0.5 })), 2);
  assert.notEqual(reseeded.total, a.total);
  assert.notEqual(scaled.total, a.total);
  assert.ok(scaled.rows < a.rows);
});
