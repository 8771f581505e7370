import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runResultSchema, type RunResult } from '../../src/model/run-result.js';
import { assertOneLine, spawnCliUntil } from '../support/cli.js';
import { dockerFootprint, dockerTest, imageHere } from '../support/docker.js';

/**
 * `run --infra testcontainers --images local` for real: PostgreSQL, Flink (JobManager and
 * TaskManager) and MariaDB containers built by `images build`; exact counts at p = 1 and 2, and no
 * container, network, volume or slot left, also after Ctrl-C mid-run. Needs a Docker engine and the
 * local images: skipped without them, failed without them under CDC_SIZER_REQUIRE_DOCKER=1 (.ci/run).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-containers-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scenario = path.join(dir, 'containers.yaml');
writeFileSync(scenario, 'name: containers\nseed: 7\ntables:\n  - { name: orders, rows: 20000, columns: [{ type: integer }, { type: text }, { type: "numeric(12,2)" }] }\n  - { name: notes, rows: 3000, columns: [{ type: text }, { type: timestamptz }] }\n');
const env = { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') };
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli.js', ...args], { encoding: 'utf8', env });
const containerArgs = ['--infra', 'testcontainers', '--images', 'local'];

/**
 * The sinks the run is checked through. The discard sink: the job's accumulators (counts and key
 * fingerprints) against the source. A database sink (`--sink jdbc` into the stack's MariaDB) adds
 * its case here, with what it checks at the sink.
 */
const sinkCases: { name: string; args: string[]; check?: (r: RunResult) => Promise<void> }[] = [
  { name: 'discard', args: [] },
  {
    // The stack's MariaDB container is the default sink: the job writes to it over the Docker network.
    name: 'MariaDB (jdbc)',
    args: ['--sink', 'jdbc'],
    check: async (r) => {
      assert.equal(r.environment.sink, 'jdbc');
      for (const s of r.points.flatMap((p) => p.samples)) {
        // MariaDB refuses the generated timestamptz values past year 9999: refused rows are counted, never lost.
        assert.equal(s.sink!.rows + s.sink!.rejected, 23000, 'every row read is written once or refused');
        for (const t of s.sink!.tables) {
          assert.equal(t.atSink, t.rows, `${t.table}: count(*) at the sink is what was written`);
          if (t.rejected > 0) assert.ok(t.error, `${t.table}: a refusal says why`);
        }
        assert.equal(s.sink!.tables.find((t) => t.table.endsWith('orders'))!.rejected, 0, 'integer, text and numeric(12,2) all fit MariaDB');
      }
    },
  },
];

for (const sink of sinkCases) {
  dockerTest(`run through containers (${sink.name} sink): p = 1 and 2 with exact counts, the images recorded, nothing left`, async () => {
    const before = await dockerFootprint();
    const r = cli('run', scenario, ...containerArgs, ...sink.args, '--parallelism', '2', '--fidelity-rows', '5', '--json');
    assert.equal(r.status, 0, r.stderr);
    const result = runResultSchema.parse(JSON.parse(r.stdout));
    assert.equal(result.environment.provider, 'testcontainers');
    assert.equal(result.environment.containerImages?.set, 'local');
    assert.match(result.environment.containerImages!.byRole.flink!, /^cdc-sizer\/flink:1\.20\.3-/);
    assert.equal(result.environment.flink, '1.20.3');
    const samples = result.points.flatMap((p) => p.samples.map((s) => ({ p: p.settings.parallelism, s })));
    assert.deepEqual(samples.map((x) => x.p), [1, 2]);
    for (const { p, s } of samples) {
      assert.ok(s.ok, `p=${p}: ${s.failure}`);
      assert.equal(s.rows, 23000, `p=${p}: every row read once`);
      assert.deepEqual(s.countMismatches, []);
      assert.deepEqual(s.fingerprintMismatches ?? [], []);
      // Flink CDC 3.5.0 leaves its main slot and the publication behind; the run drops them (a failed drop would be a cleanup failure).
      for (const slot of s.leftBehind?.slots ?? []) assert.match(slot.name, /^cdcsizer_/);
    }
    assert.equal(result.cleanupFailures, undefined, 'every slot and publication dropped, every container removed');
    assert.match(r.stderr, /containers up in [\d.]+ s \(local images/);
    assert.match(r.stderr, /StarRocks image \S+ is not here and cannot be pulled .*; StarRocks has no OS or Maven package to build one from, so the run goes on without it/);
    await sink.check?.(result);
    assert.deepEqual(await dockerFootprint(), before);
  });
}

dockerTest('Ctrl-C mid-run: exit 130, the job cancelled and every container, network and volume removed', async () => {
  const before = await dockerFootprint();
  const { child, exited, stderr } = await spawnCliUntil(['run', scenario, ...containerArgs, '--no-starrocks', '--parallelism', '1', '--fidelity-rows', '0'], env, '[1/1] flink-cdc');
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr());
  assert.doesNotMatch(stderr(), /cleanup failed/);
  assert.deepEqual(await dockerFootprint(), before);
});

