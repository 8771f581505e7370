import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { planGeneration } from '../../src/datagen/table-plan.js';
import { loadScenario, parseScenarioText } from '../../src/scenario/load-scenario.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { ScenarioError } from '../../src/scenario/scenario-error.js';

/** Parses, expands and resolves types; returns the error message or 'ok'. */
function problem(yaml: string): string {
  try {
    planGeneration(expandScenario(parseScenarioText(yaml, 'bad.yaml'), { file: 'bad.yaml' }));
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `expected ScenarioError, got ${String(err)}`);
    return err.message;
  }
}

const base = (table: string) => `name: t\nseed: 1\ntables:\n${table}`;

test('every shipped scenario validates', async () => {
  for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) {
    const plan = planGeneration(await loadScenario(`scenarios/${f}`));
    assert.ok(plan.tables.length > 0, f);
  }
});

test('shipped scenarios have the sizes the product promises', async () => {
  const hundreds = await loadScenario('scenarios/hundreds-of-tables.yaml');
  assert.equal(hundreds.tables.length, 300);
  const smoke = await loadScenario('scenarios/smoke.yaml');
  assert.ok(smoke.tables.length >= 9 && smoke.tables.length <= 12);
});

test('malformed YAML names file, line and column', () => {
  assert.match(problem('name: t\nseed: [1\ntables: x'), /^bad\.yaml:\d+:\d+: invalid YAML/);
});

test('unknown type names the field and lists known types', () => {
  const msg = problem(base('  - { name: a, rows: 1, columns: [{ type: moneyy }] }'));
  assert.match(msg, /^bad\.yaml: tables\[0\]\.columns\[0\]\.type: moneyy: unknown type "moneyy"; known types: .*money/);
});

test('negative row count names its line and field', () => {
  const msg = problem(base('  - name: a\n    rows: -5'));
  assert.match(msg, /^bad\.yaml:5: tables\[0\]\.rows: /);
});

test('a key on a type that cannot be a key is refused', () => {
  const msg = problem(base('  - name: a\n    rows: 1\n    key: { shape: composite, leading: [{ name: p, type: point }] }'));
  assert.match(msg, /tables\[0\]\.key\.leading\[0\]\.type: point cannot be part of a primary key/);
});

test('misspelt keys and bad key shapes are errors, not ignored', () => {
  assert.match(problem(base('  - { name: a, rows: 1, colums: [] }')), /unknown key "colums"/);
  assert.match(problem(base('  - { name: a, rows: 1, key: serial }')), /tables\[0\]\.key: must be one of bigint-sequential/);
});

test('bad type arguments and name patterns are explained', () => {
  assert.match(problem(base('  - { name: a, rows: 1, columns: [{ type: "numeric(5,9)" }] }')), /numeric\(5,9\)/);
  assert.match(problem(base('  - { name: a, count: 3, rows: 1 }')), /needs \{i\}/);
  assert.match(problem(base('  - { name: a, rows: 1 }\n  - { name: a, rows: 2 }')), /used twice/);
  assert.match(problem(base('  - { name: a, rows: { distribution: uniform, min: 5, max: 1 } }')), /min \(5\) is larger than max \(1\)/);
  assert.match(problem(base('  - { name: a, rows: 1, key: uuid, partitions: { by: range, count: 2 } }')), /range partitions need a bigint/);
});

test('scale multiplies rows; --scale overrides the file; the hash follows', async () => {
  const one = await loadScenario('scenarios/smoke.yaml');
  const two = await loadScenario('scenarios/smoke.yaml', { scale: 2 });
  assert.equal(two.scale, 2);
  assert.equal(two.tables[0]!.rows, one.tables[0]!.rows * 2);
  assert.equal(two.tables.length, one.tables.length);
  assert.notEqual(one.hash, two.hash);
  assert.equal((await loadScenario('scenarios/smoke.yaml')).hash, one.hash);
});

test('hundreds of tables from one group, with a weighted column mix', () => {
  const plan = expandScenario(parseScenarioText(base('  - name: t_{i:3}\n    count: 300\n    rows: { distribution: zipf, exponent: 1, total: 30000 }\n    mix: { columns: 5, types: { integer: 1, text: 1 } }'), 'x'), {});
  assert.equal(plan.tables.length, 300);
  assert.equal(plan.tables[0]!.name, 't_001');
  assert.equal(plan.tables[0]!.columns.length, 5);
});
