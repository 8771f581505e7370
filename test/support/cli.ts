import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

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
