import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namePattern, patternList, schemaList, selectTables, tablePattern, TablePatternError, type NamedTable } from '../../src/catalog/table-selection.js';

const t = (qualified: string): NamedTable => {
  const dot = qualified.indexOf('.');
  return { schema: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
};
const names = ['public.orders', 'public.order_items', 'sales.orders', 'sales.refunds', 'audit.log_2026'].map(t);
const shown = (ts: NamedTable[]) => ts.map(namePattern);

test('patterns match schema-qualified names; * stays within one part; a bare pattern means any schema', () => {
  assert.deepEqual(shown(selectTables(names, ['public.*'], []).selected), ['public.orders', 'public.order_items']);
  assert.deepEqual(shown(selectTables(names, ['orders'], []).selected), ['public.orders', 'sales.orders']);
  assert.deepEqual(shown(selectTables(names, ['*.order?'], []).selected), ['public.orders', 'sales.orders']);
  assert.equal(tablePattern('*')(t('a.b')), true, 'a bare * is every table');
  assert.equal(tablePattern('public*')(t('public_x.t')), false);
  assert.equal(tablePattern('audit.log_2026')(t('audit.logx2026')), false, '_ and . are literal');
  assert.equal(tablePattern('public.orders')(t('public.orders2')), false, 'a name is matched whole');
  assert.equal(tablePattern('public.orders')(t('public.Orders')), false, 'case-sensitive, as stored');
});

test('no --tables selects everything; --exclude removes; patterns matching nothing are reported', () => {
  assert.deepEqual(shown(selectTables(names, [], ['sales.*', 'audit.*']).selected), ['public.orders', 'public.order_items']);
  assert.deepEqual(selectTables(names, ['public.*', 'shop.*'], ['nope.*']).unmatched, ['shop.*', 'nope.*']);
  assert.deepEqual(patternList(' public.*, ,sales.orders '), ['public.*', 'sales.orders']);
  assert.deepEqual(patternList(undefined), []);
});

// The seven names of issue 17, beside ordinary ones.
const odd: NamedTable[] = [
  { schema: 'Sales.EU', name: 'Order.Items' },
  { schema: 'public', name: 'a,b' },
  { schema: 'public', name: 'Mixed Case' },
  { schema: 'public', name: 'price$|(usd)+' },
  { schema: 'public', name: 'ünïcødé_表' },
  { schema: 'public', name: 'orders' },
  { schema: 'public', name: 'orders2' },
  { schema: 'Sales', name: 'EU' },
];
const pick = (include: string[], exclude: string[] = []) => shown(selectTables(odd, include, exclude).selected);

test('a quoted part is literal: dots, commas, blanks and wildcard characters in names', () => {
  assert.deepEqual(pick(['"Sales.EU".*']), ['"Sales.EU"."Order.Items"'], 'a schema holding a dot');
  assert.deepEqual(pick(['"Sales.EU"."Order.Items"']), ['"Sales.EU"."Order.Items"']);
  assert.deepEqual(pick(patternList('public."a,b"')), ['public."a,b"'], 'the comma inside quotes does not split the list');
  assert.deepEqual(pick(patternList('public."Mixed Case",public."price$|(usd)+"')), ['public."Mixed Case"', 'public."price$|(usd)+"']);
  assert.deepEqual(pick(['public.ünïcødé_表', 'public.ünïcødé_?']), ['public.ünïcødé_表'], '? is one character (表 too)');
  assert.deepEqual(pick(['public."order*"']), [], 'a quoted * is a literal star');
  assert.deepEqual(pick(['"Mixed Case"']), ['public."Mixed Case"'], 'a bare quoted name, any schema');
  assert.deepEqual(pick(['public.orders']), ['public.orders'], 'public.orders is not public.orders2');
  assert.deepEqual(pick(['public.orders*']), ['public.orders', 'public.orders2']);
  assert.deepEqual(pick(['public.price$|(usd)+']), ['public."price$|(usd)+"'], 'unquoted, regular-expression characters are literal too');
});

test('unquoted, a pattern with several dots matches wherever a dot splits schema from table', () => {
  assert.deepEqual(pick(['Sales.EU.*']), ['"Sales.EU"."Order.Items"'], '"Sales.EU".* (there is no table Sales."EU.x")');
  assert.deepEqual(pick(['Sales.EU']), ['Sales.EU'], 'the plain table Sales.EU');
  assert.deepEqual(pick(['Sales.EU.Order.Items']), ['"Sales.EU"."Order.Items"']);
  assert.deepEqual(pick(['*.*']).length, odd.length);
  assert.deepEqual(pick(['public.*'], patternList('public."a,b","Sales.EU".*')), ['public."Mixed Case"', 'public."price$|(usd)+"', 'public.ünïcødé_表', 'public.orders', 'public.orders2']);
});

test('a pattern that cannot be read says why', () => {
  assert.throws(() => patternList('public."a,b'), TablePatternError);
  assert.throws(() => patternList('.orders'), /empty name part/);
  assert.throws(() => patternList('public.'), /empty name part/);
  assert.throws(() => patternList('public.""'), /empty quoted name/);
  assert.deepEqual(patternList('"a""b".c'), ['"a""b".c']);
  assert.equal(tablePattern('"a""b".c')({ schema: 'a"b', name: 'c' }), true, '"" is a quote inside a quoted part');
});

test('namePattern writes a name back as a pattern that selects exactly it', () => {
  for (const x of odd) assert.deepEqual(pick([namePattern(x)]), [namePattern(x)], namePattern(x));
  assert.equal(namePattern({ schema: 'a"b', name: 'c' }), '"a""b".c');
});

test('--schemas: names split at commas outside double quotes; a quoted name may hold a comma, a quote or blanks; taken as stored', () => {
  assert.deepEqual(schemaList(' public, ,app '), ['public', 'app']);
  assert.deepEqual(schemaList(undefined), []);
  assert.deepEqual(schemaList('public,"Sales,EU"'), ['public', 'Sales,EU']);
  assert.deepEqual(schemaList('"a""b", " padded ","Sales.EU",Mixed Case'), ['a"b', ' padded ', 'Sales.EU', 'Mixed Case']);
  assert.deepEqual(schemaList('"x,y,z"'), ['x,y,z']);
  assert.throws(() => schemaList('"Sales,EU'), TablePatternError, 'unterminated quote');
  assert.throws(() => schemaList('"Sales"EU'), /text after its closing quote/);
  assert.throws(() => schemaList('Sa"les'), /quote inside an unquoted name/);
  assert.throws(() => schemaList('""'), /empty quoted name/);
});
