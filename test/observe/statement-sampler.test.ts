import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownStatements, queriesBetween, scopeTables, type StatementRow, type StatementScope, type StatementSnapshot } from '../../src/observe/statement-sampler.js';

// Recorded pg_stat_statements rows (PostgreSQL 18, the connector as role 16384 in database 5).
const CONNECTOR = 16384;
const OTHER_ROLE = 16390;
const DB = 5;
const tables = scopeTables([
  { schema: 'public', name: 'orders', key: [{ name: 'id', type: 'bigint' }] },
  { schema: 'public', name: 'events', key: [{ name: 'id', type: 'uuid' }] },
]);
const scope: StatementScope = { userid: CONNECTOR, dbid: DB, tables };

const row = (queryid: string, query: string, calls: number, totalMillis: number, o: Partial<StatementRow> = {}): StatementRow => ({ userid: CONNECTOR, dbid: DB, queryid, toplevel: true, query, calls, totalMillis, rows: calls, statsSince: '2026-12-06 09:00:00+00', ...o });

const CHUNK = 'SELECT * FROM "public"."orders" WHERE "id" >= $1 AND NOT ("id" = $2) AND "id" <= $3';
const MINMAX = 'SELECT MIN("id"), MAX("id") FROM "public"."events"';
const NEXT = 'SELECT MAX(("id")::text) FROM (SELECT "id" FROM "public"."events" WHERE "id" >= ($1)::uuid ORDER BY "id" ASC LIMIT $2) AS T';

const snap = (rows: StatementRow[], o: Partial<StatementSnapshot> = {}): StatementSnapshot => ({ rows: ownStatements(rows, scope), statsReset: '2026-12-06 08:00:00+00', dealloc: 3, ...o });

test("another client's look-alike queries are not the run's: other role, other table, other shape", () => {
  const lookAlikes = [
    // Another role running the connector's very text on a captured table.
    row('11', CHUNK, 40, 4000, { userid: OTHER_ROLE }),
    row('12', MINMAX, 5, 500, { userid: OTHER_ROLE }),
    // The same role in another database.
    row('13', CHUNK, 40, 4000, { dbid: 6 }),
    // The same role, tables of the same schema the job does not capture (one a prefix of a captured one's name).
    row('14', 'SELECT * FROM "public"."orders_archive" WHERE "id" >= $1', 40, 4000),
    row('15', 'SELECT MIN(created), MAX(created) FROM "public"."orders_archive"', 5, 500),
    row('16', 'SELECT * FROM "public".orders', 9, 900),
    // The SELECT nested in the harness's own COPY of a key range (pg_stat_statements.track = all).
    row('18', 'SELECT * FROM "public"."orders" WHERE ("id") > ($1::bigint)', 4, 400, { toplevel: false }),
    // A MIN on a captured table but not by the column the connector splits it by.
    row('17', 'SELECT MIN("created_at") FROM "public"."orders"', 3, 300),
  ];
  const before = snap([row('1', CHUNK, 10, 100), row('2', MINMAX, 1, 5), ...lookAlikes]);
  const after = snap([row('1', CHUNK, 30, 400), row('2', MINMAX, 2, 9), row('3', NEXT, 7, 70), ...lookAlikes.map((r) => ({ ...r, calls: r.calls * 2, totalMillis: r.totalMillis * 3 }))]);
  assert.deepEqual(before.rows.map((r) => r.queryid), ['1', '2']);
  const d = queriesBetween(before, after, tables);
  assert.ok('queries' in d, JSON.stringify(d));
  assert.deepEqual(d.queries.chunkReads, { calls: 20, totalMillis: 300, rows: 20 });
  assert.deepEqual(d.queries.splitQueries, { calls: 8, totalMillis: 74, rows: 8 });
  assert.deepEqual([...d.queries.splitByTable], [['public.events', { calls: 8, totalMillis: 74, rows: 8 }]]);
});

