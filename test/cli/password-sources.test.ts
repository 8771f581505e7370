import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { LocalFlink } from '../../src/infra/flink/local-flink.js';
import { ensureFlinkArtifacts } from '../../src/infra/flink/maven-build.js';
import { assertOneLine, type CliResult } from '../support/cli.js';
import { existingDatabase } from '../support/existing-database.js';

/**
 * A --pg-url without a password, the password given only by PGPASSWORD or by a password file
 * (PGPASSFILE): every command works, the Flink job's connection included, and the password shows up
 * nowhere: not in the output, result.json or the reports, not in the local Flink cluster's log, and
 * not on the command line of any process on this machine while the run goes on.
 */

const SECRET = `pw-${randomBytes(9).toString('base64url')}`;
const USER = 'pw_owner';
const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-password-'));
const stateDir = path.join(dir, 'state');
after(() => rmSync(dir, { recursive: true, force: true }));

const db = existingDatabase(`CREATE ROLE ${USER} LOGIN REPLICATION PASSWORD '${SECRET}';
CREATE SCHEMA app AUTHORIZATION ${USER};
CREATE TABLE app.items (id bigint PRIMARY KEY, label text NOT NULL, price numeric(10,2));
INSERT INTO app.items SELECT g, 'item ' || g, g / 10.0 FROM generate_series(1, 1500) g;
ALTER TABLE app.items OWNER TO ${USER};
GRANT CREATE ON DATABASE cdcsizer TO ${USER};
ANALYZE`);

const url = (database = 'cdcsizer') => `postgres://${USER}@127.0.0.1:${db.pg.port}/${database}`;
const noPasswordFile = () => path.join(dir, 'no-such-pgpass');
/** This process's environment without any password of its own, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDC_SIZER_STATE_DIR: stateDir, PGPASSFILE: noPasswordFile(), JAVA_TOOL_OPTIONS: `-Dlog.file=${flinkLogFile}`, ...extra };
  if (!('PGPASSWORD' in extra)) delete env.PGPASSWORD;
  return env;
}

interface Watched {
  r: CliResult;
  /** Processes whose command line held the password. */
  leakedArgv: string[];
  processesSeen: number;
  /** The local Flink cluster's log, at its longest while the run went on and at the end. */
  flinkLog: string;
}

/**
 * The local cluster logs where the JVM's log.file property says when it is set (LocalCluster.java):
 * here, so that the log outlives the cluster's own work folder.
 */
const flinkLogFile = path.join(dir, 'flink.log');

/** Runs the CLI, sampling every process's command line while it runs. */
async function runWatching(args: string[], env: NodeJS.ProcessEnv): Promise<Watched> {
  const child = spawn(process.execPath, ['dist/src/cli.js', ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let running = true;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running = false;
    resolve(code);
  }));
  const leakedArgv = new Set<string>();
  const seen = new Set<number>();
  let longestLog = '';
  while (running) {
    for (const name of await readdir('/proc').catch(() => [])) {
      if (!/^\d+$/.test(name)) continue;
      const argv = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
      if (!argv) continue;
      seen.add(Number(name));
      if (argv.includes(SECRET)) leakedArgv.add(`${name}: ${argv.replace(/\0/g, ' ').slice(0, 200)}`);
    }
    // The cluster's JVM truncates its log when it starts and again as it shuts down: read it as it grows.
    const log = await readFile(flinkLogFile, 'utf8').catch(() => '');
    if (log.length > longestLog.length) longestLog = log;
    await new Promise((r) => setTimeout(r, 100));
  }
  const status = await exited;
  return { r: { status, stdout, stderr } as CliResult, leakedArgv: [...leakedArgv], processesSeen: seen.size, flinkLog: `${longestLog}\n${readFileSync(flinkLogFile, { encoding: 'utf8', flag: 'a+' })}` };
}

