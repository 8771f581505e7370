import type pg from 'pg';
import type { SourceTable } from '../engines/source-table.js';
import type { StarRocksColumns } from '../model/run-result.js';
import { readTableColumns } from '../targets/starrocks/read-columns.js';
import { PIPELINE_VERSIONS, VERSIONS_WITHOUT_PIPELINE } from '../targets/starrocks/pipeline-versions.js';
import { starRocksTarget, typeSummary } from '../targets/starrocks/target-report.js';

/**
 * A run's "StarRocks columns": the rules of `preflight --target starrocks` over the run's tables for
 * the connector versions it measured (a version without rules adds no pipeline route). Read-only.
 */
export async function runStarRocksColumns(client: pg.Client, tables: readonly SourceTable[], connectorVersions: readonly string[]): Promise<StarRocksColumns> {
  const columns = await readTableColumns(client, tables);
  const known = new Set<string>([...PIPELINE_VERSIONS, ...VERSIONS_WITHOUT_PIPELINE]);
  return typeSummary(starRocksTarget(columns, connectorVersions.filter((v) => known.has(v))));
}
