import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionSetKey, optionSetText, sameOptionSet } from '../../src/model/option-set.js';

test('a set is the same set whatever the order its options were given in', () => {
  assert.equal(optionSetKey({ b: '2', a: '1' }), optionSetKey({ a: '1', b: '2' }));
  assert.ok(sameOptionSet({ b: '2', a: '1' }, { a: '1', b: '2' }));
  assert.ok(!sameOptionSet({ a: '1' }, { a: '1', b: '2' }));
  assert.ok(!sameOptionSet({ a: '1' }, { a: '2' }));
  assert.ok(sameOptionSet({}, {}));
});

test('the key cannot confuse values that hold commas or equals signs', () => {
  assert.notEqual(optionSetKey({ a: '1,b=2' }), optionSetKey({ a: '1', b: '2' }));
  assert.notEqual(optionSetKey({ 'a=1': '' }), optionSetKey({ a: '1=' }));
});

test('the label is k=v,k=v in key order, empty for the defaults', () => {
  assert.equal(optionSetText({ 'debezium.poll.interval.ms': '50', 'connect.timeout': '30s' }), 'connect.timeout=30s,debezium.poll.interval.ms=50');
  assert.equal(optionSetText({}), '');
});
