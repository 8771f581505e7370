import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-cli-'));
const cli = cliRunner(path.join(dir, 'state'));
after(() => rmSync(dir, { recursive: true, force: true }));

function scenarioFile(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
before(async () => {
  pg = await startTestPostgres();
});
after(async () => {
  await pg?.stop();
});

test('validate: a good scenario exits 0', () => {
  const r = cli('validate', 'scenarios/smoke.yaml');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid — scenario "smoke"/);
});

test('bad scenarios: one clear line, exit 2', () => {
  assertOneLine(cli('validate', scenarioFile('a.yaml', 'name: x\nseed: 1\ntables: [\n')), 2, /a\.yaml:\d+:\d+: invalid YAML/);
  assertOneLine(cli('validate', scenarioFile('b.yaml', 'name: x\nseed: 1\ntables:\n  - { name: t, rows: 1, columns: [{ type: nope }] }\n')), 2, /tables\[0\]\.columns\[0\]\.type: nope: unknown type "nope"/);
  assertOneLine(cli('validate', scenarioFile('c.yaml', 'name: x\nseed: 1\ntables:\n  - name: t\n    rows: -1\n')), 2, /c\.yaml:5: tables\[0\]\.rows/);
  assertOneLine(cli('validate', scenarioFile('d.yaml', 'name: x\nseed: 1\ntables:\n  - { name: t, rows: 1, key: { shape: composite, leading: [{ name: j, type: json }] } }\n')), 2, /json cannot be part of a primary key/);
  assertOneLine(cli('validate', path.join(dir, 'missing.yaml')), 2, /missing\.yaml: file not found/);
  assertOneLine(cli('generate', 'scenarios/smoke.yaml', '--scale', '-1'), 2, /--scale.*positive number/);
});

test('unreachable server and wrong password: one line naming the server, exit 3', () => {
  assertOneLine(cli('generate', 'scenarios/smoke.yaml', '--pg-url', 'postgres://postgres@127.0.0.1:9/x'), 3, /cannot reach PostgreSQL at 127\.0\.0\.1:9: connection refused/);
  const e = pg.server.pg;
  const wrong = `postgres://${e.user}:not-the-password@${e.host}:${e.port}/${e.database}`;
  const r = cli('generate', 'scenarios/smoke.yaml', '--pg-url', wrong);
  assertOneLine(r, 3, new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${e.port} rejected the password for user "postgres"`));
  assert.doesNotMatch(r.stderr + r.stdout, /not-the-password/);
});

test('a --pg-url that is not a PostgreSQL URL: one line, exit 2, the password not echoed', () => {
  for (const command of [['run'], ['profile'], ['preflight'], ['generate', 'scenarios/smoke.yaml']]) {
    const r = cli(...command, '--pg-url', 'postgres://u:s3cret@host:notaport/db');
    assertOneLine(r, 2, /--pg-url is not a URL: write it as postgres:\/\/user:password@host:port\/database/);
    assert.doesNotMatch(r.stderr + r.stdout, /s3cret/);
  }
  assertOneLine(cli('run', '--pg-url', 'mysql://u:s3cret@host/db'), 2, /--pg-url starts with mysql:\/\/, not postgres:\/\//);
});

test('--checksum needs no database and is stable', () => {
  const a = cli('generate', 'scenarios/smoke.yaml', '--checksum', '--concurrency', '1');
  const b = cli('generate', 'scenarios/smoke.yaml', '--checksum', '--concurrency', '3');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout.split(' ')[0], b.stdout.split(' ')[0]);
});

test('generate into a server given by --pg-url prints the summary table', () => {
  const r = cli('generate', scenarioFile('g.yaml', 'name: g\nseed: 1\ntables:\n  - { name: "g_{i}", count: 3, rows: 200, columns: [{ type: jsonb }] }\n'), '--pg-url', pg.server.pg.url, '--allow-existing');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /│ 3\s+│ 600\s+│/);
  assert.doesNotMatch(r.stderr + r.stdout, new RegExp(pg.server.pg.password!));
});