/** result.json, report.md and report.html of a run, read from the folder it printed (then removed). */
function reportFiles(stdout: string): string {
  const folder = /result: (.+)\/result\.json/.exec(stdout)?.[1];
  assert.ok(folder, `the run names its result folder:\n${stdout}`);
  try {
    const files = readdirSync(folder);
    for (const f of ['result.json', 'report.md', 'report.html']) assert.ok(files.includes(f), `${f} written`);
    return files.map((f) => readFileSync(path.join(folder, f), 'utf8')).join('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function assertRunKeepsTheSecret(env: NodeJS.ProcessEnv): Promise<void> {
  rmSync(flinkLogFile, { force: true });
  const w = await runWatching(['run', '--pg-url', url(), '--tables', 'app.items', '--parallelism', '1', '--chunk-size', '500', '--fidelity-rows', '5'], env);
  assert.equal(w.r.status, 0, w.r.stderr);
  assert.match(w.r.stdout, /result: /);
  for (const [what, text] of [['stdout', w.r.stdout], ['stderr', w.r.stderr], ['result.json and the reports', reportFiles(w.r.stdout)]] as const) assert.ok(!text.includes(SECRET), `the password is in ${what}`);
  assert.deepEqual(w.leakedArgv, [], 'no process had the password on its command line');
  assert.ok(w.processesSeen > 3, 'processes were sampled');
  assert.match(w.flinkLog, /cdc-sizer source 0: tables \[app\.items\]/, 'the local cluster logged the job');
  assert.ok(!w.flinkLog.includes(SECRET), 'the password is in the local Flink cluster\'s log');
}

test('run with the password only in PGPASSWORD: the job connects; the password is in no output, file, log or command line', async () => {
  await assertRunKeepsTheSecret(envWith({ PGPASSWORD: SECRET }));
});

test('run with the password only in a password file (PGPASSFILE, 0600): the same', async () => {
  const file = path.join(dir, 'pgpass');
  writeFileSync(file, `# cdc-sizer test\n127.0.0.1:${db.pg.port}:other:${USER}:not-this-one\n127.0.0.1:${db.pg.port}:*:${USER}:${SECRET.replace(/[:\\]/g, '\\$&')}\n`, { mode: 0o600 });
  await assertRunKeepsTheSecret(envWith({ PGPASSFILE: file }));
});

test('run on a Flink cluster of the user\'s (--flink-url): the password can only travel in the job\'s arguments; the job connects, and we print it nowhere', async () => {
  const flink = await new LocalFlink(await ensureFlinkArtifacts()).withSlots(1).start();
  try {
    const w = await runWatching(['run', '--pg-url', url(), '--flink-url', flink.restUrl, '--tables', 'app.items', '--parallelism', '1', '--chunk-size', '500', '--fidelity-rows', '0'], envWith({ PGPASSWORD: SECRET }));
    assert.equal(w.r.status, 0, w.r.stderr);
    assert.match(w.r.stderr, /note: the job gets the PostgreSQL password as a program argument .* set logger org\.apache\.flink\.cdc\.connectors\.postgres\.source\.fetch\.PostgresSourceFetchTaskContext to WARN/);
    for (const text of [w.r.stdout, w.r.stderr, reportFiles(w.r.stdout)]) assert.ok(!text.includes(SECRET));
    assert.deepEqual(w.leakedArgv, [], 'no process had the password on its command line');
  } finally {
    await flink.release();
  }
});

test('profile, preflight and generate work with a password-less --pg-url and PGPASSWORD, and print no password', async () => {
  const env = envWith({ PGPASSWORD: SECRET });
  const run = async (...args: string[]) => (await runWatching(args, env)).r;
  const profile = await run('profile', '--pg-url', url(), '--schemas', 'app', '--sample-seconds', '1', '--out', path.join(dir, 'catalog.json'));
  assert.equal(profile.status, 0, profile.stderr);
  assert.ok(!readFileSync(path.join(dir, 'catalog.json'), 'utf8').includes(SECRET));
  const preflight = await run('preflight', '--pg-url', url(), '--schemas', 'app', '--sample-seconds', '1');
  assert.ok(preflight.status === 0 || preflight.status === 1, preflight.stderr);
  assert.doesNotMatch(preflight.stderr, /password|cannot connect/);
  const scenario = path.join(dir, 'tiny.yaml');
  writeFileSync(scenario, 'name: tiny\nseed: 1\ntables:\n  - { name: t, rows: 200, columns: [{ type: integer }, { type: text }] }\n');
  // generate writes into a database that holds nothing else.
  await db.admin.query(`CREATE DATABASE gen OWNER ${USER}`);
  const generate = await run('generate', scenario, '--pg-url', url('gen'));
  assert.equal(generate.status, 0, generate.stderr);
  for (const r of [profile, preflight, generate]) assert.ok(!`${r.stdout}${r.stderr}`.includes(SECRET));
});

test('a wrong or a missing password is one line naming where it came from or where it can be given, exit 3', async () => {
  const wrong = (await runWatching(['profile', '--pg-url', url(), '--out', path.join(dir, 'x.json')], envWith({ PGPASSWORD: 'not-the-password' }))).r;
  assertOneLine(wrong, 3, new RegExp(`rejected the password for user "${USER}"; check PGPASSWORD$`));
  const none = (await runWatching(['preflight', '--pg-url', url()], envWith({}))).r;
  assertOneLine(none, 3, new RegExp(`asks for a password for user "${USER}" and none was given; give it in --pg-url, PGPASSWORD or .*no-such-pgpass \\(PGPASSFILE\\)$`));
  const open = path.join(dir, 'open-pgpass');
  writeFileSync(open, `*:*:*:*:${SECRET}\n`, { mode: 0o644 });
  const ignored = (await runWatching(['preflight', '--pg-url', url()], envWith({ PGPASSFILE: open }))).r;
  assertOneLine(ignored, 3, /none was given; give it in --pg-url, PGPASSWORD or .*open-pgpass \(PGPASSFILE\): .*open-pgpass has group or world access and was not read \(chmod 0600 .*open-pgpass\)$/);
  for (const r of [wrong, none, ignored]) assert.ok(!r.stderr.includes(SECRET));
});
