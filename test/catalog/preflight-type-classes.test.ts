import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyColumn, numericPrecision } from '../../src/catalog/preflight/type-classes.js';

const base = (typname: string, typmod = -1) => ({ typname, typtype: 'b', category: 'N', typmod });
// numeric(p,s) stores ((p << 16) | s) + 4 in atttypmod.
const numericMod = (p: number, s: number) => ((p << 16) | s) + 4;

test('numeric: unbounded and above 38 digits are flagged, 38 and below are not', () => {
  assert.equal(numericPrecision(numericMod(12, 2)), 12);
  assert.equal(numericPrecision(-1), undefined);
  assert.equal(classifyColumn(base('numeric'))?.id, 'numeric');
  assert.equal(classifyColumn(base('numeric', numericMod(50, 2)))?.id, 'numeric');
  assert.equal(classifyColumn(base('numeric', numericMod(38, 10))), undefined);
});

test('families by typtype, category and name', () => {
  assert.equal(classifyColumn({ typname: '_int4', typtype: 'b', category: 'A', typmod: -1, elem: 'int4' })?.id, 'array');
  assert.equal(classifyColumn({ typname: 'mood', typtype: 'e', category: 'E', typmod: -1 })?.id, 'enum');
  assert.equal(classifyColumn({ typname: 'address', typtype: 'c', category: 'C', typmod: -1 })?.id, 'composite');
  assert.equal(classifyColumn({ typname: 'positive_int', typtype: 'd', category: 'N', typmod: -1 })?.id, 'domain');
  assert.equal(classifyColumn({ typname: 'int4range', typtype: 'r', category: 'R', typmod: -1 })?.id, 'range');
  assert.equal(classifyColumn({ typname: 'int4multirange', typtype: 'm', category: 'R', typmod: -1 })?.id, 'range');
  for (const t of ['money', 'hstore', 'interval', 'timetz', 'xml', 'tsvector', 'timestamptz']) assert.equal(classifyColumn(base(t))?.id, t);
  assert.equal(classifyColumn(base('varbit'))?.id, 'bit');
  assert.equal(classifyColumn(base('bit'))?.id, 'bit');
  for (const t of ['int8', 'text', 'timestamp', 'jsonb', 'uuid', 'bool']) assert.equal(classifyColumn(base(t)), undefined, t);
  assert.equal(classifyColumn({ typname: 'point', typtype: 'b', category: 'G', typmod: -1 }), undefined, 'point has a typelem but is no array');
});

test('severities: money and interval warn, xml informs', () => {
  assert.equal(classifyColumn(base('money'))?.severity, 'warning');
  assert.equal(classifyColumn(base('interval'))?.severity, 'warning');
  assert.equal(classifyColumn(base('xml'))?.severity, 'info');
});
