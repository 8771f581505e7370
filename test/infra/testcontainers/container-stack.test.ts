import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { getContainerRuntimeClient } from 'testcontainers';
import { connectPg } from '../../../src/infra/pg-connect.js';
import { ContainerStack } from '../../../src/infra/testcontainers/container-stack.js';
import { imageSet, LOCAL_IMAGES } from '../../../src/infra/testcontainers/image-set.js';
import { stackLabels } from '../../../src/infra/testcontainers/stack-labels.js';
import { dockerFootprint, dockerTest } from '../../support/docker.js';

/**
 * The stack on a real engine with the local images (cdc-sizer images build): every server answers
 * the harness where Endpoints says, and nothing of it is left after release, also when a container
 * does not become ready in time.
 */

/** A container labelled as a stack's whose owner is `pid` (created, not started). */
async function labelledContainer(runId: string, pid: number): Promise<string> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const c = await docker.createContainer({ Image: LOCAL_IMAGES.postgres, name: `cdc-sizer-test-${runId}`, Labels: stackLabels(runId, pid) });
  return c.id;
}

const exists = async (id: string) => (await getContainerRuntimeClient()).container.dockerode.getContainer(id).inspect().then(() => true, () => false);

dockerTest('the stack starts, each server answers where Endpoints says, and release leaves no container, network or volume', async () => {
  const before = await dockerFootprint();
  // A crashed run's container (its process has ended) and a live run's (this process): the first is removed, the second left alone.
  const deadPid = spawnSync('true').pid!;
  const crashed = await labelledContainer('crashed-run', deadPid);
  const live = await labelledContainer('live-run', process.pid);
  const lines: string[] = [];
  const stack = await new ContainerStack().withImages(imageSet('local')).withSlots(2).withLog((l) => lines.push(l)).start();
  try {
    assert.ok(lines.includes('removed containers of earlier runs whose process has ended: cdc-sizer.run=crashed-run'), lines.join('\n'));
    assert.equal(await exists(crashed), false);
    assert.equal(await exists(live), true, 'a stack whose process still runs is not touched');
    await (await getContainerRuntimeClient()).container.dockerode.getContainer(live).remove({ force: true, v: true });
    assert.equal(stack.provider, 'testcontainers');
    assert.deepEqual(stack.pgFromFlink, { host: 'postgres', port: 5432 });
    assert.match(lines.join('\n'), /StarRocks image starrocks\/allin1-ubuntu:\S+ is not here and cannot be pulled \(.+\); StarRocks has no OS or Maven package to build one from, so the run goes on without it/);
    assert.equal(stack.starrocks, undefined);
    const pg = await connectPg(stack.pg);
    try {
      const settings = await pg.query<{ name: string; setting: string }>("SELECT name, setting FROM pg_settings WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders') ORDER BY name");
      assert.deepEqual(settings.rows.map((r) => `${r.name}=${r.setting}`), ['max_replication_slots=64', 'max_wal_senders=64', 'wal_level=logical']);
    } finally {
      await pg.end();
    }
    assert.equal(stack.sink?.kind, 'mysql');
    assert.match(stack.sink!.urlFromFlink, /^mysql:\/\/root@mariadb:3306$/);
    const u = new URL(stack.sink!.url);
    assert.equal(u.hostname, '127.0.0.1');
    const m = await mysql.createConnection({ host: u.hostname, port: Number(u.port), user: 'root' });
    try {
      const [rows] = await m.query('SELECT VERSION() AS v');
      assert.match((rows as { v: string }[])[0]!.v, /MariaDB/);
    } finally {
      await m.end();
    }
    const overview = (await (await fetch(`${stack.flinkUrl}/overview`)).json()) as { 'slots-total': number; 'flink-version': string; taskmanagers: number };
    assert.equal(overview['slots-total'], 2);
    assert.equal(overview.taskmanagers, 1);
    assert.equal(overview['flink-version'], '1.20.3');
    assert.deepEqual(stack.containerImages.set, 'local');
  } finally {
    await stack.release();
  }
  assert.deepEqual(await dockerFootprint(), before);
});

dockerTest('a container that is not ready in time: one line with its last log lines, and nothing left running', async () => {
  const before = await dockerFootprint();
  const stack = new ContainerStack().withImages(imageSet('local')).withStarRocks(false).withReadyTimeout('flink-jobmanager', 1_000);
  await assert.rejects(stack.start(), (err: Error) => {
    assert.equal(err.name, 'InfraError');
    assert.match(err.message, /^the flink-jobmanager container was not ready within 1 s \(.+\); its last log lines: .+/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
  assert.deepEqual(await dockerFootprint(), before);
});
