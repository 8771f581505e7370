import { columnVerdicts, CONNECTOR_ROUTE, type ColumnVerdict } from './column-verdict.js';
import { isPipelineVersion, PIPELINE_VERSIONS, VERSIONS_WITHOUT_PIPELINE, type RuleSource } from './pipeline-versions.js';
import type { SourceColumn } from './source-column.js';

export interface TargetColumn {
  table: string;
  column: string;
  declared: string;
  key: boolean;
  verdicts: ColumnVerdict[];
}

/** What StarRocks will do to each source column, per route; in preflight's JSON as `starrocks`. */
export interface StarRocksTarget {
  /** The pipeline routes (`pipeline 3.5.0`…) and `connector`, in the order the columns' verdicts give them. */
  routes: string[];
  /** Connector versions asked for that have no PostgreSQL pipeline source: only the connector route applies. */
  withoutPipeline: string[];
  columns: TargetColumn[];
  /** Tables without a primary key: every StarRocks route here creates primary-key tables only. */
  tablesWithoutKey: string[];
}

/** Why these versions have no rules, or undefined when every one has. */
export function versionsWithoutRules(versions: readonly string[]): string | undefined {
  const unknown = versions.filter((v) => !isPipelineVersion(v) && !(VERSIONS_WITHOUT_PIPELINE as readonly string[]).includes(v));
  if (unknown.length === 0) return undefined;
  return `no StarRocks type rules for Flink CDC ${unknown.join(', ')}: rules exist for ${[...VERSIONS_WITHOUT_PIPELINE, ...PIPELINE_VERSIONS].join(', ')} (the pipeline from PostgreSQL from 3.5.0 on)`;
}

export function starRocksTarget(columns: SourceColumn[], versions: readonly string[]): StarRocksTarget {
  const unknown = versionsWithoutRules(versions);
  if (unknown) throw new Error(unknown);
  const routes = [...versions.filter(isPipelineVersion).map((v) => `pipeline ${v}`), CONNECTOR_ROUTE];
  const keyed = new Set(columns.filter((c) => c.key).map((c) => c.table));
  return {
    routes,
    withoutPipeline: versions.filter((v) => !isPipelineVersion(v)),
    columns: columns.map((c) => ({ table: c.table, column: c.name, declared: c.declared, key: c.key, verdicts: columnVerdicts(c, versions) })),
    tablesWithoutKey: [...new Set(columns.map((c) => c.table))].filter((t) => !keyed.has(t)),
  };
}

/** Columns of one declared type (and key role) share every verdict: the terminal shows one row per group. */
export interface TypeGroup {
  declared: string;
  key: boolean;
  columns: TargetColumn[];
  verdicts: ColumnVerdict[];
}

export function groupByType(target: StarRocksTarget): TypeGroup[] {
  const groups = new Map<string, TypeGroup>();
  for (const c of target.columns) {
    const id = `${c.declared}\u0000${c.key}`;
    const g = groups.get(id) ?? { declared: c.declared, key: c.key, columns: [], verdicts: c.verdicts };
    g.columns.push(c);
    groups.set(id, g);
  }
  const rank = (g: TypeGroup) => Math.max(...g.verdicts.map((v) => ({ fails: 2, changed: 1, kept: 0 })[v.verdict]));
  return [...groups.values()].sort((a, b) => rank(b) - rank(a) || a.declared.localeCompare(b.declared));
}

/** The compact form a run's result.json keeps: one entry per type, the rule files once. */
export function typeSummary(target: StarRocksTarget, examples = 3): { routes: string[]; types: Array<{ declared: string; key: boolean; columns: number; examples: string[]; verdicts: Array<Pick<ColumnVerdict, 'route' | 'starRocksType' | 'verdict' | 'note'>> }>; tablesWithoutKey: string[]; rules: RuleSource[] } {
  const rules = new Map<string, RuleSource>();
  for (const c of target.columns) for (const v of c.verdicts) for (const r of v.sources) rules.set(`${r.file}@${r.tag}@${r.checkedAgainst ?? ''}`, r);
  return {
    routes: target.routes,
    types: groupByType(target).map((g) => ({
      declared: g.declared,
      key: g.key,
      columns: g.columns.length,
      examples: g.columns.slice(0, examples).map((c) => `${c.table}.${c.column}`),
      verdicts: g.verdicts.map(({ route, starRocksType, verdict, note }) => ({ route, verdict, ...(starRocksType ? { starRocksType } : {}), ...(note ? { note } : {}) })),
    })),
    tablesWithoutKey: target.tablesWithoutKey,
    rules: [...rules.values()],
  };
}
