import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { sampleSlots, walRetained } from '../../src/observe/slot-sampler.js';

test('WAL retained by a slot is never negative: a slot created a moment ago can start a few bytes past the written WAL', async () => {
  assert.equal(walRetained('-192'), 0);
  assert.equal(walRetained('24064'), 24064);
  assert.equal(walRetained(null), 0);
  // As sampleSlots reads it, the value CI's sync run recorded as −192 B in its timeline.
  const client = { query: async () => ({ rows: [{ slot: 'cdcsizer_a_1', active: true, retained: '-192' }, { slot: 'cdcsizer_a_1_0', active: true, retained: '41152' }] }) } as unknown as pg.Client;
  assert.deepEqual(await sampleSlots(client, 'cdcsizer_a_1'), [
    { slot: 'cdcsizer_a_1', active: true, walRetainedBytes: 0 },
    { slot: 'cdcsizer_a_1_0', active: true, walRetainedBytes: 41152 },
  ]);
});
