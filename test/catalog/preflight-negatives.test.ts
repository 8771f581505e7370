import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import { DEFAULT_CHUNK_SIZE, type CheckContext } from '../../src/catalog/preflight/check.js';
import type { Finding, PreflightReport } from '../../src/catalog/preflight/finding.js';
import { runPreflight } from '../../src/catalog/preflight/preflight.js';
import { tablesInScope } from '../../src/catalog/preflight/scope.js';
import { walChecks } from '../../src/catalog/preflight/wal-checks.js';
import { readServerFacts, type ServerFacts } from '../../src/catalog/server-facts.js';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { startTestPostgres } from '../support/embedded.js';

/**
 * Each preflight finding both ways: a database that triggers it and one that does not. The
 * positives test/catalog/preflight.test.ts already shows are not repeated here; a check that
 * passes a clean database by finding nothing at all would also pass a broken one, so the tidy
 * database holds the near neighbours of every awkward type and key (numeric(38,4) beside
 * numeric(50,2), timestamp beside timestamptz, dense bigint keys above the chunk size).
 */

let pg: Awaited<ReturnType<typeof startTestPostgres>>;
let admin: Client;
const db = (database: string, as?: { user: string; password: string }): PgEndpoint => ({ ...pg.server.pg, database, ...(as ?? {}) });
const REPLICATOR = { user: 'pf_replicator', password: 'pf-replicator-pw' };

async function withClient<T>(endpoint: PgEndpoint, body: (c: Client) => Promise<T>): Promise<T> {
  const c = await connectPg(endpoint);
  return body(c).finally(() => c.end());
}

// Keys dense and above the default chunk size (8,096 rows), so that the key-spread check judges them.
const TIDY = `
CREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(40) NOT NULL, balance numeric(38,4), opened timestamp, birthday date,
  alarm time, active boolean, doc jsonb, avatar bytea, ref uuid, score double precision, code char(3), note text);
INSERT INTO accounts SELECT g, 'a' || g, g, now(), current_date, '08:00', true, '{}', '\\x00', gen_random_uuid(), g, 'abc', 'n' FROM generate_series(1, 20000) g;
CREATE TABLE payments (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount numeric(12,2), paid timestamp);
INSERT INTO payments SELECT g, g % 20000 + 1, g, now() FROM generate_series(1, 30000) g;
ANALYZE;`;

// What preflight.test.ts's messy database does not trigger. fresh is never analyzed: its key was
// built on an empty table and autovacuum is off for it, so reltuples stays unknown.
const TRIGGERS = `
CREATE EXTENSION hstore;
CREATE TYPE pair AS (a int, b int);
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE skus (code text PRIMARY KEY, price numeric(10,2));
INSERT INTO skus SELECT 'SKU-' || g, g FROM generate_series(1, 200) g;
CREATE TABLE lines (order_id bigint, line int, PRIMARY KEY (order_id, line));
INSERT INTO lines SELECT g / 4, g % 4 FROM generate_series(1, 2000) g;
CREATE TABLE kinds (id bigint PRIMARY KEY, p pair, qty positive, attrs hstore, at_tz timestamptz, t_tz timetz, flag bit(1), mask varbit,
  span int4range, spans int4multirange, doc xml, search tsvector);
CREATE TABLE fresh (id bigint PRIMARY KEY, v int) WITH (autovacuum_enabled = false);
INSERT INTO fresh SELECT g, g FROM generate_series(1, 100) g;
ANALYZE skus, lines, kinds;`;

/** ALTER SYSTEM, reload, and wait until `client`'s session sees it (the reload reaches backends asynchronously). */
async function setSystem(client: Client, name: string, value: string | null, shown: string): Promise<void> {
  await admin.query(value === null ? `ALTER SYSTEM RESET ${name}` : `ALTER SYSTEM SET ${name} = '${value}'`);
  await admin.query('SELECT pg_reload_conf()');
  for (let i = 0; i < 100; i++) {
    if ((await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name] === shown) return;
    await sleep(50);
  }
  assert.fail(`${name} did not become ${shown} after pg_reload_conf()`);
}

before(async () => {
  pg = await startTestPostgres();
  admin = await connectPg(pg.server.pg);
  // Statistics exactly those of the ANALYZE here: no autoanalyze of fresh, no drift under the writer.
  await admin.query('ALTER SYSTEM SET autovacuum = off');
  await admin.query('SELECT pg_reload_conf()');
  for (const name of ['pf_tidy', 'pf_triggers']) await admin.query(`CREATE DATABASE ${name}`);
  await withClient(db('pf_tidy'), (c) => c.query(TIDY));
  await withClient(db('pf_triggers'), (c) => c.query(TRIGGERS));
});

