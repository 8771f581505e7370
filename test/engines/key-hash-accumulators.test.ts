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
    // A reader that got no chunk keeps the min/max at Long.MAX_VALUE / Long.MIN_VALUE.
    { name: 'readerFirstMs:0', value: '9223372036854775807' },
    { name: 'readerLastMs:0', value: '-9223372036854775808' },
    { name: 'readerCycles:0', value: '0' },
    { name: 'records:app.t', value: '7' },
  ]);
  assert.deepEqual(readers, [{ reader: 1, spanSeconds: 2.5, cycles: 2, cycleSeconds: 2, cycleSquaredSeconds: 2.08 }]);
});
