import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { catalogSchema, type Catalog, type CatalogColumn, type CatalogTable } from '../../../src/catalog/catalog.js';
import { scenarioFromCatalog } from '../../../src/datagen/from-catalog/emit-scenario.js';
import { generatorType } from '../../../src/datagen/from-catalog/generator-types.js';
import { planGeneration } from '../../../src/datagen/table-plan.js';
import { expandScenario } from '../../../src/scenario/expand-scenario.js';
import { parseScenarioText } from '../../../src/scenario/load-scenario.js';

const col = (name: string, type: string, extra: Partial<CatalogColumn> = {}): CatalogColumn => ({ name, type, category: 'base', nullable: true, ...extra });

function table(name: string, extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    schema: 'secret_schema',
    name,
    rows: 1000,
    rowsSource: 'statistics',
    statisticsRows: 1000,
    heapBytes: 100_000,
    toastBytes: 0,
    indexBytes: 20_000,
    avgRowBytes: 100,
    avgRowBytesSource: 'statistics',
    primaryKey: { columns: [{ name: 'secret_id', type: 'bigint' }] },
    keyShape: { shape: 'bigint-sequential' },
    replicaIdentity: 'default',
    columns: [col('secret_id', 'bigint', { nullable: false })],
    writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 },
    ...extra,
  };
}

function catalogOf(tables: CatalogTable[]): Catalog {
  return catalogSchema.parse({
    schemaVersion: 1,
    kind: 'catalog',
    createdAt: '2026-01-01T00:00:00.000Z',
    cdcSizer: 'test',
    schemas: ['secret_schema'],
    exactCounts: false,
    sampledSeconds: 10,
    server: {
      version: '18.4', versionNumber: 180004, database: 'secret_db', inRecovery: false, walLevel: 'logical', walBytesPerSecond: 0,
      maxSlotWalKeepSize: null, maxReplicationSlots: 10, maxWalSenders: 10, replicationSlotsInUse: 0, cores: null, databaseBytes: 1,
    },
    tables,
  });
}

const emit = (tables: CatalogTable[], scale = 1) => {
  const text = scenarioFromCatalog(catalogOf(tables), { scale });
  const doc = parse(text) as { tables: { name: string; rows: number; key: unknown; partitions?: unknown; columns: { name: string; type: string; width?: { min: number; max: number } }[] }[] };
  return { text, doc, plan: planGeneration(expandScenario(parseScenarioText(text, 'x.yaml'), { file: 'x.yaml' })) };
};

test('every type maps to one the generator makes, with a comment where it had to approximate', () => {
  const cases: [CatalogColumn, string, RegExp | undefined][] = [
    [col('a', 'character varying(40)'), 'varchar(40)', undefined],
    [col('a', 'character(3)'), 'char(3)', undefined],
    [col('a', 'time(3) with time zone'), 'timetz(3)', undefined],
    [col('a', 'timestamp without time zone'), 'timestamp', undefined],
    [col('a', 'bit varying(16)'), 'varbit(16)', undefined],
    [col('a', 'numeric(10,0)'), 'numeric(10)', undefined],
    [col('a', 'interval year to month'), 'interval', /field-restricted/],
    [col('a', 'macaddr8'), 'macaddr', /macaddr8 generated as macaddr/],
    [col('a', 'tsquery'), 'text', /tsquery/],
    [col('a', 'polygon'), 'point', /polygon/],
    [col('a', 'secret_base_type'), 'text', /a type the generator does not know/],
    [col('a', 'secret_enum', { category: 'enum' }), 'enum', undefined],
    [col('a', 'secret_comp', { category: 'composite' }), 'composite', undefined],
    [col('a', 'secret_dom', { category: 'domain', baseType: 'character varying(80)' }), 'domain_email', undefined],
    [col('a', 'secret_dom', { category: 'domain', baseType: 'bigint' }), 'domain', undefined],
    [col('a', 'secret_dom', { category: 'domain', baseType: 'date' }), 'date', /a domain over date/],
    [col('a', 'secret_dom', { category: 'domain', baseType: 'secret_enum' }), 'domain', /not built in/],
    [col('a', 'secret_range', { category: 'range' }), 'int4range', /user-defined range/],
    [col('a', 'datemultirange', { category: 'multirange' }), 'tstzrange', /datemultirange/],
    [col('a', 'public.citext', { category: 'extension', extension: 'citext' }), 'text', /citext \(extension citext\)/],
    [col('a', 'geometry(Point,4326)', { category: 'extension', extension: 'postgis' }), 'bytea', /geometry/],
    [col('a', 'hstore', { category: 'extension', extension: 'hstore' }), 'hstore', undefined],
    [col('a', 'secret_ext_type', { category: 'extension', extension: 'secretext' }), 'text', /a type of extension secretext/],
    [col('a', 'vector(3)', { category: 'extension', extension: 'vector' }), 'real[]', /vector/],
    [col('a', 'secret_enum[]', { category: 'array', elementType: 'secret_enum', elementCategory: 'enum', dimensions: 1 }), 'enum[]', undefined],
    [col('a', 'citext[]', { category: 'array', elementType: 'citext', elementCategory: 'extension', extension: 'citext', dimensions: 2 }), 'text[][]', /elements: citext/],
    [col('a', 'integer[]', { category: 'array', elementType: 'integer', elementCategory: 'base', dimensions: 5 }), 'integer[][][]', /5 dimensions/],
  ];
  for (const [c, type, note] of cases) {
    const got = generatorType(c);
    assert.equal(got.type, type, `${c.type} (${c.category})`);
    if (note) assert.match(got.note ?? '', note, c.type);
    else assert.equal(got.note, undefined, `${c.type}: ${got.note}`);
    assert.doesNotMatch(got.note ?? '', /secret_/, 'notes never name a user type');
  }
  const { plan } = emit([table('t', { columns: [col('secret_id', 'bigint', { nullable: false }), ...cases.map(([c], i) => ({ ...c, name: `c${i}` }))] })]);
  assert.equal(plan.tables[0]!.columns.length, cases.length, 'all of them load as one table');
});

