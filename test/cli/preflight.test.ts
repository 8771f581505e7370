import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PreflightReport } from '../../src/catalog/preflight/finding.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';

const cli = cliRunner();

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let url: string;
/** A server the connector cannot read: wal_level=replica. */
let replica: Awaited<ReturnType<typeof startTestPostgres>>;
before(async () => {
  replica = await startTestPostgres({ wal_level: 'replica' });
  pg = await startTestPostgres();
  const c = await connectPg(pg.server.pg);
  await c.query('CREATE TABLE ledger (entry text, amount money); CREATE TABLE accounts (id bigint PRIMARY KEY, name text)').finally(() => c.end());
  url = pg.server.pg.url;
});
after(async () => {
  await pg?.stop();
  await replica?.stop();
});

test('wal_level=replica: an error row and exit 1 with one line', () => {
  const r = cli('preflight', '--pg-url', replica.server.pg.url, '--sample-seconds', '0.2');
  assertOneLine(r, 1, /^cdc-sizer: preflight: 1 error(, \d+ warnings?)?: wal_level is replica, not logical/);
  assert.match(r.stdout, /ERROR\s+│ wal_level is replica/);
  assert.match(r.stdout, /ALTER SYSTEM SET wal_level = logical/);
});

test('--json: the stable shape, warnings only exit 0, the password never printed', () => {
  const r = cli('preflight', '--pg-url', url, '--json', '--sample-seconds', '0.2');
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as PreflightReport;
  assert.equal(report.kind, 'preflight');
  assert.equal(report.schemaVersion, 1);
  assert.deepEqual(Object.keys(report.server).sort(), ['database', 'inRecovery', 'superuser', 'user', 'version', 'versionNum']);
  assert.equal(report.server.database, 'cdcsizer');
  assert.ok(report.findings.length > 0);
  for (const f of report.findings) {
    assert.deepEqual(Object.keys(f).filter((k) => !['id', 'severity', 'title', 'evidence', 'fix', 'tables'].includes(k)), [], f.id);
    assert.ok(['error', 'warning', 'info'].includes(f.severity) && f.title && f.evidence && f.fix, f.id);
  }
  assert.deepEqual(report.findings.find((f) => f.id === 'no-primary-key')?.tables, ['public.ledger']);
  assert.match(report.findings.find((f) => f.id === 'type-money')!.evidence, /public\.ledger\.amount money/);
  assert.ok(report.findings.some((f) => f.id === 'idle-database' || f.id === 'write-activity'), 'the activity check ran');
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(pg.server.pg.password!));
});

test('--fail-on warning makes warnings exit 1; the table names the tables', () => {
  const r = cli('preflight', '--pg-url', url, '--schemas', 'public', '--fail-on', 'warning', '--sample-seconds', '0.2');
  assertOneLine(r, 1, /^cdc-sizer: preflight: \d+ warnings?: /);
  assert.match(r.stdout, /^preflight of postgres:\/\/postgres:\*\*\*\*\*@127\.0\.0\.1:\d+\/cdcsizer: PostgreSQL /);
  assert.match(r.stdout, /public\.ledger/);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(pg.server.pg.password!));
});

test('bad usage exits 2, an unreachable server 3', () => {
  assertOneLine(cli('preflight', '--pg-url', url, '--fail-on', 'info'), 2, /--fail-on must be error or warning/);
  assert.equal(cli('preflight').status, 2);
  assertOneLine(cli('preflight', '--pg-url', 'postgres://postgres@127.0.0.1:9/x'), 3, /cannot reach PostgreSQL at 127\.0\.0\.1:9/);
});

test('--schemas takes a double-quoted name holding a comma; one that cannot be read exits 2', async () => {
  const c = await connectPg(pg.server.pg);
  await c.query('CREATE SCHEMA "Sales,EU"; CREATE TABLE "Sales,EU".keyless (v text)');
  try {
    const r = cli('preflight', '--pg-url', url, '--schemas', '"Sales,EU"', '--json', '--sample-seconds', '0.2');
    // Its table is checked: the comma is also why Flink CDC cannot capture it (an error, exit 1).
    assertOneLine(r, 1, /^cdc-sizer: preflight: 1 error: 1 table Flink CDC cannot capture by name$/);
    const report = JSON.parse(r.stdout) as PreflightReport;
    assert.deepEqual(report.scope, { schemas: ['Sales,EU'], tables: 1 });
    assert.deepEqual(report.findings.find((f) => f.id === 'table-name')?.tables, ['Sales,EU.keyless']);
    assert.equal(report.findings.find((f) => f.id === 'scope'), undefined, 'no schema reported missing');
    assert.deepEqual(report.findings.find((f) => f.id === 'no-primary-key')?.tables, ['Sales,EU.keyless']);
  } finally {
    await c.query('DROP SCHEMA "Sales,EU" CASCADE').finally(() => c.end());
  }
  assertOneLine(cli('preflight', '--pg-url', url, '--schemas', '"Sales,EU'), 2, /--schemas.*unterminated quote/);
});
