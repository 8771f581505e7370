import type pg from 'pg';
import { readSourceColumns } from '../../targets/starrocks/read-columns.js';
import { CONNECTOR_ROUTE } from '../../targets/starrocks/column-verdict.js';
import { starRocksTarget, type StarRocksTarget, type TargetColumn } from '../../targets/starrocks/target-report.js';
import { listText, plural } from './evidence-text.js';
import type { Finding, Severity } from './finding.js';
import type { Scope } from './scope.js';

/** `preflight --target starrocks`: every column's StarRocks type per route, and findings for the ones that fail or change. */
export async function starRocksChecks(client: pg.Client, scope: Scope, versions: readonly string[]): Promise<{ target: StarRocksTarget; findings: Finding[] }> {
  const columns = await readSourceColumns(client, scope.tables.map((t) => t.oid));
  const target = starRocksTarget(columns, versions);
  return { target, findings: [...target.routes.flatMap((route) => routeFindings(target, route)), ...pipelineAbsentFindings(target)] };
}

function routeFindings(target: StarRocksTarget, route: string): Finding[] {
  const on = (c: TargetColumn) => c.verdicts.find((v) => v.route === route)!;
  const failing = target.columns.filter((c) => on(c).verdict === 'fails');
  const changed = target.columns.filter((c) => on(c).verdict === 'changed');
  const slug = route.replace(/\s+/g, '-');
  const out: Finding[] = [];
  if (failing.length > 0) {
    // A column another route takes is a choice of route, not a dead end.
    const connectorTakesAll = route !== CONNECTOR_ROUTE && failing.every((c) => c.verdicts.find((v) => v.route === CONNECTOR_ROUTE)!.verdict !== 'fails');
    const severity: Severity = connectorTakesAll ? 'warning' : 'error';
    out.push({
      id: `starrocks-${slug}-fails`,
      severity,
      title: `StarRocks, ${route}: ${plural(failing.length, 'column')} stop the pipeline`,
      evidence: listText(failing.map((c) => `${c.table}.${c.column} ${c.declared}: ${on(c).note}`), 3),
      fix: connectorTakesAll
        ? 'change these columns at the source, or take the StarRocks Flink connector route (cdc-sizer run --sink starrocks shows what it creates)'
        : 'change these columns at the source (ALTER COLUMN … TYPE …) or leave them out of the captured columns',
      tables: [...new Set(failing.map((c) => c.table))],
    });
  }
  if (changed.length > 0) {
    out.push({
      id: `starrocks-${slug}-changes`,
      severity: 'info',
      title: `StarRocks, ${route}: ${plural(changed.length, 'column')} arrive changed`,
      evidence: listText(changed.map((c) => `${c.table}.${c.column} ${c.declared} → ${on(c).starRocksType}: ${on(c).note}`), 3),
      fix: 'check these against what your readers need; cdc-sizer run --sink … compares every value at the sink',
      tables: [...new Set(changed.map((c) => c.table))],
    });
  }
  return out;
}

function pipelineAbsentFindings(target: StarRocksTarget): Finding[] {
  if (target.withoutPipeline.length === 0) return [];
  return [{
    id: 'starrocks-no-pipeline',
    severity: 'info',
    title: `Flink CDC ${target.withoutPipeline.join(', ')} has no PostgreSQL pipeline source`,
    evidence: 'flink-cdc-pipeline-connector-postgres first ships in 3.5.0: a YAML pipeline cannot read PostgreSQL in this version',
    fix: 'use the DataStream or SQL source with the StarRocks Flink connector (the connector route below), or Flink CDC 3.5.0 or later',
  }];
}
