import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import type { StarRocksColumns } from '../model/run-result.js';
import { qualified, qualifiedName } from '../sql/identifiers.js';
import { readSourceColumns } from '../targets/starrocks/read-columns.js';
import { PIPELINE_VERSIONS, VERSIONS_WITHOUT_PIPELINE } from '../targets/starrocks/pipeline-versions.js';
import { starRocksTarget, typeSummary } from '../targets/starrocks/target-report.js';

/**
 * A run's "StarRocks columns": the rules of `preflight --target starrocks` over the run's tables for
 * the connector versions it measured (a version without rules adds no pipeline route). Read-only.
 */
export async function runStarRocksColumns(client: pg.Client, tables: readonly SourceTable[], connectorVersions: readonly string[]): Promise<StarRocksColumns> {
  const { rows } = await client.query<{ oid: number }>('SELECT to_regclass(t)::oid::int AS oid FROM unnest($1::text[]) AS t', [tables.map((t) => qualified(t.schema, t.name))]);
  const columns = await readSourceColumns(client, rows.map((r) => r.oid), (schema, name) => qualifiedName({ schema, name }));
  const known = new Set<string>([...PIPELINE_VERSIONS, ...VERSIONS_WITHOUT_PIPELINE]);
  return typeSummary(starRocksTarget(columns, connectorVersions.filter((v) => known.has(v))));
}