test('a partitioned table counts its leaf partitions, named as the connector writes them', () => {
  const parts = scopeTables([{ schema: 'app', name: 'we"ird', key: [{ name: 'k', type: 'text' }], partitions: ['we"ird_p1', 'we"ird_p2'] }]);
  const s: StatementScope = { userid: CONNECTOR, dbid: DB, tables: parts };
  const rows = [row('1', 'SELECT * FROM "app"."we""ird_p1" WHERE "k" >= $1', 3, 30), row('2', 'SELECT MIN("k"), MAX("k") FROM "app"."we""ird_p2"', 1, 2), row('3', 'SELECT * FROM "app"."we""ird"', 1, 1)];
  const d = queriesBetween({ rows: [] }, { rows: ownStatements(rows, s) }, parts);
  assert.ok('queries' in d);
  assert.equal(d.queries.chunkReads.calls, 3);
  assert.deepEqual([...d.queries.splitByTable.keys()], ['app.we"ird_p2']);
});

test('an entry evicted between the snapshots makes the delta unknown, said; never a negative', () => {
  const before = snap([row('1', CHUNK, 10, 100), row('2', MINMAX, 1, 5)]);
  // PostgreSQL 13 has no pg_stat_statements_info: only the missing entry tells.
  const d = queriesBetween({ rows: before.rows }, { rows: ownStatements([row('1', CHUNK, 30, 400)], scope) }, tables);
  assert.ok('unknown' in d, JSON.stringify(d));
  assert.match(d.unknown, /SELECT MIN\(\\"id\\"\), MAX\(\\"id\\"\) FROM .*evicted or reset/);
  // With pg_stat_statements_info, dealloc grown is enough: the job's entry may have been evicted and re-created.
  const grown = queriesBetween(before, snap([row('1', CHUNK, 30, 400), row('2', MINMAX, 2, 9)], { dealloc: 5 }), tables);
  assert.ok('unknown' in grown);
  assert.match(grown.unknown, /evicted 2 entries during the job/);
});

test('an entry evicted and re-created with fewer counts: unknown, not a negative delta', () => {
  const before = { rows: ownStatements([row('1', CHUNK, 10, 100)], scope) };
  const d = queriesBetween(before, { rows: ownStatements([row('1', CHUNK, 4, 40)], scope) }, tables);
  assert.ok('unknown' in d);
  assert.match(d.unknown, /reset during the job/);
  // PostgreSQL 17+: more calls than before, but the entry began counting anew.
  const again = queriesBetween(before, { rows: ownStatements([row('1', CHUNK, 12, 120, { statsSince: '2026-12-06 13:00:00+00' })], scope) }, tables);
  assert.ok('unknown' in again);
});

test('a statistics reset makes the delta unknown, said', () => {
  const before = snap([row('1', CHUNK, 10, 100)]);
  const d = queriesBetween(before, snap([row('1', CHUNK, 3, 30)], { statsReset: '2026-12-06 13:05:00+00', dealloc: 0 }), tables);
  assert.ok('unknown' in d);
  assert.match(d.unknown, /reset during the job \(stats_reset 2026-12-06 08:00:00\+00 → 2026-12-06 13:05:00\+00\)/);
  // Everything reset and nothing of ours run since: still unknown, not zero.
  assert.ok('unknown' in queriesBetween(before, snap([], { statsReset: '2026-12-06 13:05:00+00', dealloc: 0 }), tables));
});

test('statistics that could not be read are unknown with their reason', () => {
  const d = queriesBetween({ unavailable: 'pg_stat_statements is not installed in database app' }, { unavailable: 'pg_stat_statements is not installed in database app' }, tables);
  assert.deepEqual(d, { unknown: 'pg_stat_statements is not installed in database app' });
});

test('new entries count whole, and no delta is ever negative', () => {
  const d = queriesBetween(snap([]), snap([row('1', CHUNK, 11, 550), row('3', NEXT, 7, 70)]), tables);
  assert.ok('queries' in d);
  assert.deepEqual(d.queries.chunkReads, { calls: 11, totalMillis: 550, rows: 11 });
  for (const t of [d.queries.chunkReads, d.queries.splitQueries, ...d.queries.splitByTable.values()]) assert.ok(t.calls >= 0 && t.totalMillis >= 0 && t.rows >= 0);
});
