import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syncRecordOf } from '../../src/commands/sync-sample.js';
import type { FlinkSyncResult, SyncReading } from '../../src/engines/flink-cdc/flink-sync.js';
import { changesFromAccumulators, lsnValue, streamFromAccumulators } from '../../src/engines/flink-cdc/stream-accumulators.js';
import type { WorkloadReport } from '../../src/workload/workload-runner.js';
import { fingerprintHex } from '../../src/verify/key-fingerprint.js';

const timeline: SyncReading[] = [
  { t: 5, phase: 'snapshot', walLsn: '0/1000', behindBytes: 0, retainedBytes: 10, slots: 2, changesDelivered: 0 },
  { t: 11, phase: 'stream', walLsn: '0/1800', restartLsn: '0/1000', behindBytes: 0, retainedBytes: 4000, slots: 1, changesDelivered: 3 },
];
const tables = [{ schema: 'app', name: 't', key: [{ name: 'id', type: 'bigint' }] }];
const settings = { engine: 'flink-cdc' as const, parallelism: 1, chunkSize: 8096, sourceOptions: {} };

function synced(delivered: { inserts: number; updates: number; deletes: number; keyHash: bigint }): FlinkSyncResult {
  return {
    jobId: 'j',
    submittedMs: 0,
    shapes: [],
    state: 'CANCELED',
    snapshotSeconds: 10,
    syncSeconds: 14,
    tables: [{ table: 'app.t', records: 100, bytes: 1, keyHash: 1000n }],
    changes: [{ table: 'app.t', bytes: 1, ...delivered }],
    stream: { maxLsn: lsnValue('0/2000') },
    atSnapshotEnd: timeline[1]!,
  };
}

const workload = (committed: Record<'insert' | 'update' | 'delete', number>, afterMark: Record<'insert' | 'update' | 'delete', number>): WorkloadReport => ({
  targetPerSecond: 10, achievedPerSecond: 10, seconds: 14, committed: 0, heldShare: 1, behind: false, rolledBack: 0,
  tables: [{ table: 'app.t', committed, afterMark }],
});

test('the end state is the snapshot plus inserts minus deletes, by count and by key sum; changes arrive at most once and every one after the snapshot', () => {
  // 100 snapshot rows; 5 inserted (hash sum 50) and 2 deleted (hash sum 20) through the stream: 103 rows, key sum 1030.
  const r = synced({ inserts: 5, updates: 7, deletes: 2, keyHash: 30n });
  const w = workload({ insert: 9, update: 10, delete: 4 }, { insert: 3, update: 5, delete: 1 });
  const ok = syncRecordOf(r, timeline, w, [{ table: 'app.t', rows: 103, keyFingerprint: fingerprintHex(1030n) }], settings, tables);
  assert.deepEqual(ok.verification, { ok: true, atLeastOnce: false, problems: [] });
  assert.equal(ok.catchUpSeconds, 4);
  assert.equal(ok.walRetainedPeakBytes, 4000);
  assert.equal(ok.catchUpWalMBPerSecond, (0x2000 - 0x1000) / 1e6 / 4);

  const lost = syncRecordOf(r, timeline, w, [{ table: 'app.t', rows: 104 }], settings, tables);
  assert.match(lost.verification.problems.join('\n'), /the snapshot's 100 rows \+ 5 inserted − 2 deleted = 103, the source holds 104 \(14 of its changes were committed while the snapshot was read; .*the change's WAL position, not its commit's\)/);
  // Written only after the snapshot: the chunk boundary's race cannot be the cause, and is not named.
  const after = syncRecordOf(r, timeline, workload({ insert: 5, update: 7, delete: 2 }, { insert: 5, update: 7, delete: 2 }), [{ table: 'app.t', rows: 104 }], settings, tables);
  assert.match(after.verification.problems[0]!, /the source holds 104$/);
  const swapped = syncRecordOf(r, timeline, w, [{ table: 'app.t', rows: 103, keyFingerprint: fingerprintHex(999n) }], settings, tables);
  assert.match(swapped.verification.problems[0]!, /other keys/);
  const twice = syncRecordOf(r, timeline, workload({ insert: 4, update: 10, delete: 4 }, { insert: 3, update: 5, delete: 1 }), [{ table: 'app.t', rows: 103 }], settings, tables);
  assert.match(twice.verification.problems[0]!, /5 inserts arrived, 4 were committed \(duplicates\)/);
  const missed = syncRecordOf(r, timeline, workload({ insert: 9, update: 10, delete: 4 }, { insert: 3, update: 8, delete: 1 }), [{ table: 'app.t', rows: 103 }], settings, tables);
  assert.match(missed.verification.problems[0]!, /8 updates were committed after the snapshot, 7 arrived \(changes lost\)/);
  assert.equal(missed.verification.ok, false);
});

test('with the backfill skipped (at-least-once), duplicates are reported and do not fail the sync; lost changes still do', () => {
  const r = synced({ inserts: 5, updates: 7, deletes: 2, keyHash: 30n });
  const atLeastOnce = { ...settings, sourceOptions: { 'scan.incremental.snapshot.backfill.skip': 'true' } };
  const dup = syncRecordOf(r, timeline, workload({ insert: 4, update: 10, delete: 4 }, { insert: 3, update: 5, delete: 1 }), [{ table: 'app.t', rows: 102 }], atLeastOnce, tables);
  assert.equal(dup.verification.ok, true);
  assert.ok(dup.verification.problems.every((p) => p.startsWith('at-least-once, not failed:')));
  const lost = syncRecordOf(r, timeline, workload({ insert: 9, update: 10, delete: 4 }, { insert: 6, update: 5, delete: 1 }), [{ table: 'app.t', rows: 103 }], atLeastOnce, tables);
  assert.equal(lost.verification.ok, false);
});

test('a sync that never caught up is not verified, whatever its counts', () => {
  const r = { ...synced({ inserts: 0, updates: 0, deletes: 0, keyHash: 0n }), syncSeconds: undefined } as FlinkSyncResult;
  const x = syncRecordOf(r, timeline, undefined, [{ table: 'app.t', rows: 100, keyFingerprint: fingerprintHex(1000n) }], settings, tables);
  assert.equal(x.caughtUp, false);
  assert.equal(x.verification.ok, false);
});

test("the sink's change accumulators: signed key sums wrap mod 2^64, an unset maximum is no position", () => {
  const acc = [
    { name: 'inserts:app.t', value: '3' },
    { name: 'deletes:app.t', value: '1' },
    { name: 'changeKeyHash:app.t', value: '-5' },
    { name: 'streamMaxLsn', value: '-9223372036854775808' },
    { name: 'streamLastMs', value: '-9223372036854775808' },
    { name: 'streamFirstMs', value: '1700000000000' },
  ];
  const [c] = changesFromAccumulators(acc);
  assert.deepEqual({ ...c }, { table: 'app.t', inserts: 3, updates: 0, deletes: 1, bytes: 0, keyHash: 2n ** 64n - 5n });
  assert.deepEqual(streamFromAccumulators(acc), { maxLsn: 0n, firstMs: 1700000000000 });
  assert.equal(lsnValue('1/0000000A'), 2n ** 32n + 10n);
  assert.throws(() => lsnValue('nope'), /not a WAL position/);
});
