import type { StarRocksColumns } from '../../model/run-result.js';
import { table, type TextTable } from './text-table.js';

const MARK = { kept: 'kept', changed: 'changed', fails: 'FAILS' } as const;

/** Source type × route: the StarRocks column and the value's fate, worst first (report.md and report.html). */
export function starRocksTable(s: StarRocksColumns): TextTable {
  return table(
    [['PostgreSQL type', false], ['columns', true], ...s.routes.map((r): [string, boolean] => [r, false])],
    s.types.map((t) => [
      `${t.declared}${t.key ? ' (key)' : ''}`,
      String(t.columns),
      ...s.routes.map((r) => {
        const v = t.verdicts.find((x) => x.route === r);
        return v ? `${MARK[v.verdict]}: ${v.starRocksType ?? '—'}${v.note ? ` (${v.note})` : ''}` : '';
      }),
    ]),
  );
}

export function starRocksLegend(s: StarRocksColumns): string {
  const noKey = s.tablesWithoutKey.length > 0 ? ` Without a primary key, so no StarRocks primary-key table: ${s.tablesWithoutKey.join(', ')}.` : '';
  return `What StarRocks will create for each source column, from the rules of preflight --target starrocks (no StarRocks server was used): "pipeline X" is the Flink CDC X YAML pipeline (PostgreSQL source → StarRocks sink), "connector" the DataStream source into the StarRocks Flink connector with the tables cdc-sizer run --sink starrocks creates. Rules from ${[...new Set(s.rules.map((r) => `${r.file.split('/').pop()} at ${r.tag}`))].join(', ')}.${noKey}`;
}
