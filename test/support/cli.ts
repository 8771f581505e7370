import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { connectPg } from '../../src/infra/pg-connect.js';
import { findLeftovers } from '../../src/verify/leftovers.js';

export type CliResult = SpawnSyncReturns<string>;

/**
 * Runs the built CLI (dist/src/cli.js) and returns its exit status and output. With `stateDir`
 * the run keeps its state there (CDC_SIZER_STATE_DIR) rather than in the user's default folder;
 * without it the child gets this process's environment untouched.
 */
export function cliRunner(stateDir?: string): (...args: string[]) => CliResult {
  return (...args) => spawnSync(process.execPath, ['dist/src/cli.js', ...args], { encoding: 'utf8', ...(stateDir === undefined ? {} : { env: { ...process.env, CDC_SIZER_STATE_DIR: stateDir } }) });
}

/** One line on stderr, no stack trace, the expected exit code. */
export function assertOneLine(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.status, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

/**
 * A temporary state folder whose embedded PostgreSQL runs for the whole test file (`db start`
 * before, `db stop` and removal after), the CLI bound to it, and the harness's slots and
 * publications on that server: what CLI tests of `run` check is left behind.
 */
export function embeddedCliState(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // as root the server runs as the postgres user, which must reach the state folder
  const env = { ...process.env, CDC_SIZER_STATE_DIR: path.join(dir, 'state') };
  const cli = (...args: string[]): CliResult => spawnSync(process.execPath, ['dist/src/cli.js', ...args], { encoding: 'utf8', env, cwd: process.cwd() });
  before(() => assert.equal(cli('db', 'start').status, 0));
  after(() => {
    cli('db', 'stop');
    rmSync(dir, { recursive: true, force: true });
  });
  const leftovers = async () => {
    const meta = JSON.parse(readFileSync(path.join(dir, 'state', 'embedded-postgres.json'), 'utf8')) as { port: number; password: string };
    const c = await connectPg({ host: '127.0.0.1', port: meta.port, user: 'postgres', password: meta.password, database: 'cdcsizer', url: '', display: '' });
    return findLeftovers(c).finally(() => c.end());
  };
  return { dir, env, cli, leftovers };
}

/**
 * PIDs of local Flink clusters started from this checkout (their working folder is ours): on a
 * machine shared with other checkouts, their clusters are not this test's leftovers.
 */
export function localClustersOfThisCheckout(): number[] {
  const pids = spawnSync('pgrep', ['-f', 'dev.cdcsizer.cluster.LocalCluster'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return pids.filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === process.cwd();
    } catch {
      return false; // ended between pgrep and the look: not running
    }
  });
}

/** Starts the CLI in the background and resolves once its stderr shows `marker` (e.g. "[1/1] flink-cdc"), for tests that interrupt it mid-run. */
export async function spawnCliUntil(args: string[], env: NodeJS.ProcessEnv, marker: string): Promise<{ child: ChildProcess; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, ['dist/src/cli.js', ...args], { env });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(marker)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the CLI ended (exit ${code}) before "${marker}":\n${stderr}`)));
  });
  return { child, exited, stderr: () => stderr };
}
