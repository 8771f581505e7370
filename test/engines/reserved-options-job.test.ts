import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { PASSWORD_VARIABLE } from '../../src/engines/flink-cdc/job-password.js';
import { DEBEZIUM_PREFIX, RESERVED_OPTIONS, reservedOption, type ReservedOption } from '../../src/engines/flink-cdc/reserved-options.js';
import { ensureFlinkArtifacts, type FlinkArtifacts } from '../../src/infra/flink/maven-build.js';

/**
 * The job's own guard: a reserved option that reaches it is refused there too (ReservedOptions.java
 * keeps the same table as reserved-options.ts), and the password comes from the variable the
 * local cluster holds, never echoed. Calls the job's classes through test/support/JobProbe.java.
 */

let classpath = '';
before(async () => {
  const a: FlinkArtifacts = await ensureFlinkArtifacts();
  classpath = `${a.jobJar}:${readFileSync(a.clusterClasspathFile, 'utf8').trim()}`;
});

function probe(args: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const r = spawnSync('java', ['-cp', classpath, 'test/support/JobProbe.java', ...args], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

const BASE = ['--database', 'd', '--username', 'u', '--tables', 'public.t', '--slot-name', 'cdcsizer_x', '--publication', 'cdcsizer_x'];

// Reserved in reserved-options.ts only, on purpose: the harness itself passes --chunk-size to the job
// through this option (a comment there says so), so the job must accept it. The one key skipped.
const HARNESS_ONLY = 'scan.incremental.snapshot.chunk.size';

/** Every spelling of an entry: its options, each Debezium name with and without `debezium.`, and for a prefix entry one name under it. */
const spellings = (r: ReservedOption): string[] => [
  ...r.options,
  ...r.debezium.flatMap((d) => [`${DEBEZIUM_PREFIX}${d}`, d, ...(r.prefix === true ? [`${DEBEZIUM_PREFIX}${d}.cdcsizer-example`, `${d}.cdcsizer-example`] : [])]),
];

test('the job reserves every key the harness reserves, in every spelling (but the chunk size the harness passes), and leaves tuning options alone', () => {
  const all = RESERVED_OPTIONS.flatMap(spellings);
  assert.equal(all.filter((k) => k === HARNESS_ONLY).length, 1, `${HARNESS_ONLY} is reserved in TypeScript, once`);
  const reserved = all.filter((k) => k !== HARNESS_ONLY);
  for (const key of reserved) assert.ok(reservedOption(key), `${key} is reserved in TypeScript`);
  const allowed = ['debezium.poll.interval.ms', HARNESS_ONLY, 'debezium.snapshot.fetch.size', 'heartbeat.interval.ms', 'debezium.slot.max.retries'];
  const lines = probe(['reason', ...reserved, ...allowed]);
  const reasons = new Map(lines.map((l) => l.split('\t') as [string, string]));
  const notRefused = reserved.filter((key) => reasons.get(key) === '-' || !reasons.has(key));
  assert.deepEqual(notRefused, [], 'reserved in reserved-options.ts but not in ReservedOptions.java');
  for (const key of allowed) assert.equal(reasons.get(key), '-', `${key} is allowed in the job`);
});

test('a reserved --source-option is refused when the job parses its arguments, by name and without its value', () => {
  const [line] = probe(['parse', ...BASE, '--source-option', 'debezium.publication.name=users_pub']);
  assert.match(line!, /^error=source option debezium\.publication\.name cannot be set: /);
  assert.doesNotMatch(line!, /users_pub/);
});

test('--password-env: the password is read from the JVM\'s environment; a missing variable is named, never a value', () => {
  const env = { ...process.env, [PASSWORD_VARIABLE]: 's3cret-pw' };
  assert.deepEqual(probe(['parse', ...BASE, '--password-env', PASSWORD_VARIABLE], env), ['password=9']);
  const withoutIt = { ...process.env };
  delete withoutIt[PASSWORD_VARIABLE];
  assert.match(probe(['parse', ...BASE, '--password-env', PASSWORD_VARIABLE], withoutIt)[0]!, new RegExp(`^error=--password-env names ${PASSWORD_VARIABLE}, which is not set`));
  const both = probe(['parse', ...BASE, '--password-env', PASSWORD_VARIABLE, '--password', 'other-pw'], env)[0]!;
  assert.equal(both, 'error=give --password or --password-env, not both');
  assert.deepEqual(probe(['parse', ...BASE, '--password', 'arg-pw']), ['password=6']);
  assert.deepEqual(probe(['parse', ...BASE]), ['password=0']);
});
