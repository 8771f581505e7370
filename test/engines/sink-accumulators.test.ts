import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinkCountsFromAccumulators } from '../../src/engines/flink-cdc/sink-accumulators.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

test('rows, refusals with their sample hashes and messages, commit times; partitions fold into their parent', () => {
  const acc = [
    { name: 'sinkRows:public.t', value: '98' },
    { name: 'sinkRejected:public.t', value: '2' },
    { name: 'sinkError:public.t', value: `[${'ff'.padStart(16, 'f')}:${b64("Incorrect datetime value: '+294247-01-10' for column `d`.`public.t`.`at`")}, 1a:${b64('Out of range value, for column "n"')}]` },
    { name: 'sinkRows:public.p_2024', value: '10' },
    { name: 'sinkRows:public.p_2025', value: '5' },
    { name: 'sinkRejected:public.p_2025', value: '0' },
    { name: 'sinkLastCommitMs', value: '1700000005000' },
    { name: 'sinkFlushMs', value: '420' },
    { name: 'records:public.t', value: '100' },
  ];
  const counts = sinkCountsFromAccumulators(acc, new Map([['public.p_2024', 'public.p'], ['public.p_2025', 'public.p']]))!;
  assert.equal(counts.lastCommitMs, 1700000005000);
  assert.equal(counts.flushMillis, 420);
  assert.deepEqual(counts.tables.map((t) => [t.table, t.rows, t.rejected]), [['public.p', 15, 0], ['public.t', 98, 2]]);
  const t = counts.tables[1]!;
  assert.equal(t.rejections.get(-1n), "Incorrect datetime value: '+294247-01-10' for column `d`.`public.t`.`at`", 'the hash is a signed 64-bit value, as Java prints it in hex');
  assert.equal(t.rejections.get(26n), 'Out of range value, for column "n"');
  assert.equal(t.error, "Incorrect datetime value: '+294247-01-10' for column `d`.`public.t`.`at`");
});

test('a job without a database sink has no sink counts; an unset min/max accumulator is no time', () => {
  assert.equal(sinkCountsFromAccumulators([{ name: 'records:public.t', value: '1' }]), undefined);
  const counts = sinkCountsFromAccumulators([{ name: 'sinkRows:public.t', value: '0' }, { name: 'sinkLastCommitMs', value: '-9223372036854775808' }])!;
  assert.equal(counts.lastCommitMs, undefined);
});