dockerTest('an image that is not here and cannot be pulled: one line saying to build the local images, exit 3, nothing started', async (t) => {
  const before = await dockerFootprint();
  // The official images, where no registry answers (with one, postgres:16 is pulled and the run goes on: nothing to test).
  if (await imageHere('postgres:16')) return t.skip('postgres:16 is here: this test needs it missing');
  const r = cli('run', scenario, '--infra', 'testcontainers', '--no-starrocks', '--max-job-time', '60');
  if (!/cannot be pulled/.test(r.stderr)) return t.skip(`postgres:16 could be pulled: a registry answers here (${r.stderr.split('\n')[0]})`);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr.trim().split('\n').at(-1)!, /^cdc-sizer: the postgres image postgres:16 is not here and cannot be pulled \(.+\): build the local images with `cdc-sizer images build` and run with --images local$/);
  assert.deepEqual(r.stderr.trim().split('\n').slice(0, -1), ['pulling postgres:16…']);
  assert.deepEqual(await dockerFootprint(), before);
});

dockerTest('no Docker engine: one line saying how to start one, exit 3', async (t) => {
  // The engine's socket hidden in a mount namespace of the CLI's own (root and util-linux's unshare needed).
  const probe = spawnSync('unshare', ['-m', 'true']);
  if (probe.status !== 0) return t.skip('unshare -m is not available here (needs root): the engine cannot be hidden from the CLI');
  const script = 'mount --bind /dev/null /var/run/docker.sock && exec "$0" "$@"';
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, process.execPath, 'dist/src/cli.js', 'run', scenario, ...containerArgs], { encoding: 'utf8', env: { ...env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  assertOneLine(r, 3, /^cdc-sizer: no Docker engine answers \(.+\): start one \(systemctl start docker, or dockerd > \/tmp\/dockerd\.log 2>&1 &; install it with apt-get install docker\.io\), or run without --infra testcontainers$/);
});

test('--infra testcontainers with --pg-url or --flink-url, and container options without it, are refused before anything starts', () => {
  assertOneLine(cli('run', scenario, '--infra', 'testcontainers', '--flink-url', 'http://127.0.0.1:1'), 2, /--infra testcontainers starts its own Flink cluster; --flink-url names an existing one/);
  assertOneLine(cli('run', scenario, '--images', 'local'), 2, /--images, --image and --no-starrocks choose the containers of --infra testcontainers: add it/);
  assertOneLine(cli('run', scenario, '--infra', 'kubernetes'), 2, /--infra must be embedded or testcontainers, got "kubernetes"/);
  assertOneLine(cli('run', scenario, '--infra', 'testcontainers', '--images', 'newest'), 2, /--images must be official or local, got "newest"/);
});
