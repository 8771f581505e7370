import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareResults } from '../../src/compare/compare-results.js';
import type { FidelityColumn } from '../../src/model/run-result.js';
import { column, connectorRun, healthyColumns, withColumn } from '../support/connector-runs.js';

const walls = [10, 10, 10];
const compare = (base: FidelityColumn[] | undefined, next: FidelityColumn[] | undefined) =>
  compareResults(
    [
      { file: 'base.json', result: connectorRun([{ version: '3.4.0', points: [{ walls }], ...(base ? { fidelity: base } : {}) }]) },
      { file: 'new.json', result: connectorRun([{ version: '3.5.0', points: [{ walls }], ...(next ? { fidelity: next } : {}) }]) },
    ],
    { maxSlowdown: 0.1 },
  );

test('the same verdicts on both versions: no finding, every type the same', () => {
  const c = compare(healthyColumns(), healthyColumns());
  assert.equal(c.verdict, 'no-regression');
  assert.ok(c.fidelity.compared);
  assert.deepEqual(c.fidelity.changes, []);
  // One row per type of the five columns, none differing.
  assert.deepEqual(c.fidelity.types.map((t) => [t.pgType, t.differs]).sort(), [['bigint', false], ['jsonb', false], ['money', false], ['numeric', false], ['text[]', false]]);
});

test('a type going exact → changed fails, with the changed value as evidence', () => {
  const c = compare(healthyColumns(), withColumn(healthyColumns(), 'public.t1', 'doc', 'changed', { source: '{"a": 1}', emitted: '"{\\"a\\":1}"' }));
  assert.equal(c.verdict, 'regression');
  assert.deepEqual(c.regressions, [{ area: 'fidelity', text: 'public.t1.doc (jsonb): exact → changed (e.g. {"a": 1} → "{\\"a\\":1}")' }]);
  assert.ok(c.fidelity.compared);
  const jsonb = c.fidelity.types.find((t) => t.pgType === 'jsonb')!;
  assert.deepEqual([jsonb.base, jsonb.next, jsonb.differs], [{ exact: 1, changed: 0, dropped: 0, 'job-failed': 0 }, { exact: 0, changed: 1, dropped: 0, 'job-failed': 0 }, true]);
  assert.equal(jsonb.nextExample?.emitted, '"{\\"a\\":1}"');
});

test('every step down the order exact < changed < dropped < job-failed is a regression', () => {
  const steps = [['changed', 'dropped'], ['dropped', 'job-failed'], ['exact', 'job-failed']] as const;
  for (const [from, to] of steps) {
    const c = compare(withColumn(healthyColumns(), 'public.t2', 'amount', from), withColumn(healthyColumns(), 'public.t2', 'amount', to));
    assert.equal(c.verdict, 'regression', `${from} → ${to}`);
    assert.match(c.regressions[0]!.text, new RegExp(`public\\.t2\\.amount \\(numeric\\): ${from} → ${to}`));
  }
});

test('changed → exact is an improvement only', () => {
  const c = compare(healthyColumns(), withColumn(healthyColumns(), 'public.t1', 'price', 'exact'));
  assert.equal(c.verdict, 'no-regression');
  assert.deepEqual(c.improvements, [{ area: 'fidelity', text: 'public.t1.price (money): changed → exact (e.g. $12.34 → 1234)' }]);
});

test('changed on both sides with a different example is a note, not a regression', () => {
  const c = compare(healthyColumns(), withColumn(healthyColumns(), 'public.t1', 'price', 'changed', { source: '$12.34', emitted: '12.34' }));
  assert.equal(c.verdict, 'no-regression');
  assert.deepEqual(c.notes, [{ area: 'fidelity', text: 'public.t1.price (money): changed on both, differently: BASE $12.34 → 1234, NEW $12.34 → 12.34' }]);
  assert.ok(c.fidelity.compared && c.fidelity.types.find((t) => t.pgType === 'money')!.differs);
});

test('the type matrix counts each version\'s columns per type and verdict', () => {
  const base = [...healthyColumns(), column('public.t2', 'price2', 'money', 'exact')];
  const next = [...withColumn(healthyColumns(), 'public.t1', 'price', 'dropped'), column('public.t2', 'price2', 'money', 'changed', { source: '$1.00', emitted: '100' })];
  const c = compare(base, next);
  assert.ok(c.fidelity.compared);
  const money = c.fidelity.types.find((t) => t.pgType === 'money')!;
  assert.deepEqual(money.base, { exact: 1, changed: 1, dropped: 0, 'job-failed': 0 });
  assert.deepEqual(money.next, { exact: 0, changed: 1, dropped: 1, 'job-failed': 0 });
  assert.deepEqual([money.baseExample?.source, money.nextExample?.source], ['$12.34', '$1.00']);
  assert.deepEqual(c.fidelity.types.map((t) => t.pgType), ['bigint', 'jsonb', 'money', 'numeric', 'text[]']);
});

test('columns sampled on one side only are counted, not judged', () => {
  const c = compare(healthyColumns(), [...healthyColumns(), column('public.t3', 'x', 'hstore', 'job-failed')]);
  assert.equal(c.verdict, 'no-regression');
  assert.ok(c.fidelity.compared);
  assert.deepEqual([c.fidelity.onlyBase, c.fidelity.onlyNew], [0, 1]);
  assert.match(c.notes[0]!.text, /columns sampled on one side only \(not compared\): 0 on BASE, 1 on NEW/);
});

test('one side without a fidelity section: fidelity was not compared, and says which', () => {
  const c = compare(healthyColumns(), undefined);
  assert.deepEqual(c.fidelity, { compared: false, reason: 'NEW (3.5.0) has no fidelity section' });
  assert.deepEqual(c.notes, [{ area: 'fidelity', text: 'not compared: NEW (3.5.0) has no fidelity section' }]);
  assert.equal(c.verdict, 'no-regression');
  assert.equal(compare(undefined, undefined).fidelity.compared, false);
});
