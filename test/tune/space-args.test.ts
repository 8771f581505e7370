import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/commands/usage-error.js';
import { parseSpace } from '../../src/tune/space-args.js';

test('--space replaces a dimension or adds one', () => {
  const s = parseSpace(['chunk-size=4096|50000', 'debezium.max.batch.size=default|8192'], [2], false);
  assert.deepEqual(s.find((d) => d.name === 'chunk-size')!.values, ['4096', '50000']);
  assert.deepEqual(s.find((d) => d.name === 'debezium.max.batch.size')!.values, ['default', '8192']);
});

test('bad --space input is one line each', () => {
  const bad: [string, RegExp][] = [
    ['scan.made.up=1|2', /unknown option "scan\.made\.up"/],
    ['chunk-size=big', /whole numbers/],
    ['nonsense', /needs name=value/],
    ['parallelism=1|2', /--parallelism/],
    ['scan.incremental.snapshot.backfill.skip=false|true', /--allow-at-least-once/],
    ['slot.name=a|b', /slot/],
    ['jobs=3', /none of 3 divides --parallelism 2/],
  ];
  for (const [arg, message] of bad) {
    assert.throws(() => parseSpace([arg], [2], false), (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n'), arg);
  }
});