after(async () => {
  try {
    if (admin) {
      await admin.query('ALTER SYSTEM RESET ALL');
      await admin.query('SELECT pg_reload_conf()');
      for (const name of ['pf_tidy', 'pf_triggers']) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${REPLICATOR.user}`);
      await admin.end();
    }
  } finally {
    await pg?.stop();
  }
});

const byId = (r: PreflightReport, id: string): Finding | undefined => r.findings.find((f) => f.id === id);
const ids = (r: PreflightReport) => r.findings.map((f) => f.id).sort();
const shown = (r: PreflightReport) => r.findings.map((f) => `${f.severity}:${f.id}`).join(' ');

/** Every catalog check's name (see CATALOG_CHECKS in preflight.ts). */
const ALL_CHECKS = ['wal-level', 'replication-capacity', 'inactive-slots', 'slot-wal-keep-size', 'replication-privilege', 'select-privilege', 'publication-privilege', 'primary-keys', 'table-names', 'table-name-overlap', 'key-shapes', 'partitions', 'types'];

test('a tidy database with a capped max_slot_wal_keep_size, written to: only information, every check but two passes', async () => {
  await withClient(db('pf_tidy'), async (c) => {
    await setSystem(c, 'max_slot_wal_keep_size', '1GB', '1GB');
    const writer = await connectPg(db('pf_tidy'));
    let writing = true;
    const loop = (async () => {
      for (let i = 1; writing; i++) await writer.query('INSERT INTO payments VALUES ($1, 1, 1, now())', [1_000_000 + i]);
    })();
    try {
      await sleep(1200); // the writer's counters reach pg_stat_database about once a second
      const r = await runPreflight(c, { sampleSeconds: 1.5 });
      // scope, wal-level, replication-slots, wal-senders, inactive-slots, both privilege errors,
      // publication-privilege (a superuser), no-primary-key, uuid-key, text-key, sparse-key,
      // composite-key, no-statistics, partitioned-tables, every type-* and idle-database: absent.
      assert.deepEqual(ids(r), ['replication-capacity', 'slot-wal-keep-size', 'write-activity'], shown(r));
      assert.ok(r.findings.every((f) => f.severity === 'info'), shown(r));
      assert.equal(byId(r, 'slot-wal-keep-size')!.title, 'max_slot_wal_keep_size = 1GB');
      assert.deepEqual([...r.passed].sort(), ALL_CHECKS.filter((n) => n !== 'replication-capacity' && n !== 'slot-wal-keep-size').sort());
      assert.equal(r.scope.tables, 2);
    } finally {
      writing = false;
      await loop;
      await writer.end();
      await setSystem(c, 'max_slot_wal_keep_size', null, '-1');
    }
    // Tables that all exist: no scope finding.
    const scoped = await runPreflight(c, { schemas: ['public'], tables: [{ schema: 'public', name: 'accounts' }, { schema: 'public', name: 'payments' }], sampleSeconds: 0 });
    assert.equal(byId(scoped, 'scope'), undefined, shown(scoped));
    assert.equal(scoped.scope.tables, 2);
  });
});

test('text key, selective composite key, never-analyzed table, the remaining type families, unlimited slot WAL, an idle database', async () => {
  const r = await withClient(db('pf_triggers'), (c) => runPreflight(c, { sampleSeconds: 0.5 }));
  const text = byId(r, 'text-key')!;
  assert.equal(text.severity, 'warning');
  assert.deepEqual(text.tables, ['public.skus']);
  // Four lines per order: the leading column is selective, so information rather than a warning.
  const composite = byId(r, 'composite-key')!;
  assert.equal(composite.severity, 'info');
  assert.deepEqual(composite.tables, ['public.lines']);
  assert.doesNotMatch(composite.title, /chunks larger/);
  assert.match(composite.fix, /^nothing to do/);
  assert.deepEqual(byId(r, 'no-statistics')?.tables, ['public.fresh']);
  for (const id of ['uuid-key', 'sparse-key', 'no-primary-key', 'partitioned-tables', 'type-money', 'type-numeric', 'type-enum', 'type-interval', 'type-array']) {
    assert.equal(byId(r, id), undefined, `${id} in ${shown(r)}`);
  }

  const columns: Record<string, RegExp> = {
    'type-composite': /kinds\.p pair/,
    'type-domain': /kinds\.qty positive/,
    'type-hstore': /kinds\.attrs hstore/,
    'type-timestamptz': /kinds\.at_tz timestamp with time zone/,
    'type-timetz': /kinds\.t_tz time with time zone/,
    'type-bit': /kinds\.flag bit\(1\).*kinds\.mask bit varying/,
    'type-range': /kinds\.span int4range.*kinds\.spans int4multirange/,
    'type-xml': /kinds\.doc xml/,
    'type-tsvector': /kinds\.search tsvector/,
  };
  for (const [id, column] of Object.entries(columns)) {
    const f = byId(r, id);
    assert.ok(f, `${id} in ${shown(r)}`);
    assert.match(f.evidence, column, id);
    assert.deepEqual(f.tables, ['public.kinds'], id);
  }
  assert.equal(byId(r, 'type-xml')!.severity, 'info');
  assert.equal(byId(r, 'type-timestamptz')!.severity, 'info');
  assert.equal(byId(r, 'type-composite')!.severity, 'warning');

  const keep = byId(r, 'slot-wal-keep-size')!;
  assert.equal(keep.severity, 'warning', 'the default -1, restored after the tidy test');
  assert.match(keep.title, /unlimited \(-1\)/);
  assert.equal(byId(r, 'idle-database')?.severity, 'warning', shown(r));
  assert.equal(byId(r, 'write-activity'), undefined);
});

test('wal-level, replication-slots, wal-senders and slot-wal-keep-size from the settings a server could report', async () => {
  await withClient(db('pf_tidy'), async (c) => {
    const facts = await readServerFacts(c);
    const scope = await tablesInScope(c);
    const used = (await c.query<{ slots: number; senders: number }>(
      "SELECT (SELECT count(*) FROM pg_replication_slots)::int AS slots, (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender')::int AS senders",
    )).rows[0]!;
    // The checks read their limits from the facts: a restart-only setting is tested without a restart.
    const run = async (name: string, over: Partial<ServerFacts>) => {
      const ctx: CheckContext = { client: c, facts: { ...facts, ...over }, scope, chunkSize: DEFAULT_CHUNK_SIZE };
      return (await walChecks.find((check) => check.name === name)!.run(ctx)).map((f) => `${f.severity}:${f.id}`);
    };

    assert.deepEqual(await run('wal-level', { walLevel: 'replica' }), ['error:wal-level']);
    assert.deepEqual(await run('wal-level', { walLevel: 'minimal' }), ['error:wal-level']);
    assert.deepEqual(await run('wal-level', { walLevel: 'logical' }), []);

    const plenty = { maxReplicationSlots: used.slots + 10, maxWalSenders: used.senders + 10 };
    assert.deepEqual(await run('replication-capacity', plenty), ['info:replication-capacity']);
    assert.deepEqual(await run('replication-capacity', { ...plenty, maxReplicationSlots: used.slots }), ['error:replication-slots']);
    assert.deepEqual(await run('replication-capacity', { ...plenty, maxReplicationSlots: used.slots + 1 }), ['warning:replication-slots']);
    assert.deepEqual(await run('replication-capacity', { ...plenty, maxWalSenders: used.senders }), ['error:wal-senders']);
    assert.deepEqual(await run('replication-capacity', { ...plenty, maxWalSenders: used.senders + 1 }), ['warning:wal-senders']);
    assert.deepEqual(await run('replication-capacity', { maxReplicationSlots: used.slots, maxWalSenders: used.senders }), ['error:replication-slots', 'error:wal-senders']);

    const keep = (shown: string) => ({ maxSlotWalKeepSize: { shown, setting: shown, unit: 'MB' } });
    assert.deepEqual(await run('slot-wal-keep-size', keep('-1')), ['warning:slot-wal-keep-size']);
    assert.deepEqual(await run('slot-wal-keep-size', keep('10GB')), ['info:slot-wal-keep-size']);
    assert.deepEqual(await run('slot-wal-keep-size', { maxSlotWalKeepSize: undefined, version: '12.20', versionNum: 120020 }), ['warning:slot-wal-keep-size'], 'before 13 there is no cap');
  });
});

test('a role with REPLICATION and SELECT: no privilege error, but the publication warning a superuser does not get', async () => {
  await admin.query(`CREATE ROLE ${REPLICATOR.user} LOGIN REPLICATION PASSWORD '${REPLICATOR.password}'`);
  try {
    await withClient(db('pf_tidy'), (c) => c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${REPLICATOR.user}`));
    const r = await withClient(db('pf_tidy', REPLICATOR), (c) => runPreflight(c, { sampleSeconds: 0 }));
    assert.equal(r.server.superuser, false);
    assert.equal(byId(r, 'replication-privilege'), undefined, shown(r));
    assert.equal(byId(r, 'select-privilege'), undefined, shown(r));
    assert.ok(r.passed.includes('replication-privilege') && r.passed.includes('select-privilege'), String(r.passed));
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), []);
    const publication = byId(r, 'publication-privilege')!;
    assert.equal(publication.severity, 'warning');
    assert.match(publication.evidence, /owns 0 of 2 tables/);
  } finally {
    // The grants depend on the role: they go first, in the database that holds them.
    await withClient(db('pf_tidy'), (c) => c.query(`DROP OWNED BY ${REPLICATOR.user}`));
    await admin.query(`DROP ROLE ${REPLICATOR.user}`);
  }
});
