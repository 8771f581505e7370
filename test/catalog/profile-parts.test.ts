import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogTable } from '../../src/catalog/catalog.js';
import { categoryOf } from '../../src/catalog/profile/columns.js';
import { integerShape } from '../../src/catalog/profile/keys.js';
import { forEachParentBottomUp, sumSizes, sumWrites } from '../../src/catalog/profile/partitions.js';
import { averageRow } from '../../src/catalog/profile/profile.js';
import { settingBytes } from '../../src/catalog/profile/server-facts.js';
import { statisticsRows } from '../../src/catalog/profile/table-sizes.js';
import { activityBetween, lsnBytes } from '../../src/catalog/profile/write-activity.js';

test('settings in units become bytes; -1 and absent settings are unlimited (null)', () => {
  assert.equal(settingBytes('1024', 'MB'), 1024 ** 3);
  assert.equal(settingBytes('16', '8kB'), 16 * 8 * 1024);
  assert.equal(settingBytes('-1', 'MB'), null);
  assert.equal(settingBytes(null, null), null);
});

test('LSNs and rates between two readings', () => {
  assert.equal(lsnBytes('0/16B3748'), 0x16b3748n);
  assert.equal(lsnBytes('1/0'), 1n << 32n);
  const first = { at: 100, wal: lsnBytes('0/1000'), tables: new Map([[1, { inserts: 10, updates: 5, deletes: 0 }], [2, { inserts: 50, updates: 0, deletes: 0 }]]) };
  const second = { at: 102, wal: lsnBytes('0/3000'), tables: new Map([[1, { inserts: 30, updates: 9, deletes: 2 }], [2, { inserts: 3, updates: 0, deletes: 0 }], [3, { inserts: 7, updates: 0, deletes: 0 }]]) };
  const a = activityBetween(first, second);
  assert.equal(a.seconds, 2);
  assert.equal(a.walBytesPerSecond, 0x2000 / 2);
  assert.deepEqual(a.writes.get(1), { insertsPerSecond: 10, updatesPerSecond: 2, deletesPerSecond: 1 });
  assert.deepEqual(a.writes.get(2), { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 }, 'a reset counter gives 0, not a negative rate');
  assert.deepEqual(a.writes.get(3), { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 }, 'a table first seen in the second reading');
  assert.equal(activityBetween({ ...first, wal: null }, second).walBytesPerSecond, 0);
});

test('statistics rows: -1 and pre-14 "never analyzed" are unknown', () => {
  const rel = { oid: 1, schema: 's', name: 't', partitioned: false, parentOid: null, replicaIdentity: 'default' as const };
  assert.equal(statisticsRows({ ...rel, reltuples: -1, relpages: 0 }, 8192), null);
  assert.equal(statisticsRows({ ...rel, reltuples: 0, relpages: 0 }, 8192), null);
  assert.equal(statisticsRows({ ...rel, reltuples: 0, relpages: 0 }, 0), 0);
  assert.equal(statisticsRows({ ...rel, reltuples: 1234.6, relpages: 10 }, 81920), 1235);
});

test('integer keys: sparse when keys are more than 1.5 apart on average', () => {
  assert.deepEqual(integerShape(1000, 1000), { shape: 'bigint-sequential' });
  assert.deepEqual(integerShape(1400, 1000), { shape: 'bigint-sequential' });
  assert.deepEqual(integerShape(100_000, 1000), { shape: 'bigint-sparse', gap: 100 });
  assert.deepEqual(integerShape(undefined, 1000), { shape: 'bigint-sequential' }, 'empty or unreadable');
  assert.deepEqual(integerShape(5, 1), { shape: 'bigint-sequential' });
});

test('type categories: typtype first (domains copy their base type\'s category), then arrays, then extensions', () => {
  assert.equal(categoryOf('d', 'A', null), 'domain');
  assert.equal(categoryOf('b', 'A', null), 'array');
  assert.equal(categoryOf('b', 'U', 'hstore'), 'extension');
  assert.equal(categoryOf('b', 'N', null), 'base');
  assert.equal(categoryOf('e', 'E', null), 'enum');
  assert.equal(categoryOf('c', 'C', null), 'composite');
  assert.equal(categoryOf('r', 'R', null), 'range');
  assert.equal(categoryOf('m', 'R', null), 'multirange');
});

test('average row: statistics when every column has them, else heap per row, else unknown', () => {
  const c = (avgWidth?: number) => ({ name: 'c', type: 'text', category: 'base' as const, nullable: true, ...(avgWidth === undefined ? {} : { avgWidth }) });
  assert.deepEqual(averageRow({ columns: [c(8), c(30)], rows: 10, heapBytes: 8192 }), { avgRowBytes: 38, avgRowBytesSource: 'statistics' });
  assert.deepEqual(averageRow({ columns: [c(8), c()], rows: 10, heapBytes: 8192 }), { avgRowBytes: 819, avgRowBytesSource: 'heap' });
  assert.deepEqual(averageRow({ columns: [c()], rows: 0, heapBytes: 0 }), { avgRowBytes: 0, avgRowBytesSource: 'unknown' });
});

test('parents sum their partitions bottom-up, through sub-partitions', () => {
  const t = (name: string, extra: Partial<CatalogTable>): CatalogTable => ({
    schema: 's', name, rows: 0, rowsSource: 'statistics', statisticsRows: 0, heapBytes: 0, toastBytes: 0, indexBytes: 0, avgRowBytes: 0, avgRowBytesSource: 'unknown',
    primaryKey: null, keyShape: { shape: 'none' }, replicaIdentity: 'default', columns: [], writes: { insertsPerSecond: 0, updatesPerSecond: 0, deletesPerSecond: 0 }, ...extra,
  });
  const leaf = (name: string, rows: number, exact?: number) => t(name, { rows, statisticsRows: rows, heapBytes: rows * 10, ...(exact === undefined ? {} : { exactRows: exact, rowsSource: 'exact' }), writes: { insertsPerSecond: 1, updatesPerSecond: 2, deletesPerSecond: 3 } });
  const tables = [
    t('top', { partitions: ['s.mid', 's.c'] }),
    t('mid', { partitions: ['s.a', 's.b'], partitionOf: 's.top' }),
    { ...leaf('a', 10), partitionOf: 's.mid' },
    { ...leaf('b', 20), partitionOf: 's.mid' },
    { ...leaf('c', 30), partitionOf: 's.top', rowsSource: 'planner' as const, statisticsRows: null },
  ];
  const order: string[] = [];
  forEachParentBottomUp(tables, (parent, children) => {
    order.push(parent.name);
    Object.assign(parent, sumSizes(children));
    parent.writes = sumWrites(children);
  });
  assert.deepEqual(order, ['mid', 'top']);
  const [top, mid] = tables;
  assert.deepEqual([mid!.rows, mid!.heapBytes, mid!.statisticsRows, mid!.rowsSource], [30, 300, 30, 'statistics']);
  assert.deepEqual([top!.rows, top!.heapBytes, top!.statisticsRows, top!.rowsSource], [60, 600, null, 'planner']);
  assert.deepEqual(top!.writes, { insertsPerSecond: 3, updatesPerSecond: 6, deletesPerSecond: 9 });
  assert.deepEqual(sumSizes([leaf('x', 1, 1), leaf('y', 2, 2)]).exactRows, 3);
  assert.equal(sumSizes([leaf('x', 1, 1), leaf('y', 2)]).exactRows, undefined, 'exact only when every partition was counted');
});
