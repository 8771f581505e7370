import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptionList, parseOptionSet, runOptionSets } from '../../src/commands/option-set-args.js';
import { UsageError } from '../../src/commands/usage-error.js';
import { RESERVED_OPTIONS } from '../../src/engines/flink-cdc/reserved-options.js';

const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

test('k=v,k=v: keys and values trimmed, empty items skipped, absent is the defaults', () => {
  assert.deepEqual(parseOptionSet(' a = 1 ,, b=2,', '--option-set'), { a: '1', b: '2' });
  assert.deepEqual(parseOptionSet(undefined, '--source-options'), {});
  assert.deepEqual(parseOptionSet('a=', '--option-set'), { a: '' });
  assert.deepEqual(parseOptionSet('a=x=y', '--option-set'), { a: 'x=y' });
});

test('a --source-option value may hold commas; it is one option', () => {
  assert.deepEqual(parseOptionList(['debezium.x=a,b', 'c=d'], '--source-option'), { 'debezium.x': 'a,b', c: 'd' });
});

test('an item without a key, or a key given twice with two values, is bad input naming the flag', () => {
  assert.throws(() => parseOptionSet('a=1,b', '--option-set'), usage(/^--option-set needs k=v,k=v, got "b"$/));
  assert.throws(() => parseOptionSet('=1', '--source-options'), usage(/^--source-options needs k=v,k=v, got "=1"$/));
  assert.throws(() => parseOptionList(['x'], '--source-option'), usage(/^--source-option needs key=value, got "x"$/));
  assert.throws(() => parseOptionSet('a=1,a=2', '--option-set'), usage(/gives a twice \(1 and 2\)/));
  assert.deepEqual(parseOptionSet('a=1,a=1', '--option-set'), { a: '1' });
});

test('run: the defaults plus every --source-option, then each --option-set on top; a set given twice is measured once', () => {
  assert.deepEqual(runOptionSets([], []), [{}]);
  assert.deepEqual(runOptionSets(['connect.timeout=30s'], ['debezium.poll.interval.ms=50', 'debezium.poll.interval.ms=50', 'connect.timeout=30s']), [
    { 'connect.timeout': '30s' },
    { 'connect.timeout': '30s', 'debezium.poll.interval.ms': '50' },
  ]);
});

test('run: a reserved key is refused in either flag and either spelling; normal options are accepted', () => {
  for (const r of RESERVED_OPTIONS) {
    for (const key of [...r.options, ...r.debezium.map((d) => `debezium.${d}`)]) {
      assert.throws(() => runOptionSets([`${key}=x`], []), usage(new RegExp(`^--source-option ${key.replace(/\./g, '\\.')} cannot be set: `)), key);
      assert.throws(() => runOptionSets([], [`debezium.poll.interval.ms=50,${key}=x`]), usage(new RegExp(`^--option-set ${key.replace(/\./g, '\\.')} cannot be set: `)), key);
    }
  }
  assert.deepEqual(runOptionSets(['debezium.poll.interval.ms=50'], ['scan.incremental.snapshot.backfill.skip=true']), [
    { 'debezium.poll.interval.ms': '50' },
    { 'debezium.poll.interval.ms': '50', 'scan.incremental.snapshot.backfill.skip': 'true' },
  ]);
});
