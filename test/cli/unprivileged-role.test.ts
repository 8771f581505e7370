import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { catalogSchema } from '../../src/catalog/catalog.js';
import { qualifiedName } from '../../src/sql/identifiers.js';
import type { PreflightReport } from '../../src/catalog/preflight/finding.js';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * profile and preflight promise to only read: they must work for the least a production DBA will
 * hand out (CONNECT, USAGE, SELECT), and say in one line when even that is missing.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-cli-unprivileged-'));
const cli = cliRunner(path.join(dir, 'state'));

const READER = { user: 'ro_reader', password: 'ro-reader-pw' };
const OUTSIDER = { user: 'ro_outsider', password: 'ro-outsider-pw' };
const NOLOGIN = { user: 'ro_nologin', password: 'ro-nologin-pw' };
const ROLES = [READER, OUTSIDER, NOLOGIN];
/** The reader's database, and one nobody but the superuser may connect to. */
const APP_DB = 'ro_app';
const LOCKED_DB = 'ro_locked';

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let admin: Client;
let app: Client;

const endpoint = (database: string, as?: { user: string; password: string }): PgEndpoint => ({ ...pg.server.pg, database, ...(as ?? {}) });
const urlOf = (database: string, as: { user: string; password: string }) => `postgres://${as.user}:${encodeURIComponent(as.password)}@127.0.0.1:${pg.server.pg.port}/${database}`;
/** Each command as a user would run it against `url`; profile also needs somewhere to write. */
const both = (url: string) => [
  ['profile', cli('profile', '--pg-url', url, '--sample-seconds', '1', '--out', path.join(dir, 'never.json'))],
  ['preflight', cli('preflight', '--pg-url', url, '--sample-seconds', '1')],
] as const;

// Every shape profile and preflight read column by column: partitions, an enum, a domain, a
// composite, arrays, a table without a key. Rows so that the statistics have something in them.
const SCHEMA = `
CREATE SCHEMA shop;
CREATE TYPE shop.mood AS ENUM ('glad', 'grim');
CREATE DOMAIN shop.email AS text CHECK (VALUE LIKE '%@%');
CREATE TYPE shop.address AS (street text, zip integer);
CREATE TABLE shop.customers (id bigint PRIMARY KEY, mail shop.email, mood shop.mood, home shop.address, tags text[], moods shop.mood[]);
INSERT INTO shop.customers SELECT g, 'u' || g || '@x.y', 'glad', ROW('street ' || g, g)::shop.address, ARRAY['a', 'b'], ARRAY['grim']::shop.mood[] FROM generate_series(1, 500) g;
CREATE TABLE shop.sales (id bigint, sold date, amount numeric(10,2), PRIMARY KEY (id, sold)) PARTITION BY RANGE (sold);
CREATE TABLE shop.sales_2025 PARTITION OF shop.sales FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE shop.sales_2026 PARTITION OF shop.sales FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO shop.sales SELECT g, DATE '2025-01-01' + g % 700, g FROM generate_series(1, 1400) g;
CREATE TABLE shop.audit_log (at timestamp, msg text);
INSERT INTO shop.audit_log SELECT now(), 'm' || g FROM generate_series(1, 300) g;
ANALYZE;`;

// Grants only reading: no TEMP or CREATE on the database (PUBLIC has them by default), no CREATE
// on any schema, no REPLICATION. GRANT ... ON ALL TABLES covers the partitions as well.
const GRANTS = `
REVOKE ALL ON DATABASE ${APP_DB} FROM PUBLIC;
GRANT CONNECT ON DATABASE ${APP_DB} TO ${READER.user};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA shop TO ${READER.user};
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO ${READER.user};`;

before(async () => {
  pg = await startTestPostgres();
  admin = await connectPg(pg.server.pg);
  await admin.query(`CREATE ROLE ${READER.user} LOGIN NOSUPERUSER NOREPLICATION NOCREATEDB NOCREATEROLE PASSWORD '${READER.password}'`);
  await admin.query(`CREATE ROLE ${OUTSIDER.user} LOGIN PASSWORD '${OUTSIDER.password}'`);
  await admin.query(`CREATE ROLE ${NOLOGIN.user} NOLOGIN PASSWORD '${NOLOGIN.password}'`);
  await admin.query(`CREATE DATABASE ${APP_DB}`);
  await admin.query(`CREATE DATABASE ${LOCKED_DB}`);
  await admin.query(`REVOKE CONNECT ON DATABASE ${LOCKED_DB} FROM PUBLIC`);
  app = await connectPg(endpoint(APP_DB));
  await app.query(SCHEMA);
  await app.query(GRANTS);
});

