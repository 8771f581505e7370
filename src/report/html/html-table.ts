import type { TextTable } from '../run-summary/text-table.js';
import { escapeHtml } from './escape.js';

/** A report table as HTML; every cell is escaped, numeric columns are right-aligned. */
export function htmlTable(t: TextTable, className = ''): string {
  const cls = (i: number) => (t.numeric[i] ? ' class="num"' : '');
  const head = t.columns.every((c) => c === '') ? '' : `<thead><tr>${t.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`);
  return [`<table${className ? ` class="${className}"` : ''}>`, head, '<tbody>', ...rows, '</tbody>', '</table>'].filter((l) => l !== '').join('\n');
}
