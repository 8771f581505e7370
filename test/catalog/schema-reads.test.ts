import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, measureSchemaReads, schemaReadSeconds } from '../../src/catalog/schema-reads.js';
import { existingDatabase } from '../support/existing-database.js';

// 120 tables of a few columns in two schemas, as a catalog of many small tables.
const db = existingDatabase(`
CREATE SCHEMA a; CREATE SCHEMA b;
DO $$ BEGIN
  FOR i IN 1..60 LOOP
    EXECUTE format('CREATE TABLE a.t%s (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz)', i);
    EXECUTE format('CREATE TABLE b.u%s (k1 int, k2 int, note text, PRIMARY KEY (k1, k2))', i);
  END LOOP;
END $$;
`);

test('the schema reads are timed for tens to every captured table, and grow with the tables captured', async () => {
  const { rows } = await db.admin.query<{ schema: string; name: string }>(`SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('a', 'b') ORDER BY 1, 2`);
  assert.equal(rows.length, 120);
  const cost = await measureSchemaReads(db.admin, rows);
  assert.equal(cost.capturedTables, 120);
  assert.deepEqual(cost.points.map((p) => p.tables), [10, 30, 100, 120]);
  // A pass over 120 tables sends 241 catalog queries, over 10 tables 21: it cannot take less time.
  assert.ok(cost.points.at(-1)!.seconds > cost.points[0]!.seconds, JSON.stringify(cost.points));
  assert.ok(cost.perTableSeconds > 0);
  assert.ok(schemaReadSeconds(cost, 300) > schemaReadSeconds(cost, 120));
  // Read-only, and nothing left open.
  const open = await db.admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
  assert.equal(open.rowCount, 0);
});

test('a few captured tables are measured once, at their own count', async () => {
  const cost = await measureSchemaReads(db.admin, [{ schema: 'a', name: 't1' }, { schema: 'a', name: 't2' }]);
  assert.deepEqual(cost.points.map((p) => p.tables), [2]);
});

test('the line through the passes: T(n) = g + q·n, never negative', () => {
  const line = fitLine([{ tables: 10, seconds: 0.05 }, { tables: 30, seconds: 0.11 }, { tables: 100, seconds: 0.32 }, { tables: 300, seconds: 0.92 }]);
  assert.ok(Math.abs(line.perTableSeconds - 0.0030) < 0.0002, `${line.perTableSeconds}`);
  assert.ok(line.fixedSeconds >= 0 && line.fixedSeconds < 0.03);
  assert.deepEqual(fitLine([{ tables: 10, seconds: 0.2 }, { tables: 100, seconds: 0.1 }]).perTableSeconds, 0);
});
