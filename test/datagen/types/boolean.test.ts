import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { booleanFamily } from '../../../src/datagen/types/boolean.js';

test('boolean prints t and f', () => {
  for (const b of ['boolean', 'bool']) {
    const t = booleanFamily.resolve({ base: b, args: [], arrayDims: 0 });
    assert.equal(t.sql, 'boolean');
    assert.equal(t.canonical(true), 't');
    assert.equal(t.canonical(false), 'f');
    assert.deepEqual(t.edges().sort(), [false, true]);
    assert.equal(t.keyable, true);
  }
});

test('boolean takes no arguments', () => {
  assert.throws(() => booleanFamily.resolve({ base: 'boolean', args: [1], arrayDims: 0 }), TypeRequestError);
});
