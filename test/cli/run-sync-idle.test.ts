import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { runResultSchema } from '../../src/model/run-result.js';
import { embeddedCliState } from '../support/cli.js';

const { dir, cli, leftovers } = embeddedCliState('cdc-sizer-sync-idle-');

// The scenario's own workload on one connection: interleaved transactions give Flink CDC's chunk
// high-watermark race room (see run-sync.test.ts), and this test is about the idle WAL, not that race.
function oneConnectionWorkload(): string {
  const file = path.join(dir, 'workload.yaml');
  writeFileSync(file, `connections: 1
groups:
  - { tables: "orders, accounts", inserts: 60, updates: 200, deletes: 20, transactionSize: 5, hotKeys: 1.0 }
  - { tables: sessions, inserts: 20, deletes: 10 }
  - { tables: notes, updates: 20, updateColumns: wide }
`);
  return file;
}

test('--idle-after: once caught up the captured tables idle while another database is written to; the slot\'s WAL is judged, and that database is gone after', async () => {
  const r = cli('run', 'scenarios/live-writes.yaml', '--scale', '0.2', '--until', 'caught-up', '--workload', oneConnectionWorkload(), '--parallelism', '1', '--workload-after', '1', '--idle-after', '8', '--option-set', 'heartbeat.interval.ms=1s', '--fidelity-rows', '0', '--json');
  assert.equal(r.status, 0, r.stderr);
  const result = runResultSchema.parse(JSON.parse(r.stdout));
  assert.equal(result.points.length, 2, 'the defaults and the heartbeat option set');
  // A heartbeat every second confirms positions to the slot while its tables are idle.
  assert.equal(result.points.find((p) => p.settings.sourceOptions['heartbeat.interval.ms'] === '1s')!.samples[0]!.sync!.idle!.confirmedMoved, true);
  for (const p of result.points) {
    const idle = p.samples[0]!.sync!.idle!;
    assert.ok(idle.seconds >= 6, `idle ${idle.seconds} s`);
    assert.ok(idle.otherWalBytes > 1e6, `WAL written elsewhere: ${idle.otherWalBytes}`);
    assert.equal(idle.verdict, idle.confirmedMoved ? 'bounded' : 'growing');
    assert.ok(idle.peakRetainedBytes >= Math.max(idle.retainedAtStartBytes, idle.retainedAtEndBytes));
    assert.ok(p.samples[0]!.sync!.verification.ok);
  }
  const meta = JSON.parse(readFileSync(path.join(dir, 'state', 'embedded-postgres.json'), 'utf8')) as { port: number; password: string };
  const c = await connectPg({ host: '127.0.0.1', port: meta.port, user: 'postgres', password: meta.password, database: 'cdcsizer', url: '', display: '' });
  const dbs = await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'cdcsizer%idle'").finally(() => c.end());
  assert.deepEqual(dbs.rows, [], 'the database written to meanwhile is dropped');
  assert.deepEqual(await leftovers(), { slots: [], publications: [] });
});
