import type pg from 'pg';
import { ident, qualified } from '../../sql/identifiers.js';
import type { SourceTable } from '../source-table.js';

const CHUNK_KEY_COLUMN = 'scan.incremental.snapshot.chunk.key-column';

/**
 * The job's sources and their publications, grouped as the job groups them (PostgresSnapshotSource):
 * by the chunk key a table needs, in the order tables are given; the first group's publication is
 * the run's stem, group i > 0 appends `_k<i>`. Each lists the tables the job captures (partitions
 * of a partitioned table, not the parent).
 */
export function publicationGroups(tables: SourceTable[], sourceOptions: Record<string, string>, stem: string): { publication: string; tables: { schema: string; name: string }[] }[] {
  const shared = sourceOptions[CHUNK_KEY_COLUMN] ?? '';
  const groups = new Map<string, { schema: string; name: string }[]>();
  for (const t of tables) {
    const key = t.key.length === 1 && t.keyIsChunkColumn ? t.key[0]!.name : shared;
    for (const name of t.partitions ?? [t.name]) groups.set(key, [...(groups.get(key) ?? []), { schema: t.schema, name }]);
  }
  return [...groups.values()].map((captured, i) => ({ publication: i === 0 ? stem : `${stem}_k${i}`, tables: captured }));
}

/**
 * Creates the run's publications before a sync's job starts, so that the connector uses them as
 * they are. Left to create its own (`publication.autocreate.mode=filtered`), Flink CDC 3.5.0's
 * backfill tasks set the shared publication to the one table each backfills, and pgoutput then
 * drops every change to the other tables until it is widened again: changes lost, seen here
 * (docs/benchmarks.md, "The whole sync"). Dropped with the run's slots (by its stem).
 */
export async function createRunPublications(client: pg.Client, groups: ReturnType<typeof publicationGroups>): Promise<void> {
  for (const g of groups) await client.query(`CREATE PUBLICATION ${ident(g.publication)} FOR TABLE ${g.tables.map((t) => qualified(t.schema, t.name)).join(', ')}`);
}
