import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_KEPT_POINTS, ObservationLog } from '../../src/observe/observation-log.js';
import type { ObservationPoint } from '../../src/observe/observer.js';

const point = (t: number, wal: number, connections = 3, lock?: string): ObservationPoint => ({
  t,
  slots: [{ slot: 'cdcsizer_x_1', active: true, walRetainedBytes: wal }],
  connections: Array.from({ length: connections }, (_, pid) => ({ pid, application: 'flink', backendType: 'client backend', state: 'active', waitEvent: null, query: 'SELECT …' })),
  locks: lock ? [{ table: 'public.t', mode: lock, holders: 1 }] : [],
});

test('a two-day job at a sample a second stays bounded, keeps its maxima, its WAL peak and its last point', () => {
  const log = new ObservationLog();
  const seconds = 2 * 86_400;
  const peakAt = 123_457;
  for (let t = 0; t < seconds; t++) log.add(point(t, t === peakAt ? 9e9 : t, t === 5 ? 40 : 3, t === 77 ? 'ShareUpdateExclusiveLock' : t % 1000 === 0 ? 'AccessShareLock' : undefined));
  const seen = log.summary();
  assert.ok(seen.points.length <= MAX_KEPT_POINTS, `${seen.points.length} points kept`);
  assert.ok(seen.points.length >= MAX_KEPT_POINTS / 2);
  assert.equal(seen.maxWalRetainedBytes, 9e9);
  assert.equal(seen.maxConnections, 40, 'a maximum seen once, long thinned away, still counts');
  assert.equal(seen.strongestLock, 'ShareUpdateExclusiveLock');
  assert.ok(seen.points.some((p) => p.t === peakAt), 'the WAL peak survives thinning');
  assert.equal(seen.points.at(-1)!.t, seconds - 1);
  assert.deepEqual(seen.points.map((p) => p.t), [...seen.points.map((p) => p.t)].sort((a, b) => a - b), 'in time order');
});

test('a short job keeps every point', () => {
  const log = new ObservationLog();
  for (let t = 0; t < 100; t++) log.add(point(t, t));
  assert.equal(log.summary().points.length, 100);
  assert.equal(log.summary().maxWalRetainedBytes, 99);
  assert.equal(log.summary().strongestLock, undefined);
});
