import type { TextTable } from '../run-summary/text-table.js';

/**
 * Markdown escaping for text that comes from users (scenario, table and option names, failures).
 * Backslash escapes keep a `|` from splitting a table cell and `<…>` from becoming HTML in a CI
 * summary; an underscore inside a word stays as it is (GFM does not emphasise `app_001`).
 */
export function mdEscape(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]<>|&~]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** A GitHub-flavoured Markdown table; every cell is escaped. */
export function mdTable(t: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map((c) => mdEscape(c) || ' ').join(' | ')} |`;
  const rule = `|${t.numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(t.columns), rule, ...t.rows.map(line)].join('\n');
}
