import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InfraError } from '../../../src/infra/infra-error.js';
import { demuxLogLines } from '../../../src/infra/testcontainers/container-stack.js';
import { stackSpecs } from '../../../src/infra/testcontainers/container-specs.js';
import { imageSet } from '../../../src/infra/testcontainers/image-set.js';
import { waitUntilReady, type Probed } from '../../../src/infra/testcontainers/readiness.js';

const specs = stackSpecs({ runId: 'r', images: imageSet('local'), slots: 2, pgPassword: 'x', starrocks: true });
const spec = (role: string) => specs.find((s) => s.role === role)!;

/** A container that runs but never answers: the Flink REST address points at a closed port. */
const silent = (role: string, running = true): Probed => ({
  spec: spec(role),
  hostPort: () => 1,
  running: async () => running,
  lastLogLines: async () => ['starting', 'Caused by: java.net.BindException: Address in use'],
});

test('a container that never becomes ready: one line with the timeout, the last answer and its last log lines', async () => {
  await assert.rejects(waitUntilReady(silent('flink-jobmanager'), { flinkUrl: 'http://127.0.0.1:1' }, 300, 50), (err: Error) => {
    assert.ok(err instanceof InfraError);
    assert.match(err.message, /^the flink-jobmanager container was not ready within 0 s \(.+\); its last log lines: starting \| Caused by: java\.net\.BindException: Address in use$/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
});

test('a container that exits is said at once, not after the timeout', async () => {
  const started = Date.now();
  await assert.rejects(waitUntilReady(silent('mariadb', false), {}, 60_000, 50), /^InfraError: the mariadb container \(cdc-sizer\/mariadb:[^)]+\) exited before it was ready \(.+\); its last log lines: starting \|/);
  assert.ok(Date.now() - started < 10_000);
});

test('StarRocks without a live BE says so', async () => {
  await assert.rejects(waitUntilReady(silent('starrocks'), {}, 200, 50), /^InfraError: StarRocks \(starrocks\) had no live BE within 0 s/);
});

test('the TaskManager is ready once started: the JobManager\'s slots say the rest', async () => {
  await waitUntilReady(silent('flink-taskmanager'), {}, 100, 50);
});

test('docker logs without a TTY: frame headers removed, stdout and stderr interleaved', () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  assert.deepEqual(demuxLogLines(Buffer.concat([frame(1, 'a\nb\n'), frame(2, 'c\n')])), ['a', 'b', 'c']);
  assert.deepEqual(demuxLogLines('plain\nlines\n'), ['plain', 'lines']);
});
