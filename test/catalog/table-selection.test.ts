import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp, patternList, selectTables } from '../../src/catalog/table-selection.js';

const names = ['public.orders', 'public.order_items', 'sales.orders', 'sales.refunds', 'audit.log_2026'];

test('patterns match schema-qualified names; * stays within one part; a bare pattern means any schema', () => {
  assert.deepEqual(selectTables(names, ['public.*'], []).selected, ['public.orders', 'public.order_items']);
  assert.deepEqual(selectTables(names, ['orders'], []).selected, ['public.orders', 'sales.orders']);
  assert.deepEqual(selectTables(names, ['*.order?'], []).selected, ['public.orders', 'sales.orders']);
  assert.equal(globToRegExp('*').test('a.b'), true, 'a bare * is every table');
  assert.equal(globToRegExp('public*').test('public_x.t'), false);
  assert.equal(globToRegExp('audit.log_2026').test('audit.logx2026'), false, '_ and . are literal');
});

test('no --tables selects everything; --exclude removes; patterns matching nothing are reported', () => {
  assert.deepEqual(selectTables(names, [], ['sales.*', 'audit.*']).selected, ['public.orders', 'public.order_items']);
  assert.deepEqual(selectTables(names, ['public.*', 'shop.*'], ['nope.*']).unmatched, ['shop.*', 'nope.*']);
  assert.deepEqual(patternList(' public.*, ,sales.orders '), ['public.*', 'sales.orders']);
  assert.deepEqual(patternList(undefined), []);
});
