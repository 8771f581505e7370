import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { embeddedCliState } from '../support/cli.js';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';

const { dir, cli, leftovers } = embeddedCliState('cdc-sizer-versions-');



test('smoke with Flink CDC 3.4.0 and 3.5.0 in one run: versions alternate, each gets a fidelity matrix, an unreadable table is isolated, nothing is left', async () => {
  const r = cli('run', 'scenarios/smoke.yaml', '--connector-version', '3.4.0,3.5.0', '--parallelism', '1', '--repeat', '2', '--chunk-size', '2000', '--json');
  // Exit 1 is the count check catching the key-less table (one row per chunk, FLINK-39409); anything else is wrong.
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const result: RunResult = runResultSchema.parse(JSON.parse(r.stdout));
  assert.deepEqual([...r.stderr.matchAll(/\[\d\/4\] flink-cdc (\S+) p=1/g)].map((m) => m[1]), ['3.4.0', '3.5.0', '3.4.0', '3.5.0']);
  assert.deepEqual(result.points.map((p) => p.settings.connectorVersion), ['3.4.0', '3.5.0']);
  assert.equal(result.environment.flinkCdc, '3.4.0, 3.5.0');
  assert.deepEqual(result.fidelity!.map((f) => f.connectorVersion), ['3.4.0', '3.5.0']);
  for (const f of result.fidelity!) {
    const ids = f.columns.map((c) => `${c.table}.${c.column}`);
    assert.equal(new Set(ids).size, ids.length, 'each column judged once');
    // Every table of smoke is judged or reported failed: its columns are all there.
    for (const col of ['public.customers.full_name', 'public.customers.created_at', 'public.customers.address', 'public.orders.amount']) assert.ok(ids.includes(col), `${f.connectorVersion} judged ${col}`);
    // money at its minimum (orders) and an interval out of range (events) fail the whole job in
    // both versions: those tables are isolated and their columns say so.
    assert.deepEqual(f.failedTables.map((t) => t.table).sort(), ['public.events', 'public.orders']);
    assert.match(f.failedTables.find((t) => t.table === 'public.orders')!.failure, /Bad value for type double/);
    assert.ok(f.columns.filter((c) => c.table === 'public.orders').every((c) => c.verdict === 'job-failed'));
    const text = f.columns.find((c) => c.table === 'public.customers' && c.column === 'full_name')!;
    assert.equal(text.verdict, 'exact');
    assert.ok(text.compared >= 20, `rows compared: ${text.compared}`);
    assert.ok(f.columns.some((c) => c.verdict === 'changed' && c.example), 'some value came out changed, with its example');
  }
  for (const p of result.points) {
    assert.deepEqual([...p.settings.excludedTables!].sort(), ['public.events', 'public.orders']);
    for (const s of p.samples) assert.ok(!s.tables.some((t) => t.table === 'public.orders' && t.rows > 0), 'the unreadable table was left out of the timed run');
  }
  assert.match(r.stdout + r.stderr, /cannot read public\.orders/);
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });

  const file = path.join(dir, 'result.json');
  writeFileSync(file, r.stdout);
  const compared = cli('compare', file);
  assert.ok(compared.status === 0 || compared.status === 1, compared.stderr);
  assert.match(compared.stdout, /3\.4\.0/);
  assert.match(compared.stdout, /3\.5\.0/);
});

test('an unknown connector version: one line naming the versions Maven Central serves, exit 2', () => {
  const r = cli('run', 'scenarios/smoke.yaml', '--connector-version', '3.5.0,9.9.9', '--parallelism', '1');
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines.at(-1)!, /^cdc-sizer: Flink CDC 9\.9\.9 is not on Maven Central \(flink-connector-postgres-cdc\); it serves .*3\.4\.0.*3\.5\.0/);
  assert.doesNotMatch(r.stderr, /generating|building/);
});
