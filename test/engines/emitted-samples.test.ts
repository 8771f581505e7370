import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldSamplePartitions, samplesFromAccumulators } from '../../src/engines/flink-cdc/emitted-samples.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** As Flink's REST API prints a ListAccumulator<String>: `[a, b]`. */
const list = (items: string[]) => `[${items.join(', ')}]`;
const entry = (hash: bigint, row: object) => `${BigInt.asUintN(64, hash).toString(16)}:${b64(JSON.stringify(row))}`;

test('sample and schema accumulators decode to rows with their signed key hashes and the declared schema', () => {
  const schema = { schema: { type: 'struct', fields: [{ type: 'int64', optional: false, field: 'id' }] }, payload: { id: 1 } };
  const [s] = samplesFromAccumulators([
    { name: 'records:public.t', value: '3' },
    { name: 'sample:public.t', value: list([entry(-5n, { id: 1, note: 'a, b' }), entry(7n, { id: 2 })]) },
    { name: 'schema:public.t', value: list([b64(JSON.stringify(schema))]) },
  ]);
  assert.equal(s!.table, 'public.t');
  assert.deepEqual(s!.hashes, [-5n, 7n], 'Java orders longs signed: ffff…fb is -5');
  assert.deepEqual(s!.rows.map((r) => JSON.parse(r) as unknown), [{ id: 1, note: 'a, b' }, { id: 2 }]);
  assert.deepEqual(s!.schema!.fields!.map((f) => f.field), ['id']);
});

test('readers and partitions fold into the parent, which keeps the rows with the smallest hashes', () => {
  const parts = samplesFromAccumulators([
    { name: 'sample:public.p_2024', value: list([entry(3n, { id: 3 }), entry(-9n, { id: 9 })]) },
    { name: 'sample:public.p_2025', value: list([entry(1n, { id: 1 }), entry(-2n, { id: 2 }), entry(40n, { id: 40 })]) },
  ]);
  const [folded] = foldSamplePartitions(parts, new Map([['public.p_2024', 'public.p'], ['public.p_2025', 'public.p']]), 3);
  assert.equal(folded!.table, 'public.p');
  assert.deepEqual(folded!.hashes, [-9n, -2n, 1n]);
  assert.deepEqual(folded!.rows.map((r) => (JSON.parse(r) as { id: number }).id), [9, 2, 1]);
});

test('an empty list and a table without samples decode to nothing', () => {
  assert.deepEqual(samplesFromAccumulators([{ name: 'sample:public.t', value: '[]' }])[0]!.rows, []);
  assert.deepEqual(samplesFromAccumulators([{ name: 'records:public.t', value: '1' }]), []);
});
