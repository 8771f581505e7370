import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanupFailures, onCleanup, runCleanups, using } from '../../src/commands/cleanup.js';
import { LeftBehindError } from '../../src/infra/left-behind-error.js';

test('a release that fails is recorded with its remedy, and the body\'s result stands', async () => {
  const stuck = { release: () => Promise.reject(new LeftBehindError({ what: 'cluster', name: 'local Flink cluster (PID 4242)', error: 'still running 10 s after SIGKILL', remedy: 'kill -9 4242' })) };
  assert.equal(await using(stuck, async () => 'measured'), 'measured');
  await assert.rejects(using(stuck, async () => Promise.reject(new Error('the body failed'))), /the body failed/);
  assert.deepEqual(cleanupFailures().map((f) => f.remedy), ['kill -9 4242', 'kill -9 4242']);
});

test('a cleanup step that throws something unknown is recorded too, never swallowed', async () => {
  const before = cleanupFailures().length;
  onCleanup(() => Promise.reject(new Error('connection refused')));
  await runCleanups();
  const f = cleanupFailures().slice(before);
  assert.equal(f.length, 1);
  assert.equal(f[0]!.what, 'cleanup');
  assert.equal(f[0]!.error, 'connection refused');
});
