import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { probeSchemaReads } from '../../src/engines/flink-cdc/schema-read-probe.js';
import { ensureFlinkArtifacts, type FlinkArtifacts } from '../../src/infra/flink/maven-build.js';
import { InfraError } from '../../src/infra/infra-error.js';
import { schemaReadSeconds } from '../../src/model/schema-reads.js';
import { existingDatabase } from '../support/existing-database.js';

// 40 tables in two schemas, one of them named as only quotes allow.
const db = existingDatabase(`
CREATE SCHEMA a; CREATE SCHEMA "B.x";
DO $$ BEGIN
  FOR i IN 1..20 LOOP
    EXECUTE format('CREATE TABLE a.t%s (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz)', i);
  END LOOP;
  FOR i IN 1..19 LOOP
    EXECUTE format('CREATE TABLE "B.x".u%s (k1 int, k2 int, note text, PRIMARY KEY (k1, k2))', i);
  END LOOP;
END $$;
CREATE TABLE "B.x"."Odd, Name" (id int PRIMARY KEY);
`);

let artifacts: FlinkArtifacts;
before(async () => {
  artifacts = await ensureFlinkArtifacts();
});

const captured = async () => (await db.admin.query<{ schema: string; name: string }>(`SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('a', 'B.x') ORDER BY 1, 2`)).rows;

test("the connector's own schema reads are timed at tens of tables and at every captured one, read-only", async () => {
  const tables = await captured();
  assert.equal(tables.length, 40);
  const lines: string[] = [];
  const cost = await probeSchemaReads(db.pg, tables, artifacts, (l) => lines.push(l));
  assert.equal(cost.capturedTables, 40);
  assert.deepEqual(cost.points.map((p) => p.tables), [10, 30, 40]);
  for (const p of cost.points) assert.ok(p.seconds > 0 && p.seconds < 30, JSON.stringify(p));
  assert.equal(schemaReadSeconds(cost, 40), cost.points.at(-1)!.seconds, 'at the captured count, the point measured there');
  assert.match(lines.join('\n'), /the connector's schema reads \(its own code, read-only\): .* a table with 40 captured/);
  // Nothing created on the user's database: no slot, no publication.
  const made = await db.admin.query(`SELECT (SELECT count(*) FROM pg_replication_slots) + (SELECT count(*) FROM pg_publication) AS n`);
  assert.equal(Number(made.rows[0].n), 0);
});

test('a probe that cannot connect fails with one line that says what failed', async () => {
  const tables = (await captured()).slice(0, 3);
  await assert.rejects(probeSchemaReads({ ...db.pg, password: 'wrong' }, tables, artifacts, () => undefined), (e: unknown) => e instanceof InfraError && /schema-read probe failed \(exit [1-9]\d*\): .*(password|authentication)/i.test(e.message));
});
