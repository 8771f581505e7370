import { createHash } from 'node:crypto';
import type pg from 'pg';
import { qualified } from '../sql/identifiers.js';
import type { SourceTable } from '../engines/source-table.js';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { RunSource, SourceTableFacts } from '../model/run-result.js';
import { changedTables, readWriteCounters } from '../verify/source-expectations.js';
import { judgeTables, type Expected, type Verdicts } from '../verify/table-verdicts.js';
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
 * come from one snapshot read before the first point. A table that fails them while its write
 * counters have moved since was written to during the run: it is reported as changed, not failed.
 * A table that moved but still matches is verified all the same (a write that only reaches the
 * statistics late, after the snapshot that already saw it, moves the counters too).
 */
export function existingSubject(pg: PgEndpoint, source: ExistingSource, tables: SourceTable[], counters: Map<string, bigint>, log: (line: string) => void): GridSubject {
  const expected = new Map<string, Expected>(source.tables.map((t) => [t.table, { rows: t.rows, ...(t.keyFingerprint ? { keyFingerprint: t.keyFingerprint } : {}) }]));
  const changed = new Set<string>();
  const moved = async () => {
    const client = await connectPg(pg, { applicationName: 'cdc-sizer verify' });
    return new Set(changedTables(counters, await readWriteCounters(client, tables).finally(() => client.end())));
  };
  return {
    name: subjectName(source),
    schemas: [...new Set(tables.map((t) => t.schema))],
    expected,
    async verify(sample, skipped) {
      const wanted = new Map([...expected].filter(([t]) => !skipped.has(t)));
      const failing = failingTables(judgeTables(wanted, sample.tables));
      let written = failing.length > 0 ? await moved() : new Set<string>();
      if (failing.some((t) => !written.has(t))) {
        await new Promise((r) => setTimeout(r, STATS_FLUSH_MS));
        written = await moved();
      }
      const excused = new Set(failing.filter((t) => written.has(t)));
      for (const t of excused) if (!changed.has(t)) log(`  ${t} was written to during the run: what was read of it is not verified`);
      excused.forEach((t) => changed.add(t));
      applyVerdicts(sample, judgeTables(wanted, sample.tables, excused));
      source.changedTables = [...changed].sort();
    },
    async describe(client, tables) {
      return { source, scenario: { ...(await figures(client, source, tables)), keyShapes: Object.fromEntries(source.tables.map((t) => [t.table, t.keyShape])) } };
    },
  };
}

const failingTables = (v: Verdicts): string[] => [...v.countMismatches, ...v.fingerprintMismatches].map((m) => m.table);

async function figures(client: pg.Client, source: ExistingSource, tables: SourceTable[]) {
  const { rows } = await client.query<{ b: string }>(
    'SELECT coalesce(sum(pg_table_size(p.relid)), 0)::bigint AS b FROM unnest($1::text[]) AS t(name) CROSS JOIN LATERAL (SELECT t.name::regclass AS relid UNION SELECT relid FROM pg_partition_tree(t.name::regclass)) p',
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