after(async () => {
  try {
    await app?.end();
    if (admin) {
      for (const db of [APP_DB, LOCKED_DB]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      for (const r of ROLES) await admin.query(`DROP ROLE IF EXISTS ${r.user}`);
      await admin.end();
    }
  } finally {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What a run could leave behind in the reader's database or the cluster. */
async function objectCounts(): Promise<Record<string, number>> {
  const { rows } = await app.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM pg_class)::int AS relations, (SELECT count(*) FROM pg_type)::int AS types,
            (SELECT count(*) FROM pg_namespace)::int AS schemas, (SELECT count(*) FROM pg_replication_slots)::int AS slots,
            (SELECT count(*) FROM pg_publication)::int AS publications`,
  );
  return rows[0]!;
}

test('the reader role really cannot write: every kind of write is refused', async () => {
  const reader = await connectPg(endpoint(APP_DB, READER));
  try {
    const refused = async (sql: string) => assert.rejects(reader.query(sql), { code: '42501' }, sql);
    await refused('CREATE TEMP TABLE scratch (i int)');
    await refused('CREATE TABLE shop.scratch (i int)');
    await refused('CREATE TABLE public.scratch (i int)');
    await refused('CREATE SCHEMA scratch');
    await refused('INSERT INTO shop.audit_log (msg) VALUES (\'x\')');
    await refused('UPDATE shop.customers SET mood = \'grim\'');
    await refused('DELETE FROM shop.audit_log');
    await refused('CREATE PUBLICATION scratch FOR TABLE shop.customers');
    await refused("SELECT pg_create_logical_replication_slot('scratch', 'pgoutput')");
  } finally {
    await reader.end();
  }
});

test('profile and preflight succeed as a role that may only read', async () => {
  const before = await objectCounts();
  const out = path.join(dir, 'catalog.json');
  const url = urlOf(APP_DB, READER);

  const profile = cli('profile', '--pg-url', url, '--sample-seconds', '1', '--out', out);
  assert.equal(profile.status, 0, profile.stderr);
  // A figure skipped for want of a privilege is a warning line on stderr (probe()): only progress may be there.
  for (const line of profile.stderr.trim().split('\n')) assert.match(line, /^(profiling \d+ tables in schema shop|sampling write activity for 1 s)…$/);
  const catalog = catalogSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  assert.deepEqual(catalog.schemas, ['shop']);
  assert.deepEqual(catalog.tables.map(qualifiedName).sort(), ['audit_log', 'customers', 'sales', 'sales_2025', 'sales_2026'].map((t) => `shop.${t}`));
  const customers = catalog.tables.find((t) => t.name === 'customers')!;
  assert.equal(customers.rows, 500, 'statistics readable by the reader');
  assert.deepEqual(
    Object.fromEntries(customers.columns.map((c) => [c.name, c.category])),
    { id: 'base', mail: 'domain', mood: 'enum', home: 'composite', tags: 'array', moods: 'array' },
  );
  assert.equal(catalog.tables.find((t) => t.name === 'audit_log')!.primaryKey, null);
  assert.deepEqual(catalog.tables.find((t) => t.name === 'sales')!.partitions, ['shop.sales_2025', 'shop.sales_2026']);

  const preflight = cli('preflight', '--pg-url', url, '--sample-seconds', '1', '--json');
  // The role may not replicate, which is an error: exit 1 after the whole report, not a crash.
  assertOneLine(preflight, 1, /^cdc-sizer: preflight: 1 error: role ro_reader may not replicate$/);
  const report = JSON.parse(preflight.stdout) as PreflightReport;
  assert.equal(report.server.user, READER.user);
  assert.equal(report.scope.tables, 3, 'the partitions are checked through their parent');
  const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.id);
  assert.deepEqual(errors, ['replication-privilege']);
  const found = report.findings.map((f) => f.id);
  assert.ok(!found.includes('select-privilege'), 'the reader can read every table');
  assert.ok(report.passed.includes('select-privilege'), String(report.passed));
  // Each check read what it needed: its finding is there, not a gap.
  for (const id of ['no-primary-key', 'partitioned-tables', 'type-enum', 'type-domain', 'type-composite', 'type-array', 'publication-privilege', 'replication-capacity', 'slot-wal-keep-size']) {
    assert.ok(found.includes(id), `${id} in ${found.join(' ')}`);
  }
  assert.ok(found.includes('idle-database') || found.includes('write-activity'), 'the activity samples ran');
  assert.deepEqual(report.findings.find((f) => f.id === 'no-primary-key')!.tables, ['shop.audit_log']);

  assert.deepEqual(await objectCounts(), before, 'profile and preflight created nothing');
});

test('a role without CONNECT on the database: one line naming the grant, exit 3', () => {
  const url = urlOf(LOCKED_DB, OUTSIDER);
  for (const [command, r] of both(url)) {
    assert.equal(r.stdout, '', `${command} printed no report`);
    assertOneLine(r, 3, /user "ro_outsider" may not connect to database "ro_locked".*GRANT CONNECT ON DATABASE "ro_locked" TO "ro_outsider"/);
    assert.doesNotMatch(r.stderr + r.stdout, /ro-outsider-pw/);
  }
});

test('a wrong password: one line naming the user, exit 3, the password never printed', () => {
  const url = urlOf(APP_DB, { user: READER.user, password: 'not-the-password' });
  for (const [command, r] of both(url)) {
    assert.equal(r.stdout, '', `${command} printed no report`);
    assertOneLine(r, 3, /rejected the password for user "ro_reader"; check the password in --pg-url/);
    assert.doesNotMatch(r.stderr + r.stdout, /not-the-password/);
  }
});

test('a role that may not log in: one line naming ALTER ROLE … LOGIN, exit 3', () => {
  const url = urlOf(APP_DB, NOLOGIN);
  for (const [command, r] of both(url)) {
    assert.equal(r.stdout, '', `${command} printed no report`);
    assertOneLine(r, 3, /role "ro_nologin" may not log in.*ALTER ROLE "ro_nologin" LOGIN/);
  }
});
