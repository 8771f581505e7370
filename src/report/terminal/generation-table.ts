import Table from 'cli-table3';
import type { LoadResult } from '../../model/load-result.js';
import { fmtBytes, fmtInt, fmtSeconds, tableStyle } from './format.js';

/** The closing summary of `generate`: totals, then the largest tables. */
export function generationTable(result: LoadResult, opts: { largest?: number; verbose?: boolean } = {}): string {
  const totals = new Table({ style: tableStyle(), head: ['tables', 'rows', 'COPY bytes', 'on disk', 'load s', 'keys s', 'rows/s', 'MB/s'] });
  totals.push([
    fmtInt(result.tables.length),
    fmtInt(result.rows),
    fmtBytes(result.bytes),
    fmtBytes(result.diskBytes),
    fmtSeconds(result.loadSeconds),
    fmtSeconds(result.keySeconds),
    fmtInt(result.rows / Math.max(result.loadSeconds, 1e-9)),
    (result.bytes / 1e6 / Math.max(result.loadSeconds, 1e-9)).toFixed(1),
  ]);
  const n = opts.verbose ? result.tables.length : (opts.largest ?? 5);
  const top = [...result.tables].sort((a, b) => b.rows - a.rows).slice(0, n);
  const perTable = new Table({ style: tableStyle(), head: ['table', 'rows', 'COPY bytes', 'on disk', 'seconds', ...(opts.verbose ? ['distinct values per column'] : [])] });
  for (const t of top) {
    const distinct = Object.entries(t.distinct).map(([c, d]) => `${c}=${d}`).join(' ');
    perTable.push([t.name, fmtInt(t.rows), fmtBytes(t.bytes), fmtBytes(t.diskBytes), fmtSeconds(t.seconds), ...(opts.verbose ? [distinct] : [])]);
  }
  const title = opts.verbose ? 'all tables' : `largest ${top.length} of ${result.tables.length} tables`;
  return `${totals.toString()}\n${title}:\n${perTable.toString()}`;
}
