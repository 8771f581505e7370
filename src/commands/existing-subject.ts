import { createHash } from 'node:crypto';
import type pg from 'pg';
import { qualified } from '../datagen/ddl.js';
import type { SourceTable } from '../engines/source-table.js';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { RunSource, SourceTableFacts } from '../model/run-result.js';
import { changedTables, readWriteCounters } from '../verify/source-expectations.js';
import { judgeTables, type Expected } from '../verify/table-verdicts.js';
import { applyVerdicts, type GridSubject } from './grid-subject.js';

export type ExistingSource = Extract<RunSource, { kind: 'existing' }>;

/**
 * A statistics counter reaches the views when its backend next reports: up to about 10 s after
 * the write for an idle session. Before a count mismatch is called a loss, the counters get that
 * long to show a write.
 */
const STATS_FLUSH_MS = 11_000;

/**
 * An existing database's selected tables, measured as they are. Expected counts and fingerprints
 * come from one snapshot read before the first point; writes since then (the tables' write
 * counters moved) make a table unverifiable for the rest of the run rather than failed.
 */
export function existingSubject(pg: PgEndpoint, source: ExistingSource, tables: SourceTable[], counters: Map<string, bigint>, log: (line: string) => void): GridSubject {
  const expected = new Map<string, Expected>(source.tables.map((t) => [t.table, { rows: t.rows, ...(t.keyFingerprint ? { keyFingerprint: t.keyFingerprint } : {}) }]));
  const changed = new Set<string>();
  const readChanges = async () => {
    const client = await connectPg(pg, { applicationName: 'cdc-sizer verify' });
    const now = await readWriteCounters(client, tables).finally(() => client.end());
    for (const t of changedTables(counters, now)) {
      if (!changed.has(t)) log(`  ${t} was written to since its rows were counted: its count is no longer verified`);
      changed.add(t);
    }
  };
  return {
    name: subjectName(source),
    schemas: [...new Set(tables.map((t) => t.schema))],
    expected,
    async verify(sample, skipped) {
      const wanted = new Map([...expected].filter(([t]) => !skipped.has(t)));
      await readChanges();
      let verdicts = judgeTables(wanted, sample.tables, changed);
      if (verdicts.countMismatches.length + verdicts.fingerprintMismatches.length > 0) {
        await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
        await readChanges();
        verdicts = judgeTables(wanted, sample.tables, changed);
      }
      applyVerdicts(sample, verdicts);
      source.changedTables = [...changed].sort();
    },
    async describe(client, tables) {
      return { source, scenario: { ...(await figures(client, source, tables)), keyShapes: Object.fromEntries(source.tables.map((t) => [t.table, t.keyShape])) } };
    },
  };
}

async function figures(client: pg.Client, source: ExistingSource, tables: SourceTable[]) {
  const { rows } = await client.query<{ b: string }>(
    'SELECT coalesce(sum(pg_table_size(p.relid)), 0)::bigint AS b FROM unnest($1::text[]) AS t(name) CROSS JOIN LATERAL pg_partition_tree(t.name::regclass) p',
    [tables.map((t) => qualified(t.schema, t.name))],
  );
  return {
    name: subjectName(source),
    hash: selectionHash(source.tables),
    scale: 1,
    tables: source.tables.length,
    capturedTables: tables.reduce((a, t) => a + (t.partitions?.length ?? 1), 0),
    rows: source.tables.reduce((a, t) => a + t.rows, 0),
    diskBytes: Number(rows[0]!.b),
  };
}

/** What `compare` matches results on: the same tables with the same keys (not their rows, which change). */
function selectionHash(tables: SourceTableFacts[]): string {
  const shape = tables.map((t) => `${t.table}(${t.keyColumns.join(',')})`).sort().join(';');
  return createHash('sha256').update(shape).digest('hex').slice(0, 12);
}

/** Names the report folder too: lower-case letters, digits, - and _ only. */
const subjectName = (source: ExistingSource): string => `existing-${source.database.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
