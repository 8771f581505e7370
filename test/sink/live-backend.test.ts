import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfraError } from '../../src/infra/infra-error.js';
import { requireLiveBackend } from '../../src/sink/run-sink.js';
import type { SinkClient } from '../../src/sink/sink-client.js';
import { parseSinkUrl } from '../../src/sink/sink-url.js';

const address = parseSinkUrl('starrocks://root@fe:9030?http=8030');
const answering = (rows: Record<string, unknown>[]): SinkClient => ({ address, query: async <T,>() => rows as T[], end: async () => undefined });

test('StarRocks with no live backend is refused in one line; live ones are counted', async () => {
  await assert.rejects(requireLiveBackend(answering([{ BackendId: '10001', Alive: 'false' }]), address), (e: Error) => e instanceof InfraError && e.message === 'StarRocks at starrocks://root@fe:9030?http=8030 has no live backend (SHOW BACKENDS lists 1, none Alive): loads would fail; start a BE, or wait until it has joined');
  await assert.rejects(requireLiveBackend(answering([]), address), /lists 0, none Alive/);
  assert.equal(await requireLiveBackend(answering([{ Alive: 'true' }, { Alive: 'false' }, { Alive: 'true' }]), address), 2);
});

test('a server that does not know SHOW BACKENDS is not a StarRocks FE: one line', async () => {
  const refusing: SinkClient = { address, query: async () => Promise.reject(new Error("You have an error in your SQL syntax; check the manual near 'BACKENDS'")), end: async () => undefined };
  await assert.rejects(requireLiveBackend(refusing, address), (e: Error) => e instanceof InfraError && /does not answer SHOW BACKENDS as a StarRocks FE does/.test(e.message) && !e.message.includes('\n'));
});
