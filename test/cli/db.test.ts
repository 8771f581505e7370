import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const state = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-db-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli.js', ...args], { encoding: 'utf8', env: { ...process.env, CDC_SIZER_STATE_DIR: state } });

after(() => {
  cli('db', 'stop');
  rmSync(state, { recursive: true, force: true });
});

test('db start keeps the embedded server running for later commands until db stop', () => {
  assert.match(cli('db', 'status').stdout, /^not running/);
  const started = cli('db', 'start');
  assert.equal(started.status, 0, started.stderr);
  assert.match(started.stdout, /^started: postgres:\/\/postgres:\*\*\*\*\*@127\.0\.0\.1:\d+\/cdcsizer/);
  assert.match(cli('db', 'status').stdout, /^running: /);

  const gen = cli('generate', 'scenarios/smoke.yaml', '--scale', '0.2');
  assert.equal(gen.status, 0, gen.stderr);
  assert.match(gen.stderr, /already running \(db start\)/);
  assert.match(cli('db', 'status').stdout, /^running: /, 'generate left the db start server running');

  assert.match(cli('db', 'stop').stdout, /^stopped/);
  assert.match(cli('db', 'status').stdout, /^not running/);
  assert.match(cli('db', 'stop').stdout, /^not running/);
});

test('without db start, generate starts the server and stops it when done', () => {
  const gen = cli('generate', 'scenarios/smoke.yaml', '--scale', '0.2');
  assert.equal(gen.status, 0, gen.stderr);
  assert.match(gen.stderr, /embedded PostgreSQL started/);
  assert.match(cli('db', 'status').stdout, /^not running/);
});

test('an unknown db action is a usage error', () => {
  const r = cli('db', 'restart');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown db action "restart"; use start, stop, status or destroy/);
});