test('keys: each shape maps to the scenario vocabulary, awkward ones with a comment', () => {
  const pk = (...cols: [string, string][]) => ({ columns: cols.map(([name, type]) => ({ name, type })) });
  const tables = [
    table('a', { keyShape: { shape: 'bigint-sparse', gap: 0.4e10 } }),
    table('b', { primaryKey: pk(['secret_id', 'uuid']), keyShape: { shape: 'uuid', version: 1 }, columns: [col('secret_id', 'uuid')] }),
    table('c', { primaryKey: pk(['secret_id', 'text']), keyShape: { shape: 'text', length: 300 }, columns: [col('secret_id', 'text')] }),
    table('d', { primaryKey: pk(['secret_id', 'text']), keyShape: { shape: 'text', length: null }, columns: [col('secret_id', 'text')] }),
    table('e', { primaryKey: pk(['secret_j', 'json'], ['secret_n', 'bigint']), keyShape: { shape: 'composite' }, columns: [] }),
    table('e2', {
      primaryKey: pk(['secret_e', 'secret_enum'], ['secret_h', 'hstore'], ['secret_d', 'secret_dom']),
      keyShape: { shape: 'composite' },
      columns: [col('secret_e', 'secret_enum', { category: 'enum' }), col('secret_h', 'hstore', { category: 'extension', extension: 'hstore' }), col('secret_d', 'secret_dom', { category: 'domain', baseType: 'text' }), col('secret_v', 'integer')],
    }),
    table('f', { primaryKey: pk(...Array.from({ length: 10 }, (_, i) => [`secret_${i}`, 'date'] as [string, string])), keyShape: { shape: 'composite' }, columns: [] }),
    table('g', { primaryKey: pk(['secret_id', 'numeric(20,0)']), keyShape: { shape: 'other' }, columns: [col('secret_id', 'numeric(20,0)'), col('secret_v', 'text')] }),
    table('h', { primaryKey: null, keyShape: { shape: 'none' }, columns: [col('secret_id', 'bigint')] }),
  ];
  const { doc, text } = emit(tables);
  const keys = doc.tables.map((t) => t.key);
  assert.deepEqual(keys, [
    { shape: 'bigint-sparse', gap: 1_000_000_000 },
    { shape: 'uuid', version: 4 },
    { shape: 'text', length: 200 },
    { shape: 'text', length: 16 },
    { shape: 'composite', leading: [{ name: 'k1', type: 'text' }] },
    { shape: 'composite', leading: [{ name: 'k1', type: 'enum' }, { name: 'k2', type: 'hstore' }, { name: 'k3', type: 'domain_email' }] },
    { shape: 'composite', leading: Array.from({ length: 8 }, (_, i) => ({ name: `k${i + 1}`, type: 'date' })) },
    { shape: 'composite', leading: [{ name: 'k1', type: 'numeric(20)' }] },
    'none',
  ]);
  assert.match(text, /uuid version 1 keys generated as v4/);
  assert.match(text, /300 characters on average generated with 200/);
  assert.match(text, /without btree ordering generated as text/);
  assert.match(text, /a key of 10 columns keeps its first 8/);
  assert.deepEqual(doc.tables[5]!.columns.map((c) => c.name), ['integer'], 'key columns are not repeated as columns');
  assert.deepEqual(doc.tables[7]!.columns.map((c) => c.name), ['text'], 'key columns are not repeated as columns');
  assert.deepEqual(doc.tables[8]!.columns.map((c) => c.name), ['bigint'], 'a key-less table keeps every column');
  assert.doesNotMatch(text, /secret/);
});

