import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { readExpectations, SnapshotScanStopped } from '../../src/verify/source-expectations.js';
import { existingDatabase } from '../support/existing-database.js';

/** The verification snapshot on a user's tables: counts only when asked, and stopped with the tables it did not read. */
const db = existingDatabase(`
CREATE TABLE a (id bigint PRIMARY KEY); INSERT INTO a SELECT generate_series(1, 100);
CREATE TABLE b (id bigint PRIMARY KEY); INSERT INTO b SELECT generate_series(1, 50);
CREATE TABLE c (id bigint PRIMARY KEY)`);
const tables = ['a', 'b', 'c'].map((name) => ({ schema: 'public', name, key: [{ name: 'id', type: 'bigint' }] }));

test('counts only: every table counted in one snapshot, no key read, and the snapshot\'s age told', async () => {
  const client = await connectPg(db.pg);
  try {
    const r = await readExpectations(client, tables, { keys: false, timeoutMs: 60_000 });
    assert.deepEqual(r.tables.map((t) => [t.table, t.rows, t.keyFingerprint, t.fingerprintNote]), [
      ['public.a', 100, undefined, 'counts only (--verify counts)'],
      ['public.b', 50, undefined, 'counts only (--verify counts)'],
      ['public.c', 0, undefined, 'counts only (--verify counts)'],
    ]);
    assert.ok(r.snapshotSeconds >= 0 && r.snapshotSeconds < 10);
    const keyed = await readExpectations(client, tables, { keys: true });
    assert.match(keyed.tables[0]!.keyFingerprint!, /^[0-9a-f]{16}$/);
    // The session is left as it was: the limits were local to the snapshot's transaction.
    assert.equal((await client.query('SHOW statement_timeout')).rows[0].statement_timeout, '0');
  } finally {
    await client.end();
  }
});

/** Runs `body` while another session holds an ACCESS EXCLUSIVE lock on table b. */
async function whileLocked<T>(body: () => Promise<T>): Promise<T> {
  const locker = await connectPg(db.pg);
  await locker.query('BEGIN; LOCK TABLE b IN ACCESS EXCLUSIVE MODE');
  try {
    return await body();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
}

test('the time limit stops the snapshot (a statement waiting on a lock counts too): the tables from the one being read on are not verified', async () => {
  const client = await connectPg(db.pg);
  try {
    const err = await whileLocked(() => readExpectations(client, tables, { keys: true, timeoutMs: 1000 }).then(() => undefined, (e: unknown) => e));
    assert.ok(err instanceof SnapshotScanStopped, String(err));
    assert.equal(err.reason, 'timeout');
    assert.equal(err.table, 'public.b');
    assert.deepEqual(err.notRead, ['public.b', 'public.c']);
    assert.ok(err.heldSeconds >= 0.9 && err.heldSeconds < 5, String(err.heldSeconds));
    // The transaction was rolled back: the connection is usable.
    assert.equal((await client.query('SELECT 1 AS x')).rows[0].x, 1);
  } finally {
    await client.end();
  }
});

test('without a time limit, a table locked for longer than 5 s is given up with the tables not read', async () => {
  const client = await connectPg(db.pg);
  try {
    const err = await whileLocked(() => readExpectations(client, tables, { keys: false }).then(() => undefined, (e: unknown) => e));
    assert.ok(err instanceof SnapshotScanStopped, String(err));
    assert.equal(err.reason, 'lock');
    assert.deepEqual(err.notRead, ['public.b', 'public.c']);
  } finally {
    await client.end();
  }
});
