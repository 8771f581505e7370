import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmtDuration } from '../../src/model/estimate.js';
import { estimateSync } from '../../src/model/sync-estimate.js';

const inputs = { parallelism: 2, snapshot: { seconds: 3600, low: 3000, high: 4500 }, writesFrom: 'catalog' as const, capacityFrom: 'x', walBytesPerSecond: 1e6 };

test('the whole sync is the snapshot times C / (C − w): the reader reads from the snapshot\'s start at C while w is written', () => {
  const s = estimateSync({ ...inputs, writesPerSecond: 5000, capacityPerSecond: 20000 }, fmtDuration);
  assert.equal(s.catchesUp, true);
  // backlog 5,000 × 3,600 changes, drained at 15,000/s: 1,200 s
  assert.equal(s.catchUpSeconds, 1200);
  assert.equal(s.totalSeconds, 4800);
  assert.equal(s.totalHigh, 6000);
  assert.equal(s.totalLow, 4000);
  assert.equal(s.walRetainedBytes, 6000e6, 'WAL over the pessimistic whole sync');
  assert.match(s.note, /live ≈ 80 min after the start at p=2 \(plan for up to 1.7 h\)/);
});

test('at or above the reader\'s capacity the sync never catches up, and says what to do', () => {
  const s = estimateSync({ ...inputs, writesPerSecond: 20000, capacityPerSecond: 20000 }, fmtDuration);
  assert.equal(s.catchesUp, false);
  assert.equal(s.totalSeconds, undefined);
  assert.match(s.note, /never catches up/);
  assert.match(estimateSync({ ...inputs, writesPerSecond: 15000, capacityPerSecond: 20000 }, fmtDuration).note, /75 % of the reader's capacity/);
});
