import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { importArguments } from '../../../src/infra/testcontainers/build-local-image.js';
import { LOCAL_IMAGES } from '../../../src/infra/testcontainers/image-set.js';
import { imageRecipes, jvmFlagLines } from '../../../src/infra/testcontainers/local-image-recipes.js';

const recipes = imageRecipes(readFileSync('flink-job/jvm-flags.txt', 'utf8'));

test('each local image is made of Debian packages under the tag --images local runs', () => {
  assert.deepEqual(recipes.postgres.packages, ['postgresql-15']);
  assert.deepEqual(recipes.mariadb.packages, ['mariadb-server']);
  assert.deepEqual(recipes.flink.packages, ['openjdk-17-jre-headless']);
  for (const r of Object.values(recipes)) assert.equal(r.tag, LOCAL_IMAGES[r.role]);
});

test('docker import gets one --change per instruction, the entry point speaking the official image\'s interface', () => {
  const args = importArguments(recipes.postgres);
  assert.deepEqual(args.slice(0, 1), ['import']);
  assert.deepEqual(args.slice(-2), ['-', recipes.postgres.tag]);
  assert.ok(args.includes('ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'));
  assert.ok(args.includes('CMD ["postgres"]'));
  assert.ok(recipes.flink.changes.includes('CMD ["jobmanager"]'));
});

test('Flink: the Maven jars into lib/, the standalone entry points, every TaskManager memory component adding up to 1728m', () => {
  assert.equal(recipes.flink.jarsInto, '/opt/flink/lib');
  const entry = recipes.flink.files.find((f) => f.path === '/usr/local/bin/docker-entrypoint.sh')!.content;
  assert.match(entry, /org\.apache\.flink\.runtime\.entrypoint\.StandaloneSessionClusterEntrypoint/);
  assert.match(entry, /org\.apache\.flink\.runtime\.taskexecutor\.TaskManagerRunner/);
  assert.match(entry, /FLINK_PROPERTIES/);
  const config = recipes.flink.files.find((f) => f.path === '/opt/flink/conf/config.yaml')!.content;
  const mb = (key: string) => Number(new RegExp(`^taskmanager\\.memory\\.${key.replace(/\./g, '\\.')}: (\\d+)m$`, 'm').exec(config)?.[1]);
  const parts = ['framework.heap.size', 'task.heap.size', 'framework.off-heap.size', 'task.off-heap.size', 'network.max', 'managed.size', 'jvm-metaspace.size', 'jvm-overhead.max'];
  for (const p of parts) assert.ok(Number.isFinite(mb(p)), p);
  assert.equal(parts.reduce((a, p) => a + mb(p), 0), 1728);
  assert.match(config, /^taskmanager\.cpu\.cores: \d+$/m);
  // -Xmx is the two heaps; direct memory the off-heap parts and the network.
  assert.match(entry, new RegExp(`-Xmx${mb('framework.heap.size') + mb('task.heap.size')}m`));
  assert.ok(entry.includes(`-XX:MaxDirectMemorySize=${(mb('framework.off-heap.size') + mb('task.off-heap.size') + mb('network.max')) * 2 ** 20}`));
});

test('jvm flags: one a line, without comments', () => {
  assert.equal(jvmFlagLines('# why\n--add-opens=a\n\n  --add-exports=b  \n'), '--add-opens=a\n--add-exports=b\n');
});
