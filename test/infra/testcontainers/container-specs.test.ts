import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { flinkProperties, stackSpecs, teardownOrder, type StackSettings } from '../../../src/infra/testcontainers/container-specs.js';
import { missingImageFix } from '../../../src/infra/testcontainers/container-stack.js';
import { FLINK_VERSION, imageSet } from '../../../src/infra/testcontainers/image-set.js';
import { RUN_LABEL, STACK_LABEL } from '../../../src/infra/testcontainers/stack-labels.js';

const settings = (over: Partial<StackSettings> = {}): StackSettings => ({ runId: 'r1', images: imageSet('official'), slots: 4, pgPassword: 'secret', starrocks: true, ...over });
const byRole = (s: StackSettings) => new Map(stackSpecs(s).map((c) => [c.role, c]));

test('the stack: PostgreSQL, MariaDB, StarRocks, then the JobManager before its TaskManager', () => {
  assert.deepEqual(stackSpecs(settings()).map((c) => c.role), ['postgres', 'mariadb', 'starrocks', 'flink-jobmanager', 'flink-taskmanager']);
  assert.deepEqual(stackSpecs(settings({ starrocks: false })).map((c) => c.role), ['postgres', 'mariadb', 'flink-jobmanager', 'flink-taskmanager']);
});

test('images: the official set pins tags, the local set names what images build makes, StarRocks official in both', () => {
  const official = byRole(settings());
  assert.equal(official.get('postgres')!.image, 'postgres:16');
  assert.equal(official.get('flink-jobmanager')!.image, `flink:${FLINK_VERSION}-java17`);
  assert.equal(official.get('flink-taskmanager')!.image, official.get('flink-jobmanager')!.image);
  assert.equal(official.get('mariadb')!.image, 'mariadb:11.4');
  assert.match(official.get('starrocks')!.image, /^starrocks\/allin1-ubuntu:\d+\.\d+\.\d+$/);
  const local = byRole(settings({ images: imageSet('local') }));
  assert.match(local.get('postgres')!.image, /^cdc-sizer\/postgres:/);
  assert.match(local.get('flink-jobmanager')!.image, new RegExp(`^cdc-sizer/flink:${FLINK_VERSION.replace(/\./g, '\\.')}-`));
  assert.match(local.get('mariadb')!.image, /^cdc-sizer\/mariadb:/);
  assert.equal(local.get('starrocks')!.image, official.get('starrocks')!.image);
});

test('the Flink image is of the version the job is built for (flink-job/pom.xml)', () => {
  const pom = readFileSync('flink-job/pom.xml', 'utf8');
  assert.equal(/<flink\.version>([^<]+)<\/flink\.version>/.exec(pom)?.[1], FLINK_VERSION);
});

test('--image overrides one role; a bad override or set is refused with the form', () => {
  assert.equal(imageSet('local', ['postgres=postgres:17']).postgres, 'postgres:17');
  assert.throws(() => imageSet('local', ['redis=redis:7']), /--image must be ROLE=IMAGE:TAG with ROLE one of postgres, flink, mariadb, starrocks/);
  assert.throws(() => imageSet('mine'), /--images must be official or local, got "mine"/);
});

test('ports: the servers publish what the harness uses; the TaskManager publishes nothing', () => {
  const s = byRole(settings());
  assert.deepEqual(s.get('postgres')!.ports, [5432]);
  assert.deepEqual(s.get('mariadb')!.ports, [3306]);
  assert.deepEqual(s.get('flink-jobmanager')!.ports, [8081]);
  assert.deepEqual(s.get('flink-taskmanager')!.ports, []);
  assert.deepEqual(s.get('starrocks')!.ports.slice(0, 2), [9030, 8030]);
});

test('PostgreSQL: logical replication with room for every reader, replication connections from the network allowed', () => {
  const pg = byRole(settings()).get('postgres')!;
  const args = pg.command.join(' ');
  for (const setting of ['wal_level=logical', 'max_replication_slots=64', 'max_wal_senders=64', 'listen_addresses=*']) assert.ok(args.includes(`-c ${setting}`), setting);
  assert.equal(pg.command[0], 'postgres');
  assert.deepEqual(pg.env, { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'secret', POSTGRES_DB: 'cdcsizer' });
  const hba = pg.files.find((f) => f.target.endsWith('pg_hba.conf'))!;
  assert.ok(args.includes(`-c hba_file=${hba.target}`));
  assert.match(hba.content, /^host replication all all scram-sha-256$/m);
  assert.doesNotMatch(hba.content, /^host .* trust$/m, 'no network connection without a password');
});

test('Flink: task slots from the run, REST bound in the container, the TaskManager at its alias', () => {
  const s = byRole(settings({ slots: 3 }));
  const jm = s.get('flink-jobmanager')!;
  const tm = s.get('flink-taskmanager')!;
  assert.deepEqual(jm.command, ['jobmanager']);
  assert.deepEqual(tm.command, ['taskmanager']);
  assert.equal(jm.env.FLINK_PROPERTIES, flinkProperties(3));
  assert.equal(tm.env.FLINK_PROPERTIES, flinkProperties(3));
  const props = jm.env.FLINK_PROPERTIES!.split('\n');
  for (const p of ['taskmanager.numberOfTaskSlots: 3', 'jobmanager.rpc.address: flink-jobmanager', 'rest.bind-address: 0.0.0.0', 'taskmanager.host: flink-taskmanager', 'web.submit.enable: true']) assert.ok(props.includes(p), p);
  assert.deepEqual(jm.readiness, { kind: 'flink-slots', slots: 3 });
  assert.equal(tm.alias, 'flink-taskmanager');
});

test('waits: each server by what the harness needs of it; StarRocks until a BE is alive', () => {
  const s = byRole(settings());
  assert.equal(s.get('postgres')!.readiness.kind, 'postgres-query');
  assert.equal(s.get('mariadb')!.readiness.kind, 'mysql-query');
  assert.equal(s.get('starrocks')!.readiness.kind, 'starrocks-backend');
  assert.equal(s.get('flink-taskmanager')!.readiness.kind, 'started');
  assert.ok(s.get('starrocks')!.readyTimeoutMs > s.get('postgres')!.readyTimeoutMs, 'the all-in-one image needs minutes');
});

test('MariaDB: root without a password, as the job\'s URL (mysql://root@mariadb:3306) says', () => {
  assert.equal(byRole(settings()).get('mariadb')!.env.MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, '1');
});

test('labels: every container carries cdc-sizer and the run id', () => {
  for (const c of stackSpecs(settings({ runId: 'abc' }))) {
    assert.equal(c.labels[STACK_LABEL], 'true');
    assert.equal(c.labels[RUN_LABEL], 'abc');
  }
});

test('teardown: the TaskManager first, PostgreSQL last (the reverse of start)', () => {
  const specs = stackSpecs(settings());
  assert.deepEqual(teardownOrder(specs).map((c) => c.role), ['flink-taskmanager', 'flink-jobmanager', 'starrocks', 'mariadb', 'postgres']);
  assert.deepEqual(teardownOrder(specs).map((c) => c.role), [...specs].reverse().map((c) => c.role));
});

test('an image neither here nor pullable: build ours, switch to the local set, or fix the --image that named it', () => {
  assert.equal(missingImageFix('postgres', 'postgres:16'), 'build the local images with `cdc-sizer images build` and run with --images local');
  assert.equal(missingImageFix('flink', imageSet('local').flink), 'build it with `cdc-sizer images build`');
  assert.equal(missingImageFix('postgres', 'example/postgres:17'), 'it was named with --image: pull or build it, or leave that --image out');
});
