import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinkTableArgument, sinkTableNames } from '../../src/sink/sink-table-names.js';

const odd = [
  { schema: 'public', name: 'orders' },
  { schema: 'archive', name: 'orders' },
  { schema: 'Sales EU', name: 'Order "Items"' },
  { schema: 'public', name: 'Ünïcödé tåble' },
  { schema: 'public', name: 'MixedCase' },
  { schema: 'PUBLIC', name: 'mixedcase' },
];

test('PostgreSQL keeps schema and name as they are', () => {
  assert.deepEqual(sinkTableNames('postgres', odd), odd.map((t) => ({ schema: t.schema, name: t.name })));
});

test('MySQL: schema.table as one name; same-name tables of two schemas stay apart; names equal but for case get a hash', () => {
  const names = sinkTableNames('mysql', odd).map((n) => n.name);
  assert.equal(names[0], 'public.orders');
  assert.equal(names[1], 'archive.orders');
  assert.equal(names[2], 'Sales EU.Order "Items"');
  assert.equal(names[3], 'public.Ünïcödé tåble');
  assert.match(names[4]!, /^public\.MixedCase_[0-9a-f]{8}$/);
  assert.match(names[5]!, /^PUBLIC\.mixedcase_[0-9a-f]{8}$/);
  assert.notEqual(names[4]!.toLowerCase(), names[5]!.toLowerCase());
  assert.equal(new Set(names).size, names.length);
});

test('MySQL: a name over 64 characters is cut with a hash; the hash tells apart names with the same first 55', () => {
  const long = 'x'.repeat(70);
  const [a, b] = sinkTableNames('mysql', [{ schema: 's', name: `${long}1` }, { schema: 's', name: `${long}2` }]).map((n) => n.name);
  assert.ok([...a!].length <= 64 && [...b!].length <= 64);
  assert.notEqual(a, b);
});

test('StarRocks: ASCII letters, digits and _ only, starting with a letter; a changed name gets a hash', () => {
  const names = sinkTableNames('starrocks', [{ schema: 'public', name: 'plain_t1' }, ...odd]).map((n) => n.name);
  assert.equal(names[0], 'public__plain_t1');
  for (const n of names) assert.match(n, /^[A-Za-z][A-Za-z0-9_]*$/);
  assert.match(names[3]!, /^Sales_EU__Order__Items__[0-9a-f]{8}$/);
  assert.equal(new Set(names).size, names.length);
});

test('the job argument quotes as SQL does', () => {
  assert.equal(sinkTableArgument({ name: 'Sales EU.Order "Items"' }), '"Sales EU.Order ""Items"""');
  assert.equal(sinkTableArgument({ schema: 'a"b', name: 'c' }), '"a""b"."c"');
});
