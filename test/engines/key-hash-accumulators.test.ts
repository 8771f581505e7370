import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countsFromAccumulators, foldPartitions, readersFromAccumulators } from '../../src/engines/flink-cdc/flink-cdc-engine.js';

test('keyHash accumulators are signed Java longs read as unsigned 64-bit sums, without losing digits', () => {
  const counts = countsFromAccumulators([
    { name: 'records:app.t', value: '2' },
    { name: 'keyHash:app.t', value: '-1' },
    { name: 'keyHash:app.u', value: '9007199254740993' },
  ]);
  assert.equal(counts.find((c) => c.table === 'app.t')!.keyHash, 2n ** 64n - 1n);
  assert.equal(counts.find((c) => c.table === 'app.u')!.keyHash, 9007199254740993n);
  assert.equal(counts.find((c) => c.table === 'app.t')!.records, 2);
});

test('partitions fold into their parent: counts add up, key hash sums add up mod 2^64', () => {
  const folded = foldPartitions(
    [
      { table: 'app.orders_eu', records: 1, bytes: 10, keyHash: 2n ** 64n - 1n },
      { table: 'app.orders_us', records: 2, bytes: 20, keyHash: 5n },
    ],
    [{ schema: 'app', name: 'orders', key: [], partitions: ['orders_eu', 'orders_us'] }],
  );
  assert.deepEqual(folded, [{ table: 'app.orders', records: 3, bytes: 30, keyHash: 4n }]);
});

test('reader accumulators: one row per reader that read a record, spans and cycles in seconds', () => {
  const readers = readersFromAccumulators([
    { name: 'readerFirstMs:1', value: '1000' },
    { name: 'readerLastMs:1', value: '3500' },
    { name: 'readerCycles:1', value: '2' },
    { name: 'readerCycleMs:1', value: '2000' },
    { name: 'readerCycleSqMs:1', value: '2080000' },
    { name: 'readerEarlyCycles:1', value: '2' },
    { name: 'readerEarlyCycleMs:1', value: '2000' },
    { name: 'readerFirstMs:2', value: '1000' },
    { name: 'readerLastMs:2', value: '1500' },
    // A jar built before the sink counted a reader's first cycles apart: none, not 0.
    { name: 'readerCycles:2', value: '0' },
    // One of the pair alone is no count: absent, not a sum of 0 s.
    { name: 'readerFirstMs:3', value: '1000' },
    { name: 'readerLastMs:3', value: '2000' },
    { name: 'readerCycles:3', value: '1' },
    { name: 'readerCycleMs:3', value: '900' },
    { name: 'readerEarlyCycles:3', value: '1' },
    // A reader that got no chunk keeps the min/max at Long.MAX_VALUE / Long.MIN_VALUE.
    { name: 'readerFirstMs:0', value: '9223372036854775807' },
    { name: 'readerLastMs:0', value: '-9223372036854775808' },
    { name: 'readerCycles:0', value: '0' },
    { name: 'records:app.t', value: '7' },
  ]);
  assert.deepEqual(readers, [
    { reader: 1, spanSeconds: 2.5, cycles: 2, cycleSeconds: 2, cycleSquaredSeconds: 2.08, earlyCycles: 2, earlyCycleSeconds: 2 },
    { reader: 2, spanSeconds: 0.5, cycles: 0, cycleSeconds: 0, cycleSquaredSeconds: 0 },
    { reader: 3, spanSeconds: 1, cycles: 1, cycleSeconds: 0.9, cycleSquaredSeconds: 0 },
  ]);
});

test('per-table cycle accumulators: cycles and their length in seconds, 0 for a table read without a pause ending on it, apart from the readers\'', () => {
  const counts = countsFromAccumulators([
    { name: 'records:app.wide', value: '40' },
    { name: 'cycles:app.wide', value: '3' },
    { name: 'cycleMs:app.wide', value: '7380' },
    { name: 'records:app.narrow', value: '5' },
    { name: 'cycles:app.narrow', value: '0' },
    { name: 'cycleMs:app.narrow', value: '0' },
    // A job built before the sink counted them: no cycles, not 0 cycles.
    { name: 'records:app.old', value: '9' },
    // The readers' own cycles are not a table's.
    { name: 'readerCycles:0', value: '3' },
    { name: 'readerCycleMs:0', value: '7380' },
  ]);
  const by = new Map(counts.map((c) => [c.table, c]));
  assert.deepEqual([by.get('app.wide')!.cycles, by.get('app.wide')!.cycleSeconds], [3, 7.38]);
  assert.deepEqual([by.get('app.narrow')!.cycles, by.get('app.narrow')!.cycleSeconds], [0, 0]);
  assert.equal('cycles' in by.get('app.old')!, false);
  assert.deepEqual([...by.keys()], ['app.narrow', 'app.old', 'app.wide']);
});

test('partitions fold their cycles into their parent', () => {
  const folded = foldPartitions(
    [
      { table: 'app.orders_eu', records: 1, bytes: 10, cycles: 2, cycleSeconds: 2.5 },
      { table: 'app.orders_us', records: 2, bytes: 20, cycles: 1, cycleSeconds: 1.25 },
    ],
    [{ schema: 'app', name: 'orders', key: [], partitions: ['orders_eu', 'orders_us'] }],
  );
  assert.deepEqual(folded, [{ table: 'app.orders', records: 3, bytes: 30, cycles: 3, cycleSeconds: 3.75 }]);
});
