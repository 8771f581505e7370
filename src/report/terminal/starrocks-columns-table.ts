import Table from 'cli-table3';
import { groupByType, type StarRocksTarget } from '../../targets/starrocks/target-report.js';
import type { ColumnVerdict } from '../../targets/starrocks/column-verdict.js';
import { tableStyle } from './format.js';

const MARK = { kept: 'kept', changed: 'CHANGED', fails: 'FAILS' } as const;

/** One row per source type (and key role): the StarRocks type and the value's fate on each route, worst first. */
export function starRocksColumnsTable(target: StarRocksTarget, opts: { examples?: number } = {}): string {
  const examples = opts.examples ?? 2;
  const table = new Table({ style: tableStyle(), head: ['source type', 'columns', ...target.routes], wordWrap: true, wrapOnWordBoundary: false, colWidths: [22, 28, ...target.routes.map(() => 34)] });
  for (const g of groupByType(target)) {
    const names = g.columns.slice(0, examples).map((c) => `${c.table}.${c.column}`);
    const more = g.columns.length > examples ? ` +${g.columns.length - examples}` : '';
    table.push([`${g.declared}${g.key ? ' (key)' : ''}`, `${g.columns.length}: ${names.join(', ')}${more}`, ...target.routes.map((r) => cell(g.verdicts.find((v) => v.route === r)))]);
  }
  const noKey = target.tablesWithoutKey.length > 0 ? `\nwithout a primary key (StarRocks primary-key tables cannot be created for them): ${target.tablesWithoutKey.join(', ')}` : '';
  const routes = `routes: pipeline X = the Flink CDC X YAML pipeline (PostgreSQL source → StarRocks sink); connector = the DataStream source into the StarRocks Flink connector, tables as cdc-sizer run --sink starrocks creates them`;
  return `StarRocks columns\n${table.toString()}${noKey}\n${routes}`;
}

function cell(v: ColumnVerdict | undefined): string {
  if (!v) return '';
  const type = v.starRocksType ?? '—';
  return `${MARK[v.verdict]} ${type}${v.note ? `\n${v.note}` : ''}`;
}