test('partitions fold into their parent: count of leaves, range only on bigint keys, list and sub-partitions noted', () => {
  const parts = (parent: string, n: number) => Array.from({ length: n }, (_, i) => table(`${parent}_p${i}`, { partitionOf: `secret_schema.${parent}` }));
  const tables = [
    table('r', { partitions: parts('r', 4).map((p) => `secret_schema.${p.name}`), partitionKey: { strategy: 'range', columns: ['secret_id'], definition: 'RANGE (secret_id)' } }),
    ...parts('r', 4),
    table('l', { partitions: ['secret_schema.l_a', 'secret_schema.l_b'], partitionKey: { strategy: 'list', columns: ['secret_id'], definition: 'LIST (secret_id)' } }),
    table('l_a', { partitionOf: 'secret_schema.l', partitions: ['secret_schema.l_a_1', 'secret_schema.l_a_2'], partitionKey: { strategy: 'hash', columns: ['secret_id'], definition: 'HASH (secret_id)' } }),
    table('l_a_1', { partitionOf: 'secret_schema.l_a' }),
    table('l_a_2', { partitionOf: 'secret_schema.l_a' }),
    table('l_b', { partitionOf: 'secret_schema.l' }),
    table('u', { primaryKey: { columns: [{ name: 'secret_id', type: 'uuid' }] }, keyShape: { shape: 'uuid', version: 7 }, partitions: parts('u', 2).map((p) => `secret_schema.${p.name}`), partitionKey: { strategy: 'range', columns: ['secret_id'], definition: 'RANGE (secret_id)' } }),
    ...parts('u', 2),
    table('one', { partitions: ['secret_schema.one_p0'], partitionKey: { strategy: 'range', columns: ['secret_id'], definition: 'RANGE (secret_id)' } }),
    table('one_p0', { partitionOf: 'secret_schema.one' }),
    table('orphan', { partitionOf: 'other_schema.parent' }),
  ];
  const { doc, text } = emit(tables);
  assert.equal(doc.tables.length, 5, 'r, l, u, one and the partition whose parent was not profiled');
  assert.deepEqual(doc.tables.map((t) => t.partitions), [{ by: 'range', count: 4 }, { by: 'hash', count: 3 }, { by: 'hash', count: 2 }, undefined, undefined]);
  assert.match(text, /list partitions generated as hash partitions/);
  assert.match(text, /sub-partitions flattened/);
  assert.match(text, /range partitions on a key that is not bigint generated as hash/);
  assert.match(text, /a partitioned table with 1 partition, generated unpartitioned/);
});

test('rows are scaled per table (at least one for a table that has rows) and widths carry TOAST', () => {
  const wide = table('w', {
    rows: 100,
    toastBytes: 400_000,
    columns: [col('secret_id', 'bigint'), col('doc', 'jsonb', { avgWidth: 18 }), col('note', 'text', { avgWidth: 30, nullFraction: 0.25 }), col('flag', 'character(2)', { avgWidth: 3 })],
  });
  const { doc } = emit([wide, table('tiny', { rows: 3 }), table('empty', { rows: 0 })], 0.01);
  assert.deepEqual(doc.tables.map((t) => t.rows), [1, 1, 0]);
  const [jsonb, text, flag] = doc.tables[0]!.columns;
  assert.equal(jsonb!.type, 'jsonb');
  assert.ok(jsonb!.width!.min > 1000 && jsonb!.width!.max < 7000, `a TOAST pointer column gets the TOAST bytes per row: ${JSON.stringify(jsonb!.width)}`);
  assert.ok(text!.width!.max < 100, `an inline column keeps its own width: ${JSON.stringify(text!.width)}`);
  assert.equal(flag!.width, undefined, 'fixed-length char has no width');
  assert.deepEqual(doc.tables[0]!.columns.map((c) => (c as unknown as { nullRatio: number }).nullRatio), [0.05, 0.25, 0.05]);
});
