import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMaxSlowdown } from '../../src/compare/max-slowdown.js';

test('--max-slowdown takes a percentage or a fraction below 1, and nothing else', () => {
  assert.deepEqual(['10%', '0.1', '.1', '0', '0%', '150%', '2.5 %'].map(parseMaxSlowdown), [0.1, 0.1, 0.1, 0, 0, 1.5, 0.025]);
  for (const bad of ['10', '1.5', '-5%', '-0.1', 'abc', '', '%', '10%%', '1e-1']) assert.equal(parseMaxSlowdown(bad), undefined, bad);
});
